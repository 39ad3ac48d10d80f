// Time of one transformer layer for one micro-batch on one device, forward and backward, from
// its real matmul shapes (src/cost/layer-shapes.ts, shared with serving) after the tensor,
// context and expert splits, plus what the software around them does (src/stack): FP8 casts,
// MoE routing and token permutation, the dispatch all-to-all or all-gather, kernel launches the
// host must issue and the host-device synchronisation of a dropless dispatch.
// Flash-attention backward does 2.5x the forward matmul work (Dao 2023, FlashAttention-2 Sec. 3);
// a GEMM's backward is two GEMMs of the same FLOPs (input and weight gradients).
import { COLLECTIVES } from "../collectives/collectives.ts";
import type { Group } from "../collectives/group.ts";
import { type GemmTimer, timeGemm } from "../cost/gemm-timer.ts";
import {
  attentionCoreFlops,
  attentionGemms,
  expertGemms,
  type GemmShape,
  mlpGemms,
  opPolicyRecomputes,
  projectionShares,
  routerGemm,
} from "../cost/layer-shapes.ts";
import { type Engine, streamSeconds } from "../hardware/roofline.ts";
import { keepsDropout, type RecomputeModule } from "../model/activation-bytes.ts";
import type { Arch } from "../model/arch.ts";
import { headDim } from "../model/arch.ts";
import { meanCausalKeys } from "../model/attention-core-flops.ts";
import type { LayerKind } from "../model/layer-kinds.ts";
import { log2, pow } from "../portable-math.ts";
import type { TrainStack } from "../stack/train-stack.ts";
import { castPass, type QuantRecipe } from "./fp8-casts.ts";

/** Framework operations of Megatron-Core's TopKRouter (gating GEMM aside: scores, top-k, the
 * load-balancing and z losses, their reductions) and of its token dispatcher around the exchange
 * (token counts, the all-gather of counts, permute, sort of chunks by expert, unpermute), counted
 * from the modules' forward code; most launch a small kernel, some none. */
export const ROUTER_HOST_OPS = 20;
export const DISPATCH_HOST_OPS = 40;

export interface LayerContext {
  arch: Arch;
  /** tokens of the micro-batch on this context-parallel rank (microBatch·seqLen/cp) */
  tokens: number;
  seqLen: number;
  microBatch: number;
  tp: number;
  cp: number;
  ep: number;
  /** expert tensor parallel: each expert's FFN split over etp devices */
  etp: number;
  sequenceParallel: boolean;
  /** matmul inputs (fp8 training: 1) */
  matmulBytes: number;
  /** activations and communication (bf16: 2) */
  activationBytes: number;
  /** bytes per token-element sent in the MoE dispatch (fp8 dispatch: 1) */
  dispatchBytes: number;
  matmul: Engine;
  /** the matmuls' timer: measured tables scaled to the family's level, else the roofline */
  gemm: GemmTimer;
  /** bf16 engine for attention and elementwise work (fp8 training keeps attention in bf16) */
  vector: Engine;
  tpGroup: Group;
  cpGroup: Group;
  epGroup: Group;
  /** the devices one expert's FFN is split over */
  etpGroup: Group;
  /** busiest device's expert work over the mean */
  moeImbalance: number;
  stack: TrainStack;
}

/** Forward-pass seconds by cause (GPU time on this device). */
export interface LayerParts {
  gemm: number;
  attention: number;
  experts: number;
  routing: number;
  elementwise: number;
  quant: number;
}

/** One piece of forward work in issue order: its GPU seconds and the host operations that issue it
 * (none when a graph captured it). `comm` marks where the exposed tensor-parallel ("tp") or expert
 * dispatch ("ep") communication sits. */
export interface ForwardItem {
  gpu: number;
  hostOps: number;
  comm?: "tp" | "ep";
}

