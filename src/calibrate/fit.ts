// Fits the calibration's parameters to measurements: each parameter (./fit-targets.ts) minimises
// the mean |log(predicted / measured)| over the rows that inform it (a median-seeking L1 fit,
// robust to a few odd measurements) by golden-section search (in log space) inside its bounds, in coordinate
// rounds. The parameters the rows inform are refitted from scratch (the search does not start
// from an earlier fitted value); every other value of `base` is kept, so pass `priorsOf(base)` to
// refit with nothing an earlier fit saw. Pure: `predict` is passed in, and the result is a new
// calibration with the fitted values recorded as `fitted` entries.
import { type Calibration, type FamilyCalibration, getParam } from "../hardware/calibration.ts";
import type { FitRow } from "./fit-rows.ts";
import { familiesOf, type Param, paramKey, targetsOf } from "./fit-targets.ts";

export type Predict = (row: FitRow, cal: Calibration) => number | undefined;

export interface FittedParam extends Param {
  value: number;
  prior: number;
  n: number;
  sources: string[];
  lossBefore: number;
  lossAfter: number;
}

export interface FitResult {
  calibration: Calibration;
  params: FittedParam[];
}

/** Mean |log(p/m)| over rows; a row the model cannot predict costs log(10). */
export function logLoss(rows: FitRow[], cal: Calibration, predict: Predict): number {
  if (rows.length === 0) return 0;
  let s = 0;
  for (const r of rows) {
    const p = predict(r, cal);
    s += p === undefined || !(p > 0) ? Math.log(10) : Math.abs(Math.log(p / r.measured));
  }
  return s / rows.length;
}

/** Golden-section search for the minimum of f on [lo, hi], in log space (the parameters are
 * efficiencies and per-kernel seconds, known to a ratio, not to an absolute step): each iteration
 * shrinks the bracket's log width by 0.618, so 12 iterations take [0.02, 1] to within 1.2%. */
function golden(f: (x: number) => number, lo0: number, hi0: number, iterations = 12): number {
  const u = goldenLinear((v) => f(Math.exp(v)), Math.log(lo0), Math.log(hi0), iterations);
  return Math.exp(u);
}

/** The objective need not be unimodal over a wide range (a per-kernel host cost trades against
 * the matmul level on some runs and not others): scan 17 log-spaced points over [lo, hi], then
 * search between the best one's neighbours. */
function scanThenGolden(f: (x: number) => number, lo: number, hi: number): number {
  const n = 17;
  const at = (i: number) => lo * (hi / lo) ** (i / (n - 1));
  let best = 0;
  let fb = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = f(at(i));
    if (v < fb) {
      fb = v;
      best = i;
    }
  }
  return golden(f, at(Math.max(0, best - 1)), at(Math.min(n - 1, best + 1)), 10);
}

function goldenLinear(f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < iterations; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = f(x2);
    }
  }
  return (lo + hi) / 2;
}

const round3 = (x: number) => Number(x.toPrecision(3));

/** `cal` with the family's fitted entry for `param` set to `value` (other entries kept). */
export function withFitted(
  cal: Calibration,
  family: string,
  param: string,
  value: number,
  n: number,
  on?: string,
): Calibration {
  const patch = (f: FamilyCalibration): FamilyCalibration =>
    f.family !== family
      ? f
      : {
          ...f,
          fitted: [
            ...(f.fitted ?? []).filter((x) => x.param !== param),
            { param, value, n, ...(on ? { on } : {}) },
          ],
        };
  return { ...cal, families: cal.families.map(patch), default: patch(cal.default) };
}

/** `cal` with `value` fitted for `p` in every family it belongs to. */
function withFittedParam(cal: Calibration, p: Param, value: number, n: number, on?: string): Calibration {
  let out = cal;
  for (const family of familiesOf(p)) out = withFitted(out, family, p.param, value, n, on);
  return out;
}

