import { describe, expect, it } from "vitest";
import * as infer from "./index.ts";

// The folder's public surface grows only on purpose: a new export updates this list.
describe("src/infer exports", () => {
  it("are exactly these", () => {
    expect(Object.keys(infer).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_STEP_OVERHEAD_SECONDS",
        "INFER_WORKSPACE_BYTES",
        "KV_MEMORY_FRACTION",
        "PART_NAMES",
        "activationBytes",
        "batchCurve",
        "buildDeployment",
        "chooseBatch",
        "costPerMillion",
        "evaluateDisaggregated",
        "evaluateInference",
        "expectedMaxPoisson",
        "expertDispatchSeconds",
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
        "mlaDecodeEfficiency",
        "planInference",
        "resolveInferLayout",
        "resolveInferPrecision",
        "servingPoint",
        "splitStages",
        "storedBytesPerElement",
        "tokensPerStep",
        "touchedExpertFraction",
        "tpAllReduceSeconds",
        "weightBytesPerDevice",
        "workloadOf",
      ]
    `);
  });
});
