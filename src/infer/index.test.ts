import { describe, expect, it } from "vitest";
import * as infer from "./index.ts";

// The folder's public surface grows only on purpose: a new export updates this list.
describe("src/infer exports", () => {
  it("are exactly these", () => {
    expect(Object.keys(infer).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_STEP_OVERHEAD_SECONDS",
        "INFERENCE_CALIBRATION",
        "INFER_WORKSPACE_BYTES",
        "KV_MEMORY_FRACTION",
        "PART_NAMES",
        "activationBytes",
        "batchCurve",
        "buildDeployment",
        "chooseBatch",
        "costPerMillion",
        "dispatchCopiesPerToken",
        "evaluateDisaggregated",
        "evaluateInference",
        "expectedMaxPoisson",
        "expertLoadImbalance",
        "fitsMemory",
        "inferRates",
        "inferenceFamily",
        "inferenceMemory",
        "iterationSeconds",
        "kvBytesPerTokenPerDevice",
        "kvElementsPerTokenPerLayerOnDevice",
        "kvTransfer",
        "layerSeconds",
        "maxSequencesPerGroup",
        "meetsSlo",
        "planInference",
        "resolveInferLayout",
        "resolveInferPrecision",
        "servingPoint",
        "splitStages",
        "storedBytesPerElement",
        "tokensPerStep",
        "touchedExpertFraction",
        "weightBytesPerDevice",
        "workloadOf",
      ]
    `);
  });
});