export interface LayerCost {
  /** GPU compute, seconds */
  forward: number;
  backward: number;
  /** forward seconds by cause; the backward is 2x each (2.5x attention) plus `quantBackward` */
  parts: LayerParts;
  /** backward cast passes of the output gradients (FP8) */
  quantBackward: number;
  /** attention core alone (forward), for selective recompute */
  attentionForward: number;
  /** forward seconds of each module Megatron-Core can recompute (--recompute-modules) */
  moduleForward: Record<RecomputeModule, number>;
  /** forward seconds a per-op selective policy recomputes (torchtitan's: every second matmul of the
   * block, grouped expert matmuls and everything that is not a matmul or the flash attention) */
  opPolicyForward: number;
  /** forward GEMM seconds each of the layer's four sequence-parallel collectives can hide behind:
   * the attention input projections (after the first all-gather), the attention output projection
   * (before the first reduce-scatter), the MLP's (or MoE block's) input and output GEMMs */
  tpPartners: [number, number, number, number];
  /** communication on the critical path, seconds (forward; backward is the same volume) */
  tpComm: number;
  cpComm: number;
  epComm: number;
  /** operations the host must issue (not captured in a graph), forward and backward */
  hostOpsForward: number;
  hostOpsBackward: number;
  /** host-device synchronisations in the forward (dropless dispatch sizing its buffers) */
  syncsForward: number;
  /** the forward cut at its synchronisation: the work before and after it in issue order (one
   * segment when nothing synchronises) */
  forwardSegments: ForwardItem[][];
  /** parameters held on this device for this layer */
  denseParams: number;
  expertParams: number;
  /** model FLOPs of the layer forward on this device (matmuls + causal attention) */
  forwardFlops: number;
}

interface Acc {
  gpu: LayerParts;
  /** backward cast passes (output gradients) */
  quantBackward: number;
  /** backward matmuls (input and weight gradients) */
  gemmBackward: number;
  /** backward of work counted as it runs rather than as a multiple of its forward (an unfused
   * attention core, the expert-bias loop) */
  explicitBackward: number;
  /** which side of the dispatch synchronisation the work being added is on */
  phase: 0 | 1;
  /** host operations of the backward not captured in a graph (the forward's are on its items) */
  opsBackward: number;
  /** forward work per phase in issue order */
  items: [ForwardItem[], ForwardItem[]];
  /** a graph (partial or full) captures what is marked capturable */
  graphs: TrainStack["graphs"];
  /** separate projections (matmul calls) seen so far in the block, for a per-op policy */
  projections: number;
  /** forward matmul seconds a per-op policy recomputes */
  opMatmul: number;
}

function add(
  acc: Acc,
  part: keyof LayerParts,
  seconds: number,
  hostOpsForward: number,
  hostOpsBackward: number,
  capturable: boolean,
  comm?: "tp" | "ep",
) {
  acc.gpu[part] += seconds;
  const captured = capturable && acc.graphs !== "none";
  acc.items[acc.phase].push({ gpu: seconds, hostOps: captured ? 0 : hostOpsForward, comm });
  if (captured) return;
  acc.opsBackward += hostOpsBackward;
}

/** Casts a fused grouped MLP writes from a GEMM's epilogue: FC2's input, quantised as FC1's
 * activation leaves it, and FC1's output gradient, as FC2's input-gradient GEMM emits it. */
const EPILOGUE_CASTS = { forward: "expert fc2", backward: "expert fc1" } as const;

function gemms(c: LayerContext, acc: Acc, list: GemmShape[], part: keyof LayerParts, capturable: boolean) {
  const recipe: QuantRecipe | undefined = c.matmulBytes < 2 ? c.stack.fp8Recipe : undefined;
  for (const x of list) {
    // a loop over experts launches one GEMM per expert; a grouped kernel covers them all
    const grouped = x.part === "experts" && c.stack.groupedGemm === "fused";
    const kernels = grouped ? 1 : x.count;
    const spare = (x.count - kernels) * c.matmul.kernelSeconds;
    const seconds = timeGemm(c.gemm, x.m, x.k, x.n, c.matmulBytes, x.count) - spare;
    add(acc, part, seconds, kernels, 2 * kernels, capturable);
    opPolicyMatmul(acc, x, seconds);
    // input gradient (m×n by n×k) and weight gradient (k×m by m×n), each its measured shape
    acc.gemmBackward += c.gemm.tables
      ? timeGemm(c.gemm, x.m, x.n, x.k, c.matmulBytes, x.count) +
        timeGemm(c.gemm, x.k, x.m, x.n, c.matmulBytes, x.count) -
        2 * spare
      : 2 * seconds;
    if (recipe) {
      // casts of the GEMM's input (forward) and of its output gradient (backward), per expert
      // unless the grouped kernel's inputs are cast together
      const castKernels = x.part === "experts" && !c.stack.fp8Fused ? x.count : 1;
      const fusedMlp = x.part === "experts" && c.stack.expertMlpFused;
      const none = { seconds: 0, kernels: 0 };
      const fwd =
        fusedMlp && x.name === EPILOGUE_CASTS.forward
          ? none
          : castPass(c.vector, recipe, x.m * x.k * x.count, x.afterNorm, c.stack.fp8Fused, castKernels);
      const bwd =
        fusedMlp && x.name === EPILOGUE_CASTS.backward
          ? none
          : castPass(c.vector, recipe, x.m * x.n * x.count, false, c.stack.fp8Fused, castKernels);
      add(acc, "quant", fwd.seconds, fwd.kernels, bwd.kernels, capturable);
      acc.quantBackward += bwd.seconds;
    }
  }
}

