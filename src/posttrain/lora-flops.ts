// LoRA training FLOPs per token, derived from Hu et al. 2021 (arXiv:2106.09685) Sec. 4.1 and the
// backward = 2 × forward rule of Narayanan et al. 2021 Sec. 5.1. For y = x·W with W frozen, the
// backward computes only the input gradient dx = dy·Wᵀ (2 FLOPs per weight), not dW = xᵀ·dy:
//   full:  forward 2P + backward 4P           = 6P per token (P: matmul weights a token passes)
//   LoRA:  forward 2P + backward 2P           = 4P for the frozen weights,
//          plus for each adapter A (in×r), B (r×out) with Pa = r·(in + out) weights:
//          forward 2Pa, backward input grads 2Pa and weight grads 2Pa = 6Pa.
// The attention core (QKᵀ, softmax·V) has no weights: forward A, backward 2A in both cases.
// So LoRA = 4P + 6Pa + 3A against 6P + 3A: about 2/3 of full fine-tuning when Pa ≪ P (their
// Sec. 4.2 reports a 25% speedup on GPT-3 175B).
import type { Arch } from "../model/arch.ts";
import { modelFlopsPerToken } from "../model/model-flops.ts";

export interface LoraFlops {
  /** forward FLOPs per token: frozen model + adapters */
  forward: number;
  /** backward FLOPs per token: input gradients through the frozen model, adapter gradients */
  backward: number;
  /** forward + backward */
  total: number;
  /** forward + backward of full fine-tuning of the same model (3 × forward) */
  fullTotal: number;
  /** total / fullTotal: the share of full fine-tuning's compute LoRA does */
  ratio: number;
}

/** `adapterActive`: adapter weights one token passes through (LoraParams.active). */
export function loraFlopsPerToken(arch: Arch, seqLen: number, adapterActive: number): LoraFlops {
  const f = modelFlopsPerToken(arch, seqLen);
  const attention = f.perLayer.reduce((s, l) => s + l.attention, 0);
  const matmul = f.total - attention;
  const adapter = 2 * adapterActive;
  const forward = matmul + attention + adapter;
  const backward = matmul + 2 * attention + 2 * adapter;
  const total = forward + backward;
  const fullTotal = 3 * f.total;
  return { forward, backward, total, fullTotal, ratio: total / fullTotal };
}
