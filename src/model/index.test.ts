import { expect, it } from "vitest";
import * as model from "./index.ts";

// The folder's surface grows only on purpose: update this list with the export.
it("exports exactly this list", () => {
  expect(Object.keys(model).sort()).toEqual([
    "DEFAULT_MODEL_DIR",
    "HF_MODEL_TYPES",
    "MAX_SAFETENSORS_HEADER_BYTES",
    "activationBytesPerLayer",
    "activationTermsPerLayer",
    "archFromHfConfig",
    "archSchema",
    "attentionCoreFlopsPerToken",
    "attentionParams",
    "attentionSchema",
    "ffnParams",
    "findModel",
    "headDim",
    "kvCacheBytes",
    "kvCacheBytesPerToken",
    "kvCacheBytesPerTokenPerLayer",
    "kvCacheElementsPerTokenPerLayer",
    "layerForwardFlopsPerToken",
    "layerKind",
    "layerKinds",
    "layerParams",
    "loadModelCatalog",
    "mlaSchema",
    "mlpParams",
    "modelEntrySchema",
    "modelFlopsPerToken",
    "moeSchema",
    "mtpLayerKind",
    "mtpModuleParams",
    "normParams",
    "paramCounts",
    "paramsFromSafetensorsHeader",
    "stateBytesPerDevice",
    "stateBytesPerParam",
    "trainingFlopsPerToken",
    "valueHeadDim",
  ]);
});
