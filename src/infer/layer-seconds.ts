// Time of one transformer layer on one device for one inference iteration, from its real matmul
// shapes after the tensor/expert splits, each op on the roofline max(FLOPs / peak, bytes / HBM)
// plus a fixed kernel cost (Williams et al. 2009; the LLM form as in LLM-Viewer, Yuan et al.
// 2024, arXiv:2402.16363). MLA decodes in its absorbed form (DeepSeek-V2, arXiv:2405.04434
// Sec. 2.1.2 and App. C; FlashMLA): each query head attends over the cached kvLoraRank + rope
// latent, 2·(kvLora + rope + kvLora) FLOPs per head per cached token, reading only the latent.
// Prefill attention is causal and compute-bound (FlashAttention-2/3, Dao 2023, Shah et al. 2024).
import type { Group } from "../collectives/group.ts";
import { type Arch, headDim } from "../model/arch.ts";
import type { LayerKind } from "../model/layer-kinds.ts";
import { expertDispatchSeconds } from "./expert-dispatch.ts";
import type { InferLayout } from "./layout.ts";
import { expertLoadImbalance, touchedExpertFraction } from "./moe-routing.ts";
import type { InferPrecision } from "./precision.ts";
import type { InferRates } from "./rates.ts";
import { tpAllReduceSeconds } from "./tp-all-reduce.ts";

export interface StepContext {
  arch: Arch;
  layout: InferLayout;
  precision: InferPrecision;
  rates: InferRates;
  groups: { tp: Group; ep: Group; pp: Group };
}

/** The work of one iteration, per attention group (every device of the group sees these tokens). */
export interface StepLoad {
  /** sequences generating in this iteration */
  decodeSequences: number;
  /** query tokens per generating sequence: 1, or 1 + draft tokens when verifying MTP drafts */
  queryTokensPerSequence: number;
  /** cached tokens each generating sequence attends to */
  contextTokens: number;
  /** prompt tokens computed in this iteration (prefix-cache hits excluded) */
  prefillTokens: number;
  /** average keys each prompt token attends to (causal) */
  prefillKeysPerToken: number;
  /** prompts whose last token is computed here (one LM-head row each) */
  prefillSequences: number;
  /** cached tokens re-read from HBM by chunked prefill or a prefix-cache hit */
  prefillKvReadTokens: number;
  /** data-parallel attention: prompt tokens of the busiest group this iteration (default: the mean) */
  busiestPrefillTokens?: number;
}

export interface LayerSeconds {
  /** attention projections, dense MLP, shared experts, router */
  projections: number;
  /** attention core (scores and values over the KV cache) */
  attention: number;
  /** routed experts on this device */
  experts: number;
  /** norms, residuals, activation functions */
  elementwise: number;
  tpComm: number;
  epComm: number;
  /** FLOPs on this device */
  flops: number;
}

const op = (r: InferRates, flops: number, bytes: number, flopsPerSecond: number, kernels = 1) =>
  Math.max(flops / flopsPerSecond, bytes / r.memoryBytesPerSecond) + kernels * r.kernelSeconds;

/** m×k by k×n with stored weights; returns [seconds, flops]. */
function linear(c: StepContext, m: number, k: number, n: number, half = false): [number, number] {
  if (m <= 0 || k <= 0 || n <= 0) return [0, 0];
  const p = c.precision;
  const wB = half ? 2 : p.weightBytes;
  const aB = half ? 2 : p.activationBytes;
  const flops = 2 * m * k * n;
  const bytes = k * n * wB + m * k * aB + m * n * 2;
  return [op(c.rates, flops, bytes, half ? c.rates.halfFlopsPerSecond : c.rates.matmulFlopsPerSecond), flops];
}

/** Elements cached per token per layer on one device (MLA's latent is replicated over tp). */
export function kvElementsPerTokenPerLayerOnDevice(arch: Arch, tp: number): number {
  const att = arch.attention;
  if (att?.kind === "mla") return att.kvLoraRank + att.qkRopeHeadDim;
  return 2 * Math.max(1, arch.kvHeads / tp) * headDim(arch);
}

