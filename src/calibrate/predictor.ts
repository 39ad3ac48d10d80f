// The engine as a fit's prediction function: evaluate a row's scenario under a calibration and
// read the metric. A row depends only on its own device family's record (calibrationFor picks
// one family), so evaluations are memoised by case and by the content of that family: the
// leave-one-source-out folds revisit the same parameter values many times, and rows of one case
// share one evaluation.
import { evaluateScenario } from "../engine/evaluate.ts";
import { type Calibration, calibrationFor } from "../hardware/calibration.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Predict } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";

export function enginePredictor(cat: Catalogs): Predict {
  const memo = new Map<string, Record<string, number>>();
  const familyKey = new WeakMap<Calibration, Map<string, string>>();
  const keyOf = (cal: Calibration, deviceId: string) => {
    let byDevice = familyKey.get(cal);
    if (!byDevice) {
      byDevice = new Map();
      familyKey.set(cal, byDevice);
    }
    let k = byDevice.get(deviceId);
    if (k === undefined) {
      k = JSON.stringify(calibrationFor(cal, deviceId).family);
      byDevice.set(deviceId, k);
    }
    return k;
  };
  return (row: FitRow, cal: Calibration) => {
    const key = `${row.caseId}\u0000${keyOf(cal, row.resolved.device.id)}`;
    let metrics = memo.get(key);
    if (!metrics) {
      const e = evaluateScenario(
        row.resolved,
        { ...cat, calibration: cal },
        {
          reliability: row.kind === "reliability",
          details: false,
        },
      );
      metrics = e.metrics as Record<string, number>;
      memo.set(key, metrics);
    }
    return metrics[row.metric];
  };
}
