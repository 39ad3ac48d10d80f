// Leave-one-out cross-validation (DESIGN.md, "Modelling principles"): for each group (by default
// the source: leave-one-source-out), refit every parameter on the other groups' measurements,
// from the priors, and predict the held-out group's. A group whose rows inform no parameter is
// predicted as in-sample (nothing was fitted on it).
import type { Calibration } from "../hardware/calibration.ts";
import { fitCalibration, type Predict, priorsOf } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";
import { targetsOf } from "./fit-targets.ts";

export interface CrossValidated {
  row: FitRow;
  /** prediction with the calibration fitted on every source */
  inSample: number | undefined;
  /** prediction with the calibration fitted without this row's source */
  outOfSample: number | undefined;
  /** whether any parameter that predicts this row was refitted without it */
  refitted: boolean;
}

export function crossValidate(
  base: Calibration,
  rows: FitRow[],
  predict: Predict,
  groupOf: (r: FitRow) => string = (r) => r.source,
  fromPriors = true,
): CrossValidated[] {
  const start = fromPriors ? priorsOf(base) : base;
  const full = fitCalibration(start, rows, predict).calibration;
  const groups = [...new Set(rows.map(groupOf))].sort();
  const out = new Map<FitRow, CrossValidated>();
  for (const s of groups) {
    const held = rows.filter((r) => groupOf(r) === s);
    const informs = held.some((r) => targetsOf(r, base).length > 0);
    const fold = informs
      ? fitCalibration(
          start,
          rows.filter((r) => groupOf(r) !== s),
          predict,
        ).calibration
      : full;
    for (const r of held) {
      out.set(r, {
        row: r,
        inSample: predict(r, full),
        outOfSample: predict(r, fold),
        refitted: informs && hasTargets(r, base),
      });
    }
  }
  return rows.map((r) => out.get(r)!);
}

function hasTargets(r: FitRow, base: Calibration): boolean {
  // a non-counted metric of a case shares its counted sibling's parameters
  return targetsOf({ ...r, counted: true }, base).length > 0;
}
