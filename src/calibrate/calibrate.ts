// Calibration on a team's own measurements (`xpuplan calibrate`): fit the same per-family
// efficiencies on their cases, starting from what the tool knows without them, and report how
// well each of their runs is predicted before (the catalog alone) and after (fitted on their
// other runs: leave-one-case-out, since a team's runs are usually one source). Families their
// cases do not touch keep the catalog's values. The result is an overlay (the keys that changed),
// which every command, the API and the web app accept.
import type { Calibration, FamilyCalibration, FittedEntry } from "../hardware/calibration.ts";
import { crossValidate } from "./cross-validate.ts";
import { type FittedParam, fitCalibration, type Predict } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";
import { familiesOf } from "./fit-targets.ts";

export interface CalibrationRun {
  /** one entry per row: measured, before (catalog), after (fitted without this case), in-sample */
  rows: { row: FitRow; before?: number; after?: number; inSample?: number }[];
  params: FittedParam[];
  calibration: Calibration;
  /** only the families whose fitted values changed, with their whole fitted lists */
  overlay: { families: { family: string; fitted: FittedEntry[] }[] };
}

export function calibrateOn(base: Calibration, rows: FitRow[], predict: Predict): CalibrationRun {
  const fit = fitCalibration(base, rows, predict);
  const cv = crossValidate(base, rows, predict, (r) => r.caseId, false);
  const changed = new Set(fit.params.flatMap(familiesOf));
  const all = [base.default, ...base.families];
  const fittedOf = (c: Calibration, name: string): FamilyCalibration | undefined =>
    name === c.default.family ? c.default : c.families.find((f) => f.family === name);
  return {
    rows: cv.map((x) => ({
      row: x.row,
      before: predict(x.row, base),
      after: x.outOfSample,
      inSample: predict(x.row, fit.calibration),
    })),
    params: fit.params,
    calibration: fit.calibration,
    overlay: {
      families: all
        .filter((f) => changed.has(f.family))
        .map((f) => ({ family: f.family, fitted: fittedOf(fit.calibration, f.family)?.fitted ?? [] })),
    },
  };
}
