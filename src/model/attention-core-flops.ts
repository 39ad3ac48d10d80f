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

/** Share of the layers that attend to the whole context; the others see a sliding window. */
export function globalLayerShare(arch: Pick<Arch, "slidingWindow">): number {
  const sw = arch.slidingWindow;
  if (!sw) return 1;
  return sw.globalEvery ? 1 / sw.globalEvery : 0;
}

/** Mean keys per query of a causal sequence of `s` tokens, averaged over the layers: s/2 on a
 * global layer (half the square; the diagonal is not counted separately) and, on a layer whose
 * window w is shorter than s, (w²/2 + (s - w)·w)/s = w - w²/(2s) (the first w queries see the
 * triangle, the rest w keys each); the two agree at w = s. */
export function meanCausalKeys(arch: Pick<Arch, "slidingWindow">, s: number): number {
  const full = s / 2;
  const sw = arch.slidingWindow;
  if (!sw) return full;
  const w = sw.window;
  const windowed = w >= s ? full : w - (w * w) / (2 * s);
  const g = globalLayerShare(arch);
  return g * full + (1 - g) * windowed;
}

/** Keys a query sees, averaged over the layers, when `keys` tokens of context precede it (decode,
 * or a prompt's mean): all of them on a global layer, at most the window on the others. */
export function windowedKeys(arch: Pick<Arch, "slidingWindow">, keys: number): number {
  const sw = arch.slidingWindow;
  if (!sw) return keys;
  const g = globalLayerShare(arch);
  return g * keys + (1 - g) * Math.min(keys, sw.window);
}

/** Forward FLOPs per token of one layer's attention core, attending over `seqLen` keys (averaged
 * over the layers where some attend to a sliding window only). */
export function attentionCoreFlopsPerToken(
  arch: Arch,
  seqLen: number,
  opts: AttentionCoreOptions = {},
): number {
  const keys = opts.causal ? meanCausalKeys(arch, seqLen) : windowedKeys(arch, seqLen);
  return 2 * keys * arch.heads * (headDim(arch) + valueHeadDim(arch));
}
