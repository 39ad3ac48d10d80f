// The model folder's public surface: accounting (parameters, FLOPs, state, activations,
// KV cache), the catalog and the importers. Re-exports only.
export * from "./activation-bytes.ts";
export * from "./arch.ts";
export * from "./attention-core-flops.ts";
export * from "./attention-params.ts";
export * from "./catalog.ts";
export * from "./hf-config.ts";
export * from "./kv-cache-bytes.ts";
export * from "./layer-kinds.ts";
export * from "./mlp-params.ts";
export * from "./model-entry.ts";
export * from "./model-flops.ts";
export * from "./norm-params.ts";
export * from "./param-counts.ts";
export * from "./safetensors.ts";
export * from "./state-bytes.ts";
export * from "./training-flops.ts";
