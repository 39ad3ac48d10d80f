// Prediction intervals from cross-validated residuals (DESIGN.md: "give every prediction an
// interval from those residuals"): per regime (./regime.ts), the 5th and 95th percentiles of
// measured / predicted over the held-out predictions, so predicted × [low, high] is a 90%
// interval for a run like those. A regime with fewer than MIN_RESIDUALS residuals borrows its
// kind's pool; a device family with no measurements gets the widest interval of its kind.

import { quantile } from "../engine/validate.ts";
import type { IntervalRatio } from "../hardware/calibration.ts";

export const MIN_RESIDUALS = 6;

export interface Residual {
  regime: string;
  kind: string;
  /** measured / predicted, in the orientation where larger is faster (throughput) */
  ratio: number;
}

const TIME_METRICS = new Set([
  "stepTimeSeconds",
  "deviceHours",
  "days",
  "ttftSeconds",
  "tpotSeconds",
  "wallClockDays",
]);

/** measured/predicted oriented so that > 1 means the run was faster than predicted. */
export function speedRatio(metric: string, measured: number, predicted: number): number {
  return TIME_METRICS.has(metric) ? predicted / measured : measured / predicted;
}

function band(ratios: number[]): IntervalRatio {
  const logs = ratios.map(Math.log);
  const lo = quantile(logs, 0.05) ?? 0;
  const hi = quantile(logs, 0.95) ?? 0;
  const r = (x: number) => Number(Math.exp(x).toPrecision(3));
  return { low: r(Math.min(lo, 0)), high: r(Math.max(hi, 0)), n: ratios.length };
}

/** Intervals per regime, per kind ("train/*") and for unfitted families ("train/unfitted"). */
export function intervalsFrom(residuals: Residual[]): Record<string, IntervalRatio> {
  const out: Record<string, IntervalRatio> = {};
  const kinds = [...new Set(residuals.map((r) => r.kind))];
  for (const k of kinds) {
    const pool = residuals.filter((r) => r.kind === k).map((r) => r.ratio);
    const all = band(pool);
    out[`${k}/*`] = all;
    for (const regime of new Set(residuals.filter((r) => r.kind === k).map((r) => r.regime))) {
      const xs = residuals.filter((r) => r.regime === regime).map((r) => r.ratio);
      if (xs.length >= MIN_RESIDUALS) out[regime] = band(xs);
    }
    // the widest band of any regime of the kind, widened to the pool's extremes
    const lows = Object.entries(out)
      .filter(([key]) => key.startsWith(`${k}/`))
      .map(([, v]) => v.low);
    const highs = Object.entries(out)
      .filter(([key]) => key.startsWith(`${k}/`))
      .map(([, v]) => v.high);
    const r = (x: number) => Number(x.toPrecision(3));
    out[`${k}/unfitted`] = {
      low: r(Math.min(...lows, Math.min(...pool))),
      high: r(Math.max(...highs, Math.max(...pool))),
      n: pool.length,
    };
  }
  return out;
}

/** The interval of a regime: its own, else its kind's pool. */
export function intervalFor(
  intervals: Record<string, IntervalRatio> | undefined,
  regime: string,
  fitted: boolean,
): IntervalRatio | undefined {
  if (!intervals) return undefined;
  const kind = regime.split("/")[0];
  if (!fitted) return intervals[`${kind}/unfitted`];
  return intervals[regime] ?? intervals[`${kind}/*`];
}

/** [low, high] of a metric's prediction: throughput-like metrics scale by the ratio, times by its inverse. */
export function applyInterval(metric: string, predicted: number, iv: IntervalRatio): [number, number] {
  return TIME_METRICS.has(metric)
    ? [predicted / iv.high, predicted / iv.low]
    : [predicted * iv.low, predicted * iv.high];
}
