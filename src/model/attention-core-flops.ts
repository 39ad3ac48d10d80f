// Attention-core FLOPs (QK^T and attention-times-V), Narayanan et al. 2021 ("Efficient
// Large-Scale Language Model Training on GPU Clusters Using Megatron-LM") Sec. 5.1 / Eq. 3:
// 2·s·h for the scores plus 2·s·h for the values, per token per layer, over the full s x s square.
import { type Arch, headDim } from "./arch.ts";

export interface AttentionCoreOptions {
  /** Count only the causal lower triangle (half the square); default false, as Megatron and PaLM. */
  causal?: boolean;
}

/** Value head dimension: MLA's vHeadDim, else the query head dimension. */
export function valueHeadDim(arch: Arch): number {
  return arch.attention?.kind === "mla" ? arch.attention.vHeadDim : headDim(arch);
}

/** Forward FLOPs per token of one layer's attention core, attending over `seqLen` keys. */
export function attentionCoreFlopsPerToken(
  arch: Arch,
  seqLen: number,
  opts: AttentionCoreOptions = {},
): number {
  // Half the square is s/2 keys per query on average (the diagonal is not counted separately).
  const keys = opts.causal ? seqLen / 2 : seqLen;
  return 2 * keys * arch.heads * (headDim(arch) + valueHeadDim(arch));
}