/** torchtitan's per-op selective recompute (opPolicyRecomputes): the block's matmul calls are
 * counted in order and the outputs of the 2nd, 4th, ... are recomputed; a fused shape
 * stands for its separate projections (wq, wk, wv; w1, w3), each its share of the time. Grouped
 * expert matmuls are not in the list and are always recomputed. `state` carries the count and
 * the recomputed seconds through a block. */
export function opPolicyMatmul(
  state: { projections: number; opMatmul: number },
  x: Pick<GemmShape, "part" | "projections">,
  seconds: number,
) {
  if (x.part === "experts") {
    state.opMatmul += seconds;
    return;
  }
  for (const share of projectionShares(x)) {
    state.projections += 1;
    if (opPolicyRecomputes(state.projections)) state.opMatmul += seconds * share;
  }
}

/** A memory-bound pass: `kernels` GPU kernels, `hostOps` operations the framework issues for it. */
function elementwise(
  c: LayerContext,
  acc: Acc,
  bytes: number,
  kernels: number,
  part: keyof LayerParts,
  capturable: boolean,
  hostOps = kernels,
) {
  add(acc, part, streamSeconds(c.vector, bytes, kernels), hostOps, 2 * hostOps, capturable);
}

/** Bytes per attention-score element moved by the unfused attention's softmax, forward and
 * backward, the batched GEMMs' write and read of the scores included (Megatron-LM
 * DotProductAttention: baddbmm for QK^T, FusedScaleMaskSoftmax, bmm with V).
 * Fused (one 16-bit kernel): baddbmm writes 2; softmax reads 2, writes 2; bmm reads 2 = 8.
 * Backward: bmm writes the probabilities' gradient 2; softmax backward reads it and the
 * probabilities, writes 2 (6); the two baddbmm gradients read it 2 x 2 = 12.
 * Separate fp32 operators (--no-masked-softmax-fusion, --attention-softmax-in-fp32; the module's
 * forward_torch_softmax): baddbmm writes 2; float() reads 2, writes 4; scale 4 + 4; mask 4 + 4;
 * softmax 4 + 4; cast back 4 + 2; bmm reads 2 = 40. Backward, each operator's gradient in turn:
 * 2 + (2 + 4) + (4 + 4 + 4) + (4 + 4) + (4 + 4) + (4 + 2) + 2 x 2 = 46. */
export const SOFTMAX_BYTES = {
  fused: { forward: 8, backward: 12, kernelsForward: 3, kernelsBackward: 6 },
  separate: { forward: 40, backward: 46, kernelsForward: 7, kernelsBackward: 14 },
} as const;

/** Bytes per attention-score element of the dropout on the probabilities (Megatron-LM's
 * CoreAttention applies attention_dropout, --attention-dropout 0.1 by default, between the softmax
 * and the bmm with V; Korthikanti et al. 2022 Sec. 4.1 count its 1-byte mask and 2-byte output in
 * the 5as²b of their activation formula): forward, read the probabilities 2, write the output 2
 * and the mask 1; backward, read the gradient 2 and the mask 1, write 2. One kernel each way. */
export const ATTENTION_DROPOUT_BYTES = { forward: 5, backward: 5 } as const;

/** The attention core without a flash kernel: QK^T and probabilities·V as batched GEMMs over the
 * whole s×s score matrix (no causal skipping: the mask is applied to a full product), forward, and
 * twice those GEMMs backward (the gradients of both operands), plus the softmax's passes and, where
 * the run keeps attention dropout, the dropout's. */
