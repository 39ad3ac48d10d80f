// FP8 training's cast passes (Transformer Engine, "Using FP8 with Transformer Engine"; Micikevicius
// et al. 2022, arXiv:2209.05433): every FP8 GEMM input, and every output gradient in the backward,
// is cast from 16 bits to FP8 in two layouts (row-wise for one GEMM, column-wise/transposed for the
// other: Hopper's FP8 GEMMs take only the TN layout, and MXFP8 scales blocks along one dimension),
// a read of 2 bytes and two writes of 1 byte per element. Current (per-tensor, just-in-time)
// scaling needs the tensor's amax first: one more read and kernel. A cast right after a norm is
// fused into it (TE's LayerNormLinear) for the recipes whose scale is known before the data
// (delayed, and the block-local MX and blockwise scales); a stack that fuses casts everywhere
// (torch.compile, `fp8Fused`) pays no separate pass.
import { type Engine, streamSeconds } from "../hardware/roofline.ts";

export type QuantRecipe = "delayed" | "current" | "blockwise" | "mx";

export function castPass(
  vector: Engine,
  recipe: QuantRecipe,
  elements: number,
  afterNorm: boolean,
  fused: boolean,
  kernels = 1,
): { seconds: number; kernels: number } {
  if (elements <= 0) return { seconds: 0, kernels: 0 };
  const amax = recipe === "current";
  if (fused) {
    // A fusing compiler folds the amax into the kernel that produces the tensor, but the cast
    // needs the finished amax of the whole tensor: one more pass reads it and writes both layouts.
    if (!amax) return { seconds: 0, kernels: 0 };
    return { seconds: streamSeconds(vector, elements * (2 + 1 + 1), kernels), kernels };
  }
  if (afterNorm && !amax) return { seconds: 0, kernels: 0 };
  const bytes = elements * (2 + 1 + 1 + (amax ? 2 : 0));
  const k = kernels * (amax ? 2 : 1);
  return { seconds: streamSeconds(vector, bytes, k), kernels: k };
}
