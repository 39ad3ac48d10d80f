// Every headline number with its 90% interval (DESIGN.md: "give every prediction an interval from
// those residuals"): the cross-validated residuals of its regime (kind, vendor family, dense or
// MoE; src/calibrate/intervals.ts, written by `npm run fit`), or the widest interval of its kind
// when the device's family has no measurements of that kind (said so). Pure.

import type { Calibration } from "../hardware/calibration.ts";
import { calibrationFor } from "../hardware/calibration.ts";
import type { Resolved } from "../scenario/resolve.ts";
import { applyInterval, intervalFor } from "./intervals.ts";
import { regimeOf } from "./regime.ts";

export interface PredictionInterval {
  low: number;
  high: number;
  /** the pool of residuals the interval comes from */
  regime: string;
  /** residuals in that pool */
  n: number;
  /** false: the device family was never fitted on this kind of run; the widest interval is used */
  fitted: boolean;
}

/** Metrics whose interval is the throughput/time interval of their kind. */
export const INTERVAL_METRICS: Record<"train" | "infer", string[]> = {
  train: ["tokensPerSecondPerDevice", "stepTimeSeconds", "tflopsPerDevice", "mfu", "deviceHours", "days"],
  infer: [
    "outputTokensPerSecond",
    "decodeTokensPerSecondPerDevice",
    "prefillTokensPerSecondPerDevice",
    "ttftSeconds",
    "tpotSeconds",
  ],
};

export function predictionIntervals(
  kind: "train" | "infer",
  r: Pick<Resolved, "arch" | "device">,
  calibration: Calibration,
  metrics: Record<string, number | undefined>,
): Record<string, PredictionInterval> {
  const regime = regimeOf(kind, r);
  const { family, isDefault } = calibrationFor(calibration, r.device.id);
  const fitted = !isDefault && (family.fitted ?? []).some((e) => (e.on ?? "").startsWith(kind));
  const iv = intervalFor(calibration.intervals, regime, fitted);
  const out: Record<string, PredictionInterval> = {};
  if (!iv) return out;
  for (const m of INTERVAL_METRICS[kind]) {
    const v = metrics[m];
    if (v === undefined || !Number.isFinite(v)) continue;
    const [low, high] = applyInterval(m, v, iv);
    out[m] = { low, high, regime: fitted ? regime : `${kind}/unfitted`, n: iv.n, fitted };
  }
  return out;
}