export function unfusedAttention(
  c: Pick<LayerContext, "arch" | "seqLen" | "vector">,
  T: number,
  headsLocal: number,
  softmaxFusion: boolean,
  dropout = false,
): { forward: number; backward: number; kernelsForward: number; kernelsBackward: number } {
  const scores = T * c.seqLen * headsLocal;
  const gemm = attentionCoreFlops(c.arch, T, c.seqLen, 1) * (headsLocal / c.arch.heads);
  const b = softmaxFusion ? SOFTMAX_BYTES.fused : SOFTMAX_BYTES.separate;
  const d = dropout ? 1 : 0;
  const kernelsForward = b.kernelsForward + d;
  const kernelsBackward = b.kernelsBackward + d;
  const mm = gemm / c.vector.matmulFlopsPerSecond;
  return {
    forward:
      mm +
      streamSeconds(c.vector, scores * (b.forward + d * ATTENTION_DROPOUT_BYTES.forward), kernelsForward),
    backward:
      2 * mm +
      streamSeconds(c.vector, scores * (b.backward + d * ATTENTION_DROPOUT_BYTES.backward), kernelsBackward),
    kernelsForward,
    kernelsBackward,
  };
}

/** Megatron-Core's TEGroupedMLP adds the experts' FC2 bias, scaled by each token's routing
 * probability, expert by expert (megatron/core/transformer/moe/experts.py, _apply_bias, from
 * a329dd6 "Enable bias in expert mlp [gpt-oss 5/5]", 2025-09-22, until the packed path of
 * 883533e, 2026-08-14): split the output by expert, t + b * p for each (p in fp32, so the sum is
 * fp32), concatenate, cast back to 16 bits. Bytes per output element, forward: b * p writes 4;
 * the add reads 2 + 4 and writes 4; cat reads 4, writes 4; the cast reads 4, writes 2 = 28.
 * Backward: the cast's gradient reads 2, writes 4; t's gradient is cast to 16 bits, 4 + 2; the
 * bias's gradient (grad x p, summed over tokens) and the probability's (grad x b, summed over the
 * hidden) each read 4, write 4 and read 4 = 6 + 6 + 12 + 12 = 36. Kernels: two per expert and two
 * more forward, five per expert backward. */
export const EXPERT_BIAS_BYTES = { forward: 28, backward: 36 } as const;

export function expertBiasLoop(
  vector: Engine,
  elements: number,
  localExperts: number,
): { forward: number; backward: number; kernelsForward: number; kernelsBackward: number } {
  const kernelsForward = 2 * localExperts + 2;
  const kernelsBackward = 5 * localExperts;
  return {
    forward: streamSeconds(vector, elements * EXPERT_BIAS_BYTES.forward, kernelsForward),
    backward: streamSeconds(vector, elements * EXPERT_BIAS_BYTES.backward, kernelsBackward),
    kernelsForward,
    kernelsBackward,
  };
}

