// Time of one transformer layer on one device for one inference iteration. The matmul shapes are
// the ones training uses (src/cost/layer-shapes.ts); each kernel is timed from the serving
// engines' measured kernel tables where the device has them (catalog/kernels: GEMM by shape and
// dtype, grouped MoE GEMM by tokens per expert, context and generation attention, custom
// all-reduce), else on the roofline max(FLOPs / peak, bytes / HBM) plus a fixed kernel cost
// (Williams et al. 2009; the LLM form as in LLM-Viewer, Yuan et al. 2024, arXiv:2402.16363).
// MLA decodes in its absorbed form (DeepSeek-V2, arXiv:2405.04434 Sec. 2.1.2 and App. C;
// FlashMLA): each query head attends over the cached kvLoraRank + rope latent, reading only the
// latent. Prefill attention is causal and compute-bound (FlashAttention-2/3, Dao 2023, Shah et
// al. 2024). MLA stays on the roofline with its per-family fitted rate even where MLA tables
// exist: AIConfigurator's MLA collections are sparse or carry fixed floors (H200 TensorRT-LLM
// 1.3.0rc20 decode MLA measures KV lengths up to 64 only; vLLM 0.14's decode MLA never falls
// below 165 µs, FP8-cache 745 µs, at batch 2 and 16 heads, 100× the bytes at HBM bandwidth;
// SGLang 0.5.14's FP8-cache decode MLA reaches 17 TFLOP/s), so a grid built from them extrapolates
// a slow path across shapes it never timed.
import type { Group } from "../collectives/group.ts";
import {
  attentionCoreFlops,
  attentionGemms,
  type GemmShape,
  mlpGemms,
  routerGemm,
} from "../cost/layer-shapes.ts";
import {
  allReduceSeconds,
  contextAttentionSeconds,
  gemmSeconds,
  generationAttentionSeconds,
  groupedGemmSeconds,
} from "../hardware/kernel-table.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Arch, headDim } from "../model/arch.ts";
import { windowedKeys } from "../model/attention-core-flops.ts";
import type { LayerKind } from "../model/layer-kinds.ts";
import { expertDispatchSeconds } from "./expert-dispatch.ts";
import type { InferLayout } from "./layout.ts";
import { expertLoadImbalance, touchedExpertFraction } from "./moe-routing.ts";
import type { InferPrecision } from "./precision.ts";
import type { InferRates } from "./rates.ts";
import { tpAllReduceSeconds } from "./tp-all-reduce.ts";

/** Measured kernel tables for a deployment: the device's (or its compute sibling's), and the
 * serving engine whose tables to prefer. */
export interface InferKernels {
  tables: DeviceKernelTables;
  backend?: string;
}

