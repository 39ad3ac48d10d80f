// The catalog data every evaluation of a scenario computes on besides the device and the model:
// efficiencies, the engines' defaults and the measured kernel tables. One spread for every caller
// (eval, plan, compare, the API, the serving planner), so that two commands can never cost the same
// plan differently.
import type { Catalogs } from "./resolve.ts";

export function engineInputs(cat: Catalogs) {
  return {
    calibration: cat.calibration,
    stacks: cat.stacks,
    kernels: cat.kernels,
    servingEngines: cat.servingEngines,
  };
}