/** Forward and backward time of one layer of `kind` on one device for one micro-batch. */
export function layerCost(c: LayerContext, kind: LayerKind): LayerCost {
  const a = c.arch;
  const h = a.hidden;
  const T = c.tokens;
  const st = c.stack;
  const acc: Acc = {
    gpu: { gemm: 0, attention: 0, experts: 0, routing: 0, elementwise: 0, quant: 0 },
    quantBackward: 0,
    gemmBackward: 0,
    explicitBackward: 0,
    phase: 0,
    opsBackward: 0,
    items: [[], []],
    graphs: st.graphs,
    projections: 0,
    opMatmul: 0,
  };
  const dense = attentionGemms(a, T, c.tp);
  const isMoe = kind === "moe" && a.moe !== undefined;
  // A partial graph captures the attention block and, in MoE layers, the router (Megatron-Bridge's
  // TE scopes attn, moe_router, moe_preprocess); dense MLPs are captured with it.
  const partial = st.graphs !== "none";
  const before = () => Object.values(acc.gpu).reduce((x, y) => x + y, 0);
  let mark = before();
  gemms(
    c,
    acc,
    dense.filter((x) => x.name === "q up" || x.name === "kv up"),
    "gemm",
    partial,
  );
  const mlaUp = before() - mark;
  gemms(
    c,
    acc,
    dense.filter((x) => x.name !== "q up" && x.name !== "kv up" && x.name !== "out"),
    "gemm",
    partial,
  );
  const attnIn = before() - mark;
  mark = before();
  gemms(
    c,
    acc,
    dense.filter((x) => x.name === "out"),
    "gemm",
    partial,
  );
  const attnOut = before() - mark;
  let denseParams = dense.reduce((s, x) => s + x.k * x.n * x.count, 0);
  let expertParams = 0;
  let flops = dense.reduce((s, x) => s + 2 * x.m * x.k * x.n * x.count, 0);

  // Attention core: causal, each of the T query tokens sees on average half the sequence (at most
  // its window on a sliding-window layer); with context parallelism the load-balanced ring gives
  // each rank an equal share.
  const coreFlops = attentionCoreFlops(a, T, meanCausalKeys(a, c.seqLen), c.tp);
  flops += coreFlops;
  let core: number;
  const headsLocal = a.heads / c.tp;
  if (st.attention === "unfused") {
    const u = unfusedAttention(c, T, headsLocal, st.softmaxFusion, keepsDropout(a));
    core = u.forward;
    acc.explicitBackward += u.backward;
    add(acc, "attention", core, u.kernelsForward, u.kernelsBackward, true);
  } else {
    core = coreFlops / c.vector.attentionFlopsPerSecond + c.vector.kernelSeconds;
    add(acc, "attention", core, 1, 2, true);
  }

  const gated = a.mlp === "swiglu";
  let epComm = 0;
  let syncsForward = 0;
  let moeAct = 0;
  let biasLoop = 0;
  let mlpIn = 0;
  let mlpOut = 0;
  if (!isMoe) {
    mark = before();
    const m = mlpGemms(a, a.ffn, T, c.tp);
    gemms(c, acc, [m[0]], "gemm", partial);
    mlpIn = before() - mark;
    gemms(c, acc, [m[1]], "gemm", partial);
    mlpOut = before() - mark - mlpIn;
    denseParams += m.reduce((s, x) => s + x.k * x.n, 0);
    flops += m.reduce((s, x) => s + 2 * x.m * x.k * x.n, 0);
    // activation function over the intermediate (read the up-projection, write f)
    const f = a.ffn / c.tp;
    elementwise(c, acc, T * ((gated ? 2 : 1) * f + f) * c.activationBytes, 1, "elementwise", partial);
  } else {
    const moe = a.moe!;
    mark = before();
    const r = routerGemm(a, T);
    gemms(c, acc, r, "gemm", partial);
    denseParams += h * moe.experts;
    flops += 2 * T * h * moe.experts;
    // Router: scores (softmax or sigmoid), top-k and the load-balancing loss over T×experts fp32
    // logits: a few small kernels but some twenty framework operations (Megatron-Core TopKRouter),
    // captured by a partial graph (moe_router scope).
    elementwise(c, acc, 3 * T * moe.experts * 4, 6, "routing", partial, ROUTER_HOST_OPS);
    if (moe.sharedExperts > 0) {
      const s = mlpGemms(a, moe.expertFfn * moe.sharedExperts, T, c.tp, "shared");
      gemms(c, acc, s, "gemm", partial);
      denseParams += s.reduce((sum, x) => sum + x.k * x.n, 0);
      flops += s.reduce((sum, x) => sum + 2 * x.m * x.k * x.n, 0);
      const f = (moe.expertFfn * moe.sharedExperts) / c.tp;
      elementwise(c, acc, T * ((gated ? 2 : 1) * f + f) * c.activationBytes, 1, "elementwise", partial);
    }
    // Routed experts: the tp ranks of an attention group split its tokens for the dispatch;
    // each device holds experts/ep experts and receives its share of all token-expert pairs.
    const assignments = (T * moe.topK) / c.tp;
    const localExperts = moe.experts / c.ep;
    const mean = (assignments * c.ep) / moe.experts;
    // Capacity with padding computes every expert at its capacity (tokens over it are dropped);
    // a dropless dispatch computes the tokens that came, the busiest device setting the pace.
    const perExpert = st.moeDispatch === "capacity-pad" ? mean * st.capacityFactor : mean * c.moeImbalance;
    // With expert tensor parallelism an expert's FFN is split etp ways and each of those devices
    // computes every token its etp group received for it (Megatron's ETP: all-gather of the
    // expert inputs, reduce-scatter of the outputs over the etp group).
    const f = moe.expertFfn / c.etp;
    const received = perExpert * c.etp * localExperts;
    // Token permutation around the exchange (Megatron-core token dispatcher: permute, sort by
    // expert, unsort, unpermute), each a read and a write of every token-expert copy; the
    // all-gather dispatcher permutes everything it gathered.
    const gathered = st.moeDispatcher === "allgather" ? assignments * c.ep : assignments;
    // The dropless dispatch synchronises before it permutes (the token counts size its buffers
    // and the all-to-all splits): the permutation, the exchange and the experts are the second
    // forward segment, which the host issues only after the device has drained.
    if (st.moeDispatch === "dropless-sync") {
      syncsForward += 1;
      acc.phase = 1;
    }
    elementwise(c, acc, 8 * gathered * h * c.activationBytes, 4, "routing", false, DISPATCH_HOST_OPS);
    // Dispatch (fp8 or bf16) and combine (bf16) over the expert-parallel group.
    const g = c.epGroup;
    if (g.n > 1) {
      const tokensOut = T / c.tp;
      if (st.moeDispatcher === "allgather") {
        // every rank gathers every rank's tokens and reduce-scatters the outputs back
        epComm =
          COLLECTIVES.allGather(tokensOut * g.n * h * c.dispatchBytes, g) +
          COLLECTIVES.reduceScatter(tokensOut * g.n * h * c.activationBytes, g);
      } else {
        epComm = dispatchSeconds(
          g,
          tokensOut * h,
          moe.topK,
          st.moeDispatcher === "deepep",
          moe.routedNodes,
          c,
        );
      }
    }
    if (c.etp > 1)
      epComm +=
        COLLECTIVES.allGather(received * h * c.dispatchBytes, c.etpGroup) +
        COLLECTIVES.reduceScatter(received * h * c.activationBytes, c.etpGroup);
    const exchangeOps = (g.n > 1 ? 2 : 0) + (c.etp > 1 ? 2 : 0);
    if (exchangeOps > 0) add(acc, "routing", 0, exchangeOps, 2 * exchangeOps, false, "ep");
    const ex = expertGemms(a, perExpert * c.etp, localExperts, c.etp);
    // Each expert's GEMMs at its own token count (the measured dense-GEMM shape curve: small token
    // counts per expert run far below the large-GEMM rate); the inference engines' fused-MoE tables
    // time a different kernel (routing and permutation fused in) and are not used for training.
    gemms(c, acc, ex, "experts", false);
    flops += 2 * mean * localExperts * ex.reduce((s, x) => s + x.k * x.n, 0);
    expertParams += ex.reduce((s, x) => s + x.k * x.n * x.count, 0);
    const actMark = before();
    // a fused grouped MLP applies the activation in FC1's epilogue (and its gradient in FC2's
    // input-gradient GEMM): no pass of its own over the intermediate
    if (!st.expertMlpFused)
      elementwise(
        c,
        acc,
        received * ((gated ? 2 : 1) * f + f) * c.activationBytes,
        st.groupedGemm === "fused" ? 1 : localExperts,
        "experts",
        false,
      );
    moeAct = before() - actMark;
    // a fused grouped MLP applies the bias itself (TE's GroupedLinear scale_bias; experts.py
    // _is_fused_impl_supported)
    if (moe.expertBias && st.expertBiasLoop && !st.expertMlpFused) {
      const b = expertBiasLoop(c.vector, received * h, localExperts);
      add(acc, "experts", b.forward, b.kernelsForward, b.kernelsBackward, false);
      acc.explicitBackward += b.backward;
      biasLoop = b.forward;
    }
  }
  const block = before() - mark;
  // Elementwise work on the hidden stream: two norms, two residual adds, rotary/bias/dropout,
  // about 12 passes of the token·hidden tensor (read and write), split by sequence parallelism.
  const hiddenTokens = c.sequenceParallel ? T / c.tp : T;
  elementwise(c, acc, 12 * hiddenTokens * h * c.activationBytes, 6, "elementwise", partial);
  // Tensor parallel: two all-reduces (or reduce-scatter + all-gather with sequence
  // parallelism, the same volume) of the token·hidden activations per layer and direction.
  const tpComm = c.tp > 1 ? 2 * COLLECTIVES.allReduce(T * h * c.activationBytes, c.tpGroup) : 0;
  if (c.tp > 1) add(acc, "gemm", 0, 4, 4, true, "tp");
  // Context parallel: the ring passes each rank's K and V to the cp-1 others.
  let cpComm = 0;
  if (c.cp > 1) {
    const kvWidth =
      a.attention?.kind === "mla"
        ? (a.heads / c.tp) * (a.attention.qkNopeHeadDim + a.attention.qkRopeHeadDim + a.attention.vHeadDim)
        : 2 * Math.max(1, a.kvHeads / c.tp) * headDim(a);
    cpComm = (c.cp - 1) * COLLECTIVES.p2p(T * kvWidth * c.activationBytes, c.cpGroup);
  }
  const p = acc.gpu;
  // the MoE block's matmuls (router, shared and routed experts), behind which its pair of
  // sequence-parallel collectives can hide
  const moeGemms = p.gemm + p.experts - moeAct - biasLoop - attnIn - attnOut;
  const forward = p.gemm + p.attention + p.experts + p.routing + p.elementwise + p.quant;
  // flash attention: 2.5x its forward; the unfused attention's backward is counted as it runs
  const backward =
    acc.gemmBackward +
    2 * (p.routing + p.elementwise + moeAct) +
    (st.attention === "unfused" ? 0 : 2.5 * p.attention) +
    acc.explicitBackward +
    acc.quantBackward;
  const full = st.graphs === "full" && st.moeDispatch !== "dropless-sync";
  return {
    forward,
    backward,
    parts: p,
    quantBackward: acc.quantBackward,
    attentionForward: p.attention,
    moduleForward: {
      core_attn: p.attention,
      mla_up_proj: mlaUp,
      moe_act: moeAct,
      // the two norms: a read and a write of the hidden stream each, of the 12 passes counted
      layernorm: streamSeconds(c.vector, 4 * hiddenTokens * h * c.activationBytes, 2),
      mlp: isMoe ? 0 : block,
      moe: isMoe ? block + epComm : 0,
    },
    // the flash attention's output is saved; the unfused attention's math ops are not
    opPolicyForward:
      acc.opMatmul +
      p.elementwise +
      p.routing +
      p.quant +
      moeAct +
      (st.attention === "unfused" ? p.attention : 0),
    tpPartners: isMoe ? [attnIn, attnOut, moeGemms / 2, moeGemms / 2] : [attnIn, attnOut, mlpIn, mlpOut],
    tpComm,
    cpComm,
    epComm,
    hostOpsForward: full ? 0 : acc.items.flat().reduce((s, x) => s + x.hostOps, 0),
    hostOpsBackward: full ? 0 : acc.opsBackward,
    syncsForward,
    forwardSegments: (syncsForward > 0 ? acc.items : [[...acc.items[0], ...acc.items[1]]]).map((items) =>
      issued(items, full),
    ),
    denseParams,
    expertParams,
    forwardFlops: flops,
  };
}

