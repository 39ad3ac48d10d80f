// Fits the calibration's parameters to measurements: each parameter (./fit-targets.ts) minimises
// the mean |log(predicted / measured)| over the rows that inform it (a median-seeking L1 fit,
// robust to a few odd measurements) by golden-section search inside its bounds, in coordinate
// rounds. The parameters the rows inform are refitted from scratch (the search does not start
// from an earlier fitted value); every other value of `base` is kept, so pass `priorsOf(base)` to
// refit with nothing an earlier fit saw. Pure: `predict` is passed in, and the result is a new
// calibration with the fitted values recorded as `fitted` entries.
import { type Calibration, type FamilyCalibration, getParam } from "../hardware/calibration.ts";
import type { FitRow } from "./fit-rows.ts";
import { type Param, targetsOf } from "./fit-targets.ts";

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

function golden(f: (x: number) => number, lo: number, hi: number, iterations = 18): number {
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
  opts: { rounds?: number; priorWeight?: number } = {},
): FitResult {
  const rounds = opts.rounds ?? 2;
  const byKey = new Map<string, { p: Param; rows: FitRow[] }>();
  for (const r of rows) {
    for (const p of targetsOf(r, base)) {
      const k = `${p.family}|${p.param}`;
      const e = byKey.get(k) ?? { p, rows: [] };
      e.rows.push(r);
      byKey.set(k, e);
    }
  }
  let cal = base;
  const entries = [...byKey.values()];
  const prior = new Map(entries.map((e) => [e, paramValue(cal, e.p)]));
  const before = new Map(entries.map((e) => [e, logLoss(e.rows, cal, predict)]));
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const n = e.rows.length;
      const p0 = prior.get(e)!;
      // The prior counts as `w` measurements at its own value (a Laplace prior in log space): a
      // parameter informed by a handful of runs moves less far from its cited value.
      const w = opts.priorWeight ?? e.p.priorWeight;
      const v = golden(
        (x) =>
          (n * logLoss(e.rows, withFitted(cal, e.p.family, e.p.param, x, n), predict) +
            w * Math.abs(Math.log(x / p0))) /
          (n + w),
        e.p.lo,
        e.p.hi,
      );
      cal = withFitted(cal, e.p.family, e.p.param, round3(v), n, describe(e.rows));
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
