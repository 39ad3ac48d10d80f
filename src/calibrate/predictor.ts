// The engine as a fit's prediction function: evaluate a row's scenario under a calibration and
// read the metric. Rows of one case share one evaluation per calibration.
import { evaluateScenario } from "../engine/evaluate.ts";
import type { Calibration } from "../hardware/calibration.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Predict } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";

export function enginePredictor(cat: Catalogs): Predict {
  const memo = new WeakMap<Calibration, Map<string, Record<string, number>>>();
  return (row: FitRow, cal: Calibration) => {
    let byCase = memo.get(cal);
    if (!byCase) {
      byCase = new Map();
      memo.set(cal, byCase);
    }
    let metrics = byCase.get(row.caseId);
    if (!metrics) {
      const e = evaluateScenario(
        row.resolved,
        { ...cat, calibration: cal },
        { reliability: row.kind === "reliability" },
      );
      metrics = e.metrics as Record<string, number>;
      byCase.set(row.caseId, metrics);
    }
    return metrics[row.metric];
  };
}
