// KV-cache bytes per token. MHA/GQA: keys and values of every kv head, 2·kvHeads·headDim
// elements per layer. MLA: DeepSeek-V2 (arXiv:2405.04434) Sec. 2.1.2 and Table 1 — only the
// compressed latent c_KV (kvLoraRank) and the shared rope key (qkRopeHeadDim) are cached,
// (d_c + d_h^R) elements per layer: 576 for DeepSeek-V2/V3.
import type { Bytes } from "../units.ts";
import { type Arch, headDim } from "./arch.ts";

/** Elements cached per token in one attention layer. */
export function kvCacheElementsPerTokenPerLayer(arch: Arch): number {
  const att = arch.attention;
  if (att?.kind === "mla") return att.kvLoraRank + att.qkRopeHeadDim;
  return 2 * arch.kvHeads * headDim(arch);
}

export function kvCacheBytesPerTokenPerLayer(arch: Arch, kvBytesPerElement: number): Bytes {
  return kvCacheElementsPerTokenPerLayer(arch) * kvBytesPerElement;
}

export interface KvCacheOptions {
  /** Also cache the MTP modules' attention (MTP speculative decoding); default false. */
  mtp?: boolean;
}

/** Bytes per token summed over all layers, whole model (divide by tp or pp for a device's share). */
export function kvCacheBytesPerToken(
  arch: Arch,
  kvBytesPerElement: number,
  opts: KvCacheOptions = {},
): Bytes {
  const layers = arch.layers + (opts.mtp ? (arch.mtp ?? 0) : 0);
  return layers * kvCacheBytesPerTokenPerLayer(arch, kvBytesPerElement);
}

/** Bytes for `tokens` cached tokens (all sequences together). */
export function kvCacheBytes(
  arch: Arch,
  tokens: number,
  kvBytesPerElement: number,
  opts: KvCacheOptions = {},
): Bytes {
  return tokens * kvCacheBytesPerToken(arch, kvBytesPerElement, opts);
}
