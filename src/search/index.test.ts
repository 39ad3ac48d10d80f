import { describe, expect, it } from "vitest";
import * as search from "./index.ts";

describe("src/search public surface", () => {
  it("grows only on purpose", () => {
    expect(Object.keys(search).sort()).toMatchInlineSnapshot(`
      [
        "CHECKPOINT_BYTES_PER_PARAM",
        "MAX_VPP",
        "NOMINAL_TOKENS",
        "OBJECTIVES",
        "ParetoSet",
        "compareDevices",
        "costAxis",
        "deviceBound",
        "divisors",
        "dominates",
        "gcd",
        "objectiveValue",
        "paramSplit",
        "paretoFront",
        "pipelineChoices",
        "planTraining",
        "planTrainingAsync",
        "precisionChoices",
        "rangedFigures",
        "scaleUpDomain",
        "stateLowerBoundBytes",
        "structures",
        "supportsPrecision",
      ]
    `);
  });
});
