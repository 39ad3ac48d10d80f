// Normalisation weights. GPT/Megatron-GPT use LayerNorm (weight and bias, 2h); Llama, Qwen,
// Mixtral and DeepSeek use RMSNorm (weight only, h). The record has no norm field, so the
// MLP kind stands in for the family: gelu -> LayerNorm, swiglu -> RMSNorm.
import type { Arch } from "./arch.ts";

/** Parameters of one normalisation over a vector of `width` elements. */
export function normParams(arch: Arch, width: number): number {
  return arch.mlp === "gelu" ? 2 * width : width;
}