export interface StepContext {
  arch: Arch;
  layout: InferLayout;
  precision: InferPrecision;
  rates: InferRates;
  groups: { tp: Group; ep: Group; pp: Group };
  kernels?: InferKernels;
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

/** The table dtype of the matmuls: the activation format the GEMMs run at. */
function tableDtype(p: InferPrecision): string | undefined {
  if (p.weightOnly) return undefined; // weight-only kernels (W4A16, Marlin) are not in the tables
  if (p.activations === "fp8") return "fp8";
  if (p.activations === "fp4") return "nvfp4";
  if (p.activations === "bf16" || p.activations === "fp16") return "bf16";
  return undefined;
}

/** One GEMM of `count` identical shapes; returns [seconds, flops]. `half` runs it in 16 bits. */
function linear(c: StepContext, x: GemmShape, half = false): [number, number] {
  const { m, k, n, count } = x;
  if (m <= 0 || k <= 0 || n <= 0) return [0, 0];
  const flops = 2 * m * k * n * count;
  const dtype = half ? "bf16" : tableDtype(c.precision);
  if (c.kernels && dtype) {
    const pick = { backend: c.kernels.backend, fastest: true };
    let est = gemmSeconds(c.kernels.tables, { m, n, k, dtype }, pick);
    // The tables time tensor-core tile kernels; for a handful of rows the engines run low-precision
    // weights through CUDA-core GEMV paths instead (TensorRT-LLM's and vLLM's FP8/FP4 small-batch
    // kernels), which read fewer bytes than a 16-bit GEMM, so the 16-bit table bounds them: on B200
    // TensorRT-LLM 1.3's FP8 tile GEMM takes 17 µs at 1×576×7168 where its BF16 one takes 6 µs.
    if (est && dtype !== "bf16") {
      const b = gemmSeconds(c.kernels.tables, { m, n, k, dtype: "bf16" }, pick);
      if (b && b.seconds < est.seconds) est = b;
    }
    if (est) return [count * est.seconds, flops];
  }
  const p = c.precision;
  const wB = half ? 2 : p.weightBytes;
  const aB = half ? 2 : p.activationBytes;
  const bytes = k * n * wB + m * k * aB + m * n * 2;
  const rate = half ? c.rates.halfFlopsPerSecond : c.rates.matmulFlopsPerSecond;
  return [count * op(c.rates, 2 * m * k * n, bytes, rate), flops];
}

/** Elements cached per token per layer on one device (MLA's latent is replicated over tp). */
export function kvElementsPerTokenPerLayerOnDevice(arch: Arch, tp: number): number {
  const att = arch.attention;
  if (att?.kind === "mla") return att.kvLoraRank + att.qkRopeHeadDim;
  return 2 * Math.max(1, arch.kvHeads / tp) * headDim(arch);
}

function kvTableDtype(p: InferPrecision): string {
  return p.kvCache === "fp8" || p.kvCache === "int8" ? "fp8" : "bf16";
}

function attentionSeconds(c: StepContext, load: StepLoad, Td: number, Tp: number): [number, number] {
  const a = c.arch;
  const r = c.rates;
  const hl = a.heads / c.layout.tp;
  const kvEl = kvElementsPerTokenPerLayerOnDevice(a, c.layout.tp);
  const kvB = c.precision.kvBytes;
  const t = c.kernels;
  const pick = { backend: t?.backend };
  let seconds = 0;
  let flops = 0;
  const att = a.attention;
  if (Td > 0) {
    const S = load.decodeSequences;
    // keys per query averaged over the layers (sliding-window layers read at most their window)
    const ctx = windowedKeys(a, load.contextTokens);
    if (att?.kind === "mla") {
      const f = 2 * Td * ctx * hl * (2 * att.kvLoraRank + att.qkRopeHeadDim);
      const bytes = S * ctx * kvEl * kvB + Td * hl * att.kvLoraRank * 4;
      seconds += op(r, f, bytes, r.mlaDecodeFlopsPerSecond);
      flops += f;
    } else {
      const hd = headDim(a);
      const f = 2 * Td * ctx * hl * 2 * hd;
      const est = t
        ? generationAttentionSeconds(
            t.tables,
            {
              batch: Td,
              kvLength: ctx,
              heads: hl,
              kvHeads: Math.max(1, a.kvHeads / c.layout.tp),
              headDim: hd,
              kvDtype: kvTableDtype(c.precision),
            },
            pick,
          )
        : undefined;
      seconds += est ? est.seconds : op(r, f, S * ctx * kvEl * kvB, r.attentionFlopsPerSecond);
      flops += f;
    }
  }
  if (Tp > 0) {
    const keys = windowedKeys(a, load.prefillKeysPerToken);
    const f = attentionCoreFlops(a, Tp, keys, c.layout.tp);
    // the tables time whole causal prompts: a prompt of 2·keys tokens sees `keys` keys on average
    const seq = Math.max(1, Math.round(2 * keys));
    // a chunk shorter than that is a fraction of one such prompt: its share of the prompt's time
    const prompts = Tp / seq;
    const batch = Math.max(1, prompts);
    const share = Math.min(1, prompts);
    let est: { seconds: number } | undefined;
    if (t && att?.kind !== "mla")
      est = contextAttentionSeconds(
        t.tables,
        { batch, seq, heads: hl, kvHeads: Math.max(1, a.kvHeads / c.layout.tp), headDim: headDim(a) },
        pick,
      );
    if (est) est = { seconds: est.seconds * share };
    const width =
      att?.kind === "mla"
        ? hl * (2 * (att.qkNopeHeadDim + att.qkRopeHeadDim) + 2 * att.vHeadDim)
        : (hl + 2 * Math.max(1, a.kvHeads / c.layout.tp)) * headDim(a) * 2;
    const bytes = Tp * width * 2 + load.prefillKvReadTokens * kvEl * kvB;
    seconds += est ? est.seconds : op(r, f, bytes, r.attentionFlopsPerSecond);
    flops += f;
  }
  return [seconds, flops];
}

export function layerSeconds(c: StepContext, kind: LayerKind, load: StepLoad): LayerSeconds {
  const a = c.arch;
  const l = c.layout;
  const r = c.rates;
  const h = a.hidden;
  const tp = l.tp;
  const Td = load.decodeSequences * load.queryTokensPerSequence;
  // Attention groups run their own sequences but meet at every MoE layer, so the attention
  // side runs at the busiest group's load; the experts see the mean over groups.
  const Tp = Math.max(load.prefillTokens, load.busiestPrefillTokens ?? 0);
  const T = Td + Tp;
  const Tmean = Td + load.prefillTokens;
  let projections = 0;
  let flops = 0;
  const add = (list: GemmShape[], half = false) => {
    for (const x of list) {
      const [s, f] = linear(c, x, half);
      projections += s;
      flops += f;
    }
  };

  // Attention projections (MLA's wkv_b is absorbed into the query and output in decode and
  // applied to the latents in prefill: the same weights and FLOPs either way) and core.
  add(attentionGemms(a, T, tp));
  const [attention, attFlops] = attentionSeconds(c, load, Td, Tp);
  flops += attFlops;

  // MLP: dense, or router + shared experts + routed experts.
  const gated = a.mlp === "swiglu";
  const mats = gated ? 3 : 2;
  let experts = 0;
  let epComm = 0;
  let ffnLocal: number;
  if (kind === "dense" || !a.moe) {
    ffnLocal = a.ffn / tp;
    add(mlpGemms(a, a.ffn, T, tp));
  } else {
    const m = a.moe;
    add(routerGemm(a, T), true);
    ffnLocal = (m.sharedExperts * m.expertFfn) / tp;
    if (m.sharedExperts > 0) add(mlpGemms(a, m.expertFfn * m.sharedExperts, T, tp, "shared"));
    // Unique tokens of the instance reach the experts; each device holds experts/ep of them.
    const instanceTokens = Tmean * l.attentionGroups;
    const assignments = (instanceTokens * m.topK) / l.ep;
    const imbalance = expertLoadImbalance(l.ep, assignments);
    const fe = m.expertFfn / l.expertTp;
    const touched = l.localExperts * touchedExpertFraction(m.experts, m.topK, instanceTokens);
    const ef = imbalance * assignments * 2 * h * fe * mats;
    const p = c.precision;
    const dtype = tableDtype(p);
    const est =
      c.kernels && dtype
        ? groupedGemmSeconds(
            c.kernels.tables,
            {
              tokensPerExpert: (imbalance * assignments) / Math.max(1, l.localExperts),
              experts: Math.max(1, Math.round(l.localExperts)),
              hidden: h,
              inter: fe,
              dtype,
            },
            { backend: c.kernels.backend, fastest: true },
          )
        : undefined;
    if (est) experts = est.seconds;
    else {
      const bytes =
        touched * mats * h * fe * p.weightBytes +
        imbalance *
          assignments *
          (h * p.activationBytes + (gated ? 2 : 1) * fe * 2 + fe * p.activationBytes + h * 2);
      experts = op(r, ef, bytes, r.matmulFlopsPerSecond, 2);
    }
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
  let tpComm = 0;
  if (tp > 1 && T > 0) {
    const bytes = T * h * 2;
    const est = c.kernels
      ? allReduceSeconds(c.kernels.tables, { bytes, ranks: tp }, { backend: c.kernels.backend })
      : undefined;
    tpComm = 2 * (est && c.groups.tp.inter === 1 ? est.seconds : tpAllReduceSeconds(bytes, c.groups.tp));
  }
  return { projections, attention, experts, elementwise, tpComm, epComm, flops };
}
