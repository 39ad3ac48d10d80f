// The matmul shapes of one transformer layer on one device, written once for training and
// serving: Megatron-LM's layer (Shoeybi et al. 2019 Fig. 3: column-parallel QKV and fc1,
// row-parallel projection and fc2), GQA (Ainslie et al. 2023), MLA (DeepSeek-V2, arXiv:2405.04434
// Sec. 2.1: replicated down-projections, head-split up-projections), SwiGLU (Shazeer 2020) and
// MoE (router, shared experts split like the dense MLP, routed experts whole on their device or
// split `expertTp` ways). Shapes are m×k by k×n with m the tokens; `count` repeats a shape.
import { type Arch, headDim } from "../model/arch.ts";

export type GemmPart = "attention" | "mlp" | "router" | "shared" | "experts" | "mtp";

export interface GemmShape {
  name: string;
  m: number;
  k: number;
  n: number;
  count: number;
  part: GemmPart;
  /** the GEMM's input comes straight out of a norm (Transformer Engine's LayerNormLinear fuses
   * the cast of such inputs into the norm) */
  afterNorm: boolean;
  /** a fused shape's separate projections as an engine that does not fuse them writes them, by
   * output width (QKV: q, k, v; a SwiGLU fc1: gate, up); absent: one projection */
  projections?: number[];
}

const g = (
  name: string,
  m: number,
  k: number,
  n: number,
  part: GemmPart,
  afterNorm = false,
  count = 1,
): GemmShape => ({ name, m, k, n, count, part, afterNorm });

/** The separate matmul calls a shape stands for, as shares of it (one call when not fused). */
export function projectionShares(x: Pick<GemmShape, "projections">): number[] {
  const widths = x.projections ?? [1];
  const total = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => w / total);
}

/** torchtitan's per-op selective recompute ("saves output of all compute ops, except every second
 * mm", torchtitan/models/llama3/parallelize_llama.py): whether the block's `call`-th matmul call
 * (counted from 1) is recomputed. */
export function opPolicyRecomputes(call: number): boolean {
  return call % 2 === 0;
}

/** Attention projections for `tokens` tokens on a device holding heads/tp query heads. */
export function attentionGemms(a: Arch, tokens: number, tp: number): GemmShape[] {
  const h = a.hidden;
  const hl = a.heads / tp;
  const att = a.attention;
  if (att?.kind === "mla") {
    const qk = att.qkNopeHeadDim + att.qkRopeHeadDim;
    const out: GemmShape[] = [];
    // Down-projections are small and replicated over the tensor-parallel group.
    if (att.qLoraRank) {
      out.push(g("q down", tokens, h, att.qLoraRank, "attention", true));
      out.push(g("q up", tokens, att.qLoraRank, hl * qk, "attention"));
    } else out.push(g("q", tokens, h, hl * qk, "attention", true));
    out.push(g("kv down", tokens, h, att.kvLoraRank + att.qkRopeHeadDim, "attention", true));
    out.push(g("kv up", tokens, att.kvLoraRank, hl * (att.qkNopeHeadDim + att.vHeadDim), "attention"));
    out.push(g("out", tokens, hl * att.vHeadDim, h, "attention"));
    return out;
  }
  const hd = headDim(a);
  const kvl = Math.max(1, a.kvHeads / tp);
  return [
    { ...g("qkv", tokens, h, (hl + 2 * kvl) * hd, "attention", true), projections: [hl, kvl, kvl] },
    g("out", tokens, hl * hd, h, "attention"),
  ];
}

/** A (dense or shared-expert) MLP of intermediate size `ffn` split over tp. */
export function mlpGemms(
  a: Arch,
  ffn: number,
  tokens: number,
  tp: number,
  part: GemmPart = "mlp",
): GemmShape[] {
  const f = ffn / tp;
  const up = a.mlp === "swiglu" ? 2 * f : f;
  const fc1 = g("fc1", tokens, a.hidden, up, part, true);
  return [a.mlp === "swiglu" ? { ...fc1, projections: [f, f] } : fc1, g("fc2", tokens, f, a.hidden, part)];
}

/** The router's logits, replicated: every token against every expert. */
export function routerGemm(a: Arch, tokens: number): GemmShape[] {
  return a.moe ? [g("router", tokens, a.hidden, a.moe.experts, "router", true)] : [];
}

/** Routed experts on one device: `localExperts` experts each computing `tokensPerExpert`
 * tokens, an expert's intermediate split `expertTp` ways. */
export function expertGemms(
  a: Arch,
  tokensPerExpert: number,
  localExperts: number,
  expertTp = 1,
): GemmShape[] {
  if (!a.moe) return [];
  const f = a.moe.expertFfn / expertTp;
  const up = a.mlp === "swiglu" ? 2 * f : f;
  return [
    g("expert fc1", tokensPerExpert, a.hidden, up, "experts", false, localExperts),
    g("expert fc2", tokensPerExpert, f, a.hidden, "experts", false, localExperts),
  ];
}

/** Matmuls of every GEMM in the list: FLOPs and weight elements. */
export function gemmTotals(gs: GemmShape[]): { flops: number; weights: number } {
  let flops = 0;
  let weights = 0;
  for (const x of gs) {
    flops += 2 * x.m * x.k * x.n * x.count;
    weights += x.k * x.n * x.count;
  }
  return { flops, weights };
}

/** Widths of the attention core per head: query-key and value (MLA: nope + rope, v). */
export function attentionHeadWidths(a: Arch): { qk: number; v: number } {
  const att = a.attention;
  if (att?.kind === "mla") return { qk: att.qkNopeHeadDim + att.qkRopeHeadDim, v: att.vHeadDim };
  const hd = headDim(a);
  return { qk: hd, v: hd };
}

/** FLOPs of the attention core (scores and values) for `queries` query tokens each seeing
 * `keysPerQuery` keys on average, heads/tp heads on this device (FlashAttention counts the same). */
export function attentionCoreFlops(a: Arch, queries: number, keysPerQuery: number, tp: number): number {
  const { qk, v } = attentionHeadWidths(a);
  return 2 * queries * keysPerQuery * (a.heads / tp) * (qk + v);
}
