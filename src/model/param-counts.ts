// Parameter counts by component, summed from the layer formulas in attention-params.ts and
// mlp-params.ts. MTP module: DeepSeek-V3 (arXiv:2412.19437) Sec. 2.2 and README_WEIGHTS.md.
import type { Arch } from "./arch.ts";
import { attentionParams } from "./attention-params.ts";
import { type LayerKind, layerKinds, mtpLayerKind } from "./layer-kinds.ts";
import { mlpParams } from "./mlp-params.ts";
import { normParams } from "./norm-params.ts";

export interface LayerParams {
  kind: LayerKind;
  attention: number;
  mlp: number;
  /** The two pre-attention / pre-MLP norms. */
  norms: number;
  total: number;
  /** Parameters one token passes through: routed experts other than its topK excluded. */
  active: number;
  /** Weights of the matmuls one token passes through (FLOPs = 2 per weight). */
  activeMatmul: number;
}

export interface ParamCounts {
  /** The main model: embedding, layers, final norm, LM head. MTP modules excluded. */
  total: number;
  /** Per token, counting the whole input embedding table (Mixtral's 12.9B, Qwen's A3B convention). */
  active: number;
  /** Per token without the input embedding, a lookup (DeepSeek-V3's "36.6B incl. 0.9B head"). */
  activeExcludingEmbedding: number;
  embedding: number;
  /** 0 when the embeddings are tied: the head reuses the embedding table. */
  lmHead: number;
  /** total - embedding - lmHead ("non-embedding parameters"). */
  excludingEmbeddings: number;
  finalNorm: number;
  perLayer: LayerParams[];
  /** Unique parameters of all MTP modules; they share the embedding and LM head. */
  mtp: number;
  mtpActive: number;
  /** MTP as stored in DeepSeek's checkpoint, which holds its own copy of embedding and head. */
  mtpStored: number;
  /** total + mtp: every unique weight. */
  totalWithMtp: number;
}

export function layerParams(arch: Arch, kind: LayerKind): LayerParams {
  const att = attentionParams(arch);
  const mlp = mlpParams(arch, kind);
  const norms = 2 * normParams(arch, arch.hidden);
  return {
    kind,
    attention: att.total,
    mlp: mlp.total,
    norms,
    total: att.total + mlp.total + norms,
    active: att.total + mlp.active + norms,
    activeMatmul: att.matmul + mlp.active,
  };
}

/** One MTP module without the shared embedding and head: its transformer block, the
 * projection eh_proj (2h x h) and three norms (enorm, hnorm, shared_head.norm). */
export function mtpModuleParams(arch: Arch): { total: number; active: number; projection: number } {
  const block = layerParams(arch, mtpLayerKind(arch));
  const projection = 2 * arch.hidden * arch.hidden;
  const norms = 3 * normParams(arch, arch.hidden);
  return { total: block.total + projection + norms, active: block.active + projection + norms, projection };
}

export function paramCounts(arch: Arch): ParamCounts {
  // Every layer of a kind is the same: compute each kind once.
  const byKind = { dense: layerParams(arch, "dense"), moe: layerParams(arch, "moe") };
  const perLayer = layerKinds(arch).map((kind) => byKind[kind]);
  const embedding = arch.vocab * arch.hidden;
  const lmHead = arch.tiedEmbeddings ? 0 : arch.vocab * arch.hidden;
  const finalNorm = normParams(arch, arch.hidden);
  const layersTotal = perLayer.reduce((s, l) => s + l.total, 0);
  const layersActive = perLayer.reduce((s, l) => s + l.active, 0);
  const total = embedding + layersTotal + finalNorm + lmHead;
  const active = embedding + layersActive + finalNorm + lmHead;
  // Tied: the head is the embedding table, so it stays in the per-token count.
  const activeExcludingEmbedding = active - (arch.tiedEmbeddings ? 0 : embedding);
  const modules = arch.mtp ?? 0;
  const mtpModule = modules > 0 ? mtpModuleParams(arch) : { total: 0, active: 0 };
  const mtp = modules * mtpModule.total;
  return {
    total,
    active,
    activeExcludingEmbedding,
    embedding,
    lmHead,
    excludingEmbeddings: total - embedding - lmHead,
    finalNorm,
    perLayer,
    mtp,
    mtpActive: modules * mtpModule.active,
    mtpStored: mtp + modules * (embedding + arch.vocab * arch.hidden),
    totalWithMtp: total + mtp,
  };
}