/** The calibration with every fitted entry removed: its priors. */
export function priorsOf(cal: Calibration): Calibration {
  const strip = (f: FamilyCalibration): FamilyCalibration => {
    const { fitted: _, ...rest } = f;
    return rest;
  };
  return { ...cal, families: cal.families.map(strip), default: strip(cal.default) };
}

export function fitCalibration(
  base: Calibration,
  rows: FitRow[],
  predict: Predict,
  opts: {
    rounds?: number;
    priorWeight?: number;
    /** a nearby fit (the full fit, for a cross-validation fold): each parameter is first searched
     * within a factor of 1.6 of its value there, and over its whole range only if the optimum
     * lands on that bracket's edge. Same answer, far fewer evaluations. */
    near?: Calibration;
  } = {},
): FitResult {
  const rounds = opts.rounds ?? 2;
  const byKey = new Map<string, { p: Param; rows: FitRow[] }>();
  for (const r of rows) {
    for (const p of targetsOf(r, base)) {
      const k = paramKey(p);
      const e = byKey.get(k) ?? { p, rows: [] };
      e.rows.push(r);
      byKey.set(k, e);
    }
  }
  let cal = base;
  const entries = [...byKey.values()];
  const prior = new Map(entries.map((e) => [e, paramValue(cal, e.p)]));
  const before = new Map(entries.map((e) => [e, logLoss(e.rows, cal, predict)]));
  // A later round only changes a parameter that shares a row with another (the coordinate
  // search's reason for rounds); one whose rows no other parameter predicts is already optimal.
  const shared = new Set(
    entries.filter((e) => entries.some((f) => f !== e && f.rows.some((r) => e.rows.includes(r)))),
  );
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      if (round > 0 && !shared.has(e)) continue;
      const n = e.rows.length;
      const p0 = prior.get(e)!;
      // The prior counts as `w` measurements at its own value (a Laplace prior in log space): a
      // parameter informed by a handful of runs moves less far from its cited value.
      const w = opts.priorWeight ?? e.p.priorWeight;
      const objective = (x0: number) => {
        // searched on a grid of 4 significant digits: the folds of a cross-validation then
        // revisit the same values, and the predictor's memo answers them
        const x = Number(x0.toPrecision(4));
        return (
          (n * logLoss(e.rows, withFittedParam(cal, e.p, x, n), predict) + w * Math.abs(Math.log(x / p0))) /
          (n + w)
        );
      };
      const guess = opts.near ? paramValue(opts.near, e.p) : Number.NaN;
      let v: number;
      if (Number.isFinite(guess)) {
        const lo = Math.max(e.p.lo, guess / 1.6);
        const hi = Math.min(e.p.hi, guess * 1.6);
        v = golden(objective, lo, hi, 8);
        if ((v < lo * 1.02 && lo > e.p.lo) || (v > hi / 1.02 && hi < e.p.hi))
          v = scanThenGolden(objective, e.p.lo, e.p.hi);
      } else v = scanThenGolden(objective, e.p.lo, e.p.hi);
      cal = withFittedParam(cal, e.p, round3(v), n, describe(e.rows));
    }
  }
  const params = entries.map((e) => ({
    ...e.p,
    value: paramValue(cal, e.p),
    prior: prior.get(e)!,
    n: e.rows.length,
    sources: [...new Set(e.rows.map((r) => r.source))].sort(),
    lossBefore: before.get(e)!,
    lossAfter: logLoss(e.rows, cal, predict),
  }));
  return { calibration: cal, params };
}

function paramValue(cal: Calibration, p: Param): number {
  const f = p.family === cal.default.family ? cal.default : cal.families.find((x) => x.family === p.family);
  if (!f) return Number.NaN;
  return getParam(f, p.param) ?? Number.NaN;
}

function describe(rows: FitRow[]): string {
  const kinds = [...new Set(rows.map((r) => r.kind))].join("+");
  const sources = new Set(rows.map((r) => r.source)).size;
  return `${kinds}, ${sources} source${sources === 1 ? "" : "s"}`;
}
