// Forward FLOPs per token, Narayanan et al. 2021 Eq. 3 generalised: 2 FLOPs per matmul weight a
// token passes (active experts only; LM head included; embedding lookup, norms, biases not
// counted) plus the attention core. For GPT (gelu, ffn 4h, MHA, no MoE) the training count
// 3 x forward x B·s equals 72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h)) exactly.
import type { Flops } from "../units.ts";
import type { Arch } from "./arch.ts";
import { type AttentionCoreOptions, attentionCoreFlopsPerToken } from "./attention-core-flops.ts";
import { type LayerKind, layerKinds, mtpLayerKind } from "./layer-kinds.ts";
import { layerParams, mtpModuleParams } from "./param-counts.ts";

export interface LayerFlops {
  kind: LayerKind | "mtp";
  /** 2 x the active matmul weights of the block (MTP: plus its projection and its LM-head pass). */
  matmul: Flops;
  attention: Flops;
  total: Flops;
}

export interface ForwardFlops {
  perLayer: LayerFlops[];
  lmHead: Flops;
  /** One entry per MTP module; empty unless asked for. */
  mtp: LayerFlops[];
  /** Sum of perLayer, lmHead and mtp totals. */
  total: Flops;
}

export interface ModelFlopsOptions extends AttentionCoreOptions {
  /** Run the MTP modules too (training with MTP, or MTP speculative decoding); default false. */
  mtp?: boolean;
}

export function layerForwardFlopsPerToken(
  arch: Arch,
  kind: LayerKind,
  seqLen: number,
  opts: AttentionCoreOptions = {},
): LayerFlops {
  const matmul = 2 * layerParams(arch, kind).activeMatmul;
  const attention = attentionCoreFlopsPerToken(arch, seqLen, opts);
  return { kind, matmul, attention, total: matmul + attention };
}

export function modelFlopsPerToken(arch: Arch, seqLen: number, opts: ModelFlopsOptions = {}): ForwardFlops {
  const byKind = {
    dense: layerForwardFlopsPerToken(arch, "dense", seqLen, opts),
    moe: layerForwardFlopsPerToken(arch, "moe", seqLen, opts),
  };
  const perLayer = layerKinds(arch).map((kind) => byKind[kind]);
  const lmHead = 2 * arch.vocab * arch.hidden;
  const mtp: LayerFlops[] = [];
  if (opts.mtp && (arch.mtp ?? 0) > 0) {
    const block = layerForwardFlopsPerToken(arch, mtpLayerKind(arch), seqLen, opts);
    // Each module: its block, the eh_proj projection and one more pass through the shared head.
    const matmul = block.matmul + 2 * mtpModuleParams(arch).projection + lmHead;
    for (let i = 0; i < (arch.mtp ?? 0); i++) {
      mtp.push({ kind: "mtp", matmul, attention: block.attention, total: matmul + block.attention });
    }
  }
  const total = perLayer.reduce((s, l) => s + l.total, 0) + lmHead + mtp.reduce((s, l) => s + l.total, 0);
  return { perLayer, lmHead, mtp, total };
}