/** A whole-iteration graph issues nothing per operation. */
function issued(items: ForwardItem[], full: boolean): ForwardItem[] {
  return full ? items.map((x) => ({ ...x, hostOps: 0 })) : items;
}

/** Dispatch and combine all-to-all of one device's tokens (`elements` = tokens·hidden) over the
 * expert-parallel group. DeepEP (DeepSeek-V3 Sec. 3.2.2) sends a token over the NICs once per
 * remote domain holding any of its experts, then fans out over the scale-up fabric; with uniform
 * routing the expected remote domains are (D-1)·(1-(1-1/D)^k), capped by node-limited routing.
 * A plain all-to-all sends each of a token's k copies to its expert's device directly. */
function dispatchSeconds(
  g: Group,
  elements: number,
  topK: number,
  deepep: boolean,
  routedNodes: number | undefined,
  c: LayerContext,
): number {
  const domains = g.inter;
  const remoteCopies = deepep
    ? domains > 1
      ? Math.min((domains - 1) * (1 - pow(1 - 1 / domains, topK)), routedNodes ?? Infinity)
      : 0
    : (topK * (g.n - g.intra)) / g.n;
  const a2a = (bytesPerElement: number) => {
    const bytes = elements * bytesPerElement;
    const inside = (bytes * topK * (g.intra - 1)) / g.n / g.upBytesPerSecond;
    const across = (bytes * remoteCopies) / g.outBytesPerSecond;
    return Math.max(inside, across) + g.latencySeconds * (1 + log2(g.n));
  };
  return a2a(c.dispatchBytes) + a2a(c.activationBytes);
}