export function layerSeconds(c: StepContext, kind: LayerKind, load: StepLoad): LayerSeconds {
  const a = c.arch;
  const l = c.layout;
  const r = c.rates;
  const h = a.hidden;
  const tp = l.tp;
  const hl = a.heads / tp;
  const Td = load.decodeSequences * load.queryTokensPerSequence;
  // Attention groups run their own sequences but meet at every MoE layer, so the attention
  // side runs at the busiest group's load; the experts see the mean over groups.
  const Tp = Math.max(load.prefillTokens, load.busiestPrefillTokens ?? 0);
  const T = Td + Tp;
  const Tmean = Td + load.prefillTokens;
  let projections = 0;
  let flops = 0;
  const add = (x: [number, number]) => {
    projections += x[0];
    flops += x[1];
  };

  // Attention projections and core.
  let attention = 0;
  const kvEl = kvElementsPerTokenPerLayerOnDevice(a, tp);
  const kvB = c.precision.kvBytes;
  const att = a.attention;
  if (att?.kind === "mla") {
    const qk = att.qkNopeHeadDim + att.qkRopeHeadDim;
    if (att.qLoraRank) {
      add(linear(c, T, h, att.qLoraRank));
      add(linear(c, T, att.qLoraRank, hl * qk));
    } else add(linear(c, T, h, hl * qk));
    add(linear(c, T, h, att.kvLoraRank + att.qkRopeHeadDim));
    // wkv_b: absorbed into the query and output in decode, applied to the latents in prefill;
    // the same weights and FLOPs either way.
    add(linear(c, T, att.kvLoraRank, hl * (att.qkNopeHeadDim + att.vHeadDim)));
    add(linear(c, T, hl * att.vHeadDim, h));
    if (Td > 0) {
      const f = 2 * Td * load.contextTokens * hl * (2 * att.kvLoraRank + att.qkRopeHeadDim);
      const bytes = load.decodeSequences * load.contextTokens * kvEl * kvB + Td * hl * att.kvLoraRank * 4;
      attention += op(r, f, bytes, r.mlaDecodeFlopsPerSecond);
      flops += f;
    }
    if (Tp > 0) {
      const f = 2 * Tp * load.prefillKeysPerToken * hl * (qk + att.vHeadDim);
      const bytes = Tp * hl * (2 * qk + 2 * att.vHeadDim) * 2 + load.prefillKvReadTokens * kvEl * kvB;
      attention += op(r, f, bytes, r.attentionFlopsPerSecond);
      flops += f;
    }
  } else {
    const hd = headDim(a);
    const kvl = Math.max(1, a.kvHeads / tp);
    add(linear(c, T, h, (hl + 2 * kvl) * hd));
    add(linear(c, T, hl * hd, h));
    if (Td > 0) {
      const f = 2 * Td * load.contextTokens * hl * 2 * hd;
      const bytes = load.decodeSequences * load.contextTokens * kvEl * kvB;
      attention += op(r, f, bytes, r.attentionFlopsPerSecond);
      flops += f;
    }
    if (Tp > 0) {
      const f = 2 * Tp * load.prefillKeysPerToken * hl * 2 * hd;
      const bytes = Tp * (hl + 2 * kvl) * hd * 2 * 2 + load.prefillKvReadTokens * kvEl * kvB;
      attention += op(r, f, bytes, r.attentionFlopsPerSecond);
      flops += f;
    }
  }

  // MLP: dense, or router + shared experts + routed experts.
  const gated = a.mlp === "swiglu";
  const mats = gated ? 3 : 2;
  let experts = 0;
  let epComm = 0;
  let ffnLocal: number;
  const dense = (ffn: number) => {
    add(linear(c, T, h, (gated ? 2 : 1) * ffn));
    add(linear(c, T, ffn, h));
  };
  if (kind === "dense" || !a.moe) {
    ffnLocal = a.ffn / tp;
    dense(ffnLocal);
  } else {
    const m = a.moe;
    add(linear(c, T, h, m.experts, true));
    ffnLocal = (m.sharedExperts * m.expertFfn) / tp;
    if (m.sharedExperts > 0) dense(ffnLocal);
    // Unique tokens of the instance reach the experts; each device holds experts/ep of them.
    const instanceTokens = Tmean * l.attentionGroups;
    const assignments = (instanceTokens * m.topK) / l.ep;
    const imbalance = expertLoadImbalance(l.ep, assignments);
    const fe = m.expertFfn / l.expertTp;
    const touched = l.localExperts * touchedExpertFraction(m.experts, m.topK, instanceTokens);
    const ef = imbalance * assignments * 2 * h * fe * mats;
    const p = c.precision;
    const bytes =
      touched * mats * h * fe * p.weightBytes +
      imbalance *
        assignments *
        (h * p.activationBytes + (gated ? 2 : 1) * fe * 2 + fe * p.activationBytes + h * 2);
    experts = op(r, ef, bytes, r.matmulFlopsPerSecond, 2);
    flops += ef;
    if (l.ep > 1) {
      // Dispatch at the matmul input format (fp8/int8 as DeepEP), combine in 16 bits.
      const sent = Tmean / tp;
      const dispatchBytes = Math.min(2, p.activationBytes);
      const g = c.groups.ep;
      epComm =
        expertDispatchSeconds(g, sent, h * dispatchBytes, m.topK, m.routedNodes) +
        expertDispatchSeconds(g, sent, h * 2, m.topK, m.routedNodes);
    }
  }
  // Two norms, two residual adds and rotary over the hidden stream, the activation function
  // over the intermediate; fused into a few kernels.
  const elemBytes = T * (10 * h + (gated ? 3 : 2) * ffnLocal) * 2;
  const elementwise = T > 0 ? elemBytes / r.memoryBytesPerSecond + 4 * r.kernelSeconds : 0;
  const tpComm = tp > 1 && T > 0 ? 2 * tpAllReduceSeconds(T * h * 2, c.groups.tp) : 0;
  return { projections, attention, experts, elementwise, tpComm, epComm, flops };
}
