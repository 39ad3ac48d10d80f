// MLP weights per layer: GPT MLP (2 matrices, Radford et al. 2019), SwiGLU (3 matrices,
// Shazeer 2020), MoE with routed and shared experts (DeepSeekMoE, arXiv:2401.06066 Sec. 3;
// Mixtral, arXiv:2401.04088 Sec. 2.1).
import type { Arch } from "./arch.ts";
import type { LayerKind } from "./layer-kinds.ts";

export interface MlpParams {
  total: number;
  /** Weights a single token multiplies: router, its topK routed experts and the shared experts. */
  active: number;
  router: number;
  /** All routed experts of the layer (0 for a dense layer). */
  routedExperts: number;
  sharedExperts: number;
  /** The dense MLP of a dense layer (0 for an MoE layer). */
  dense: number;
}

/** Weights of one feed-forward block of intermediate size `ffn` (biases not counted). */
export function ffnParams(arch: Arch, hidden: number, ffn: number): number {
  return (arch.mlp === "swiglu" ? 3 : 2) * hidden * ffn;
}

export function mlpParams(arch: Arch, kind: LayerKind): MlpParams {
  const h = arch.hidden;
  if (kind === "dense" || !arch.moe) {
    const dense = ffnParams(arch, h, arch.ffn);
    return { total: dense, active: dense, router: 0, routedExperts: 0, sharedExperts: 0, dense };
  }
  const m = arch.moe;
  const expert = ffnParams(arch, h, m.expertFfn);
  const router = h * m.experts;
  const routedExperts = m.experts * expert;
  const sharedExperts = m.sharedExperts * expert;
  const total = router + routedExperts + sharedExperts;
  const active = router + m.topK * expert + sharedExperts;
  return { total, active, router, routedExperts, sharedExperts, dense: 0 };
}
