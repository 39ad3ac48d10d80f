// Leave-one-out cross-validation (DESIGN.md, "Modelling principles"): for each group (by default
// the source: leave-one-source-out), refit every parameter on the other groups' measurements,
// from the priors, and predict the held-out group's. A group whose rows inform no parameter is
// predicted as in-sample (nothing was fitted on it).
import type { Calibration } from "../hardware/calibration.ts";
import { fitCalibration, type Predict, priorsOf } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";
import { familiesOf, targetsOf } from "./fit-targets.ts";

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
  fit: { priorWeight?: number } = {},
): CrossValidated[] {
  const start = fromPriors ? priorsOf(base) : base;
  const full = fitCalibration(start, rows, predict, fit).calibration;
  const groups = [...new Set(rows.map(groupOf))].sort();
  const out = new Map<FitRow, CrossValidated>();
  for (const s of groups) {
    const held = rows.filter((r) => groupOf(r) === s);
    // Families are fitted independently (a parameter's rows all belong to its family, or to the
    // families of its pool), so a fold only refits the families the held-out rows inform, with
    // their pools; the others are the full fit's, exactly.
    const touched = new Set(held.flatMap((r) => targetsOf(r, base).flatMap(familiesOf)));
    let fold = full;
    if (touched.size > 0) {
      const rest = rows.filter((r) => groupOf(r) !== s && touched.has(r.family));
      fold = mergeFamilies(
        full,
        fitCalibration(start, rest, predict, { ...fit, near: full }).calibration,
        touched,
      );
    }
    for (const r of held) {
      out.set(r, {
        row: r,
        inSample: predict(r, full),
        outOfSample: predict(r, fold),
        refitted: touched.size > 0 && hasTargets(r, base),
      });
    }
  }
  return rows.map((r) => out.get(r)!);
}

function mergeFamilies(full: Calibration, refit: Calibration, touched: Set<string>): Calibration {
  const pick = (f: Calibration["default"]) =>
    touched.has(f.family)
      ? (refit.families.find((x) => x.family === f.family) ??
        (refit.default.family === f.family ? refit.default : f))
      : f;
  return { ...full, families: full.families.map(pick), default: pick(full.default) };
}

function hasTargets(r: FitRow, base: Calibration): boolean {
  // a non-counted metric of a case shares its counted sibling's parameters
  return targetsOf({ ...r, counted: true }, base).length > 0;
}
