import { expect, it } from "vitest";
import * as reliability from "./index.ts";

// The folder's public surface grows only on purpose.
it("pins the reliability exports", () => {
  expect(Object.keys(reliability).sort()).toEqual([
    "COMPONENTS",
    "DEFAULT_HISTOGRAM_BINS",
    "DEFAULT_TRIALS",
    "RELIABILITY_DEFAULTS",
    "SCOPES",
    "checkpointCost",
    "chooseInterval",
    "createRng",
    "dalyInterval",
    "effectiveTrainingTimeFraction",
    "exactOptimalInterval",
    "exp",
    "expectedInterruptions",
    "jobMtbfSeconds",
    "ln",
    "lostWorkPerFailureSeconds",
    "normalizeVendor",
    "parseReliabilityCatalog",
    "quantileSorted",
    "ratesFor",
    "reliabilityCatalogSchema",
    "reliabilityReport",
    "restartCost",
    "rngFromState",
    "simulateRuns",
    "summarizeCompletion",
    "wallClockDays",
    "youngInterval",
  ]);
});
