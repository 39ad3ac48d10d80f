// Error of the engine against published measurements: one row per (case, metric), in the
// shape validation/README.md documents for `xpuplan validate --json`. Statistics count each
// measurement once: a metric that restates another of the same case (MFU beside tokens/s) is
// listed with `counted: false` and left out of the summary.
import { countedMetrics } from "../calibrate/metric-classes.ts";
import { regimeOf } from "../calibrate/regime.ts";
import { sourceKey } from "../calibrate/source-key.ts";
import { type Catalogs, resolveScenario } from "../scenario/resolve.ts";
import type { Case } from "../scenario/schema.ts";
import { evaluateScenario } from "./evaluate.ts";

export interface ValidationRow {
  id: string;
  kind: string;
  metric: string;
  measured: number;
  predicted: number | null;
  errorPct: number | null;
  error?: string;
  hardware?: string;
  vendor?: string;
  /** the publication the case comes from (cross-validation holds these out together) */
  source?: string;
  /** kind/vendor/dense-or-moe, the pool of its prediction interval */
  regime?: string;
  /** false when the metric restates another of the same case; such rows are not in the summary */
  counted?: boolean;
  /** with --cross-validate: the in-sample prediction beside the out-of-sample `predicted` */
  inSamplePredicted?: number | null;
  /** training cases: whether the layout that really ran fits the device's memory in the model */
  layoutFits?: boolean;
}

type Stats = { n: number; failed: number; medianAbsErrorPct: number | null; p90AbsErrorPct: number | null };

export interface ValidationSummary {
  n: number;
  failed: number;
  medianAbsErrorPct: number | null;
  p90AbsErrorPct: number | null;
  byKind: Record<string, Stats>;
  byVendor: Record<string, Stats>;
  /** kind/vendor/dense-or-moe */
  byRegime: Record<string, Stats>;
  /** the counted rows with the largest |error| */
  worst: { id: string; metric: string; errorPct: number }[];
  /** training cases whose published layout ran: how many the memory model admits, and which not */
  layouts: { cases: number; fit: number; overMemory: string[] };
}

/** One case's rows: each measured metric against the prediction, or why there is none. */
export function validateCase(c: Case, cat: Catalogs): ValidationRow[] {
  const rows: ValidationRow[] = [];
  const vendor = cat.devices.find((d) => d.id === c.scenario.hardware)?.vendor;
  const counted = countedMetrics(Object.keys(c.measured));
  const r = resolveScenario(c.scenario, cat);
  const base = {
    id: c.id,
    kind: c.kind,
    hardware: c.scenario.hardware,
    vendor,
    source: sourceKey(c.source.title),
    ...(r.ok ? { regime: regimeOf(c.kind, r.value) } : {}),
  };
  if (!r.ok) {
    const why = r.errors.map((e) => `${e.path.join(".")}: ${e.message}`).join("; ");
    for (const [metric, measured] of Object.entries(c.measured)) {
      const n = { counted: counted.get(metric) ?? true };
      rows.push({ ...base, metric, measured, predicted: null, errorPct: null, error: why, ...n });
    }
    return rows;
  }
  const e = evaluateScenario(r.value, cat);
  const fit = e.train ? { layoutFits: e.train.fits } : {};
  for (const [metric, measured] of Object.entries(c.measured)) {
    const base2 = { ...base, counted: counted.get(metric) ?? true, ...fit };
    const p = e.metrics[metric];
    if (p === undefined) {
      const why = e.unpredicted[metric] ?? e.issues.map((i) => i.message).join("; ");
      rows.push({
        ...base2,
        metric,
        measured,
        predicted: null,
        errorPct: null,
        error: why || "not predicted",
      });
    } else {
      rows.push({ ...base2, metric, measured, predicted: p, errorPct: errorPct(p, measured) });
    }
  }
  return rows;
}

export function errorPct(predicted: number, measured: number): number {
  return (100 * (predicted - measured)) / measured;
}

/** Quantile with linear interpolation between order statistics (type 7, as numpy's default). */
export function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

function stats(all: ValidationRow[]): Stats {
  const rows = all.filter((r) => r.counted !== false);
  const abs = rows.filter((r) => r.errorPct !== null).map((r) => Math.abs(r.errorPct as number));
  return {
    n: rows.length,
    failed: rows.filter((r) => r.predicted === null).length,
    medianAbsErrorPct: round(quantile(abs, 0.5)),
    p90AbsErrorPct: round(quantile(abs, 0.9)),
  };
}

function groupBy(rows: ValidationRow[], key: (r: ValidationRow) => string | undefined) {
  const m: Record<string, ValidationRow[]> = {};
  for (const r of rows) {
    const k = key(r) ?? "unknown";
    m[k] = [...(m[k] ?? []), r];
  }
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, stats(v)]));
}

export function summarise(rows: ValidationRow[]): ValidationSummary {
  const worst = rows
    .filter((r) => r.counted !== false && r.errorPct !== null)
    .sort((a, b) => Math.abs(b.errorPct as number) - Math.abs(a.errorPct as number))
    .slice(0, 5)
    .map((r) => ({ id: r.id, metric: r.metric, errorPct: round(r.errorPct) as number }));
  const layout = new Map<string, boolean>();
  for (const r of rows) if (r.layoutFits !== undefined) layout.set(r.id, r.layoutFits);
  const over = [...layout].filter(([, fits]) => !fits).map(([id]) => id);
  return {
    ...stats(rows),
    byKind: groupBy(rows, (r) => r.kind),
    byVendor: groupBy(rows, (r) => r.vendor),
    byRegime: groupBy(rows, (r) => r.regime),
    worst,
    layouts: { cases: layout.size, fit: layout.size - over.length, overMemory: over.sort() },
  };
}
