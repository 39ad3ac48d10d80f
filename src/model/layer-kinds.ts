// Which transformer blocks are dense and which are MoE: DeepSeek-V2/V3 replace the MLP of
// every layer after the first `moe.denseLayers` with an MoE (config.json first_k_dense_replace).
import type { Arch } from "./arch.ts";

/** `dense`: attention + dense MLP of size `ffn`; `moe`: attention + router, routed and shared experts. */
export type LayerKind = "dense" | "moe";

export function layerKind(arch: Arch, layerIndex: number): LayerKind {
  if (!arch.moe) return "dense";
  return layerIndex < arch.moe.denseLayers ? "dense" : "moe";
}

/** One entry per main-model layer, in order. */
export function layerKinds(arch: Arch): LayerKind[] {
  return Array.from({ length: arch.layers }, (_, i) => layerKind(arch, i));
}

/** An MTP module's transformer block has the shape of the model's last layer (DeepSeek-V3: MoE). */
export function mtpLayerKind(arch: Arch): LayerKind {
  return layerKind(arch, arch.layers - 1);
}
