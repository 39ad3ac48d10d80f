// Time of one transformer layer for one micro-batch on one device, built from its real
// matmul shapes after the tensor/context/expert splits (Megatron-LM layer structure,
// Shoeybi et al. 2019 Fig. 3; MLA per DeepSeek-V2 Sec. 2.1; MoE dispatch per DeepSeek-V3 Sec. 3.2).
// Flash-attention backward does 2.5x the forward matmul work (Dao 2023, FlashAttention-2 Sec. 3).
import { COLLECTIVES } from "../collectives/collectives.ts";
import type { Group } from "../collectives/group.ts";
import { type Engine, matmulSeconds, streamSeconds } from "../hardware/roofline.ts";
import type { Arch } from "../model/arch.ts";
import { headDim } from "../model/arch.ts";
import type { LayerKind } from "../model/layer-kinds.ts";

export interface LayerContext {
  arch: Arch;
  /** tokens of the micro-batch on this context-parallel rank (microBatch·seqLen/cp) */
  tokens: number;
  seqLen: number;
  microBatch: number;
  tp: number;
  cp: number;
  ep: number;
  sequenceParallel: boolean;
  /** matmul inputs (fp8 training: 1) */
  matmulBytes: number;
  /** activations and communication (bf16: 2) */
  activationBytes: number;
  /** bytes per token-element sent in the MoE dispatch (fp8 dispatch: 1) */
  dispatchBytes: number;
  matmul: Engine;
  /** bf16 engine for attention and elementwise work (fp8 training keeps attention in bf16) */
  vector: Engine;
  tpGroup: Group;
  cpGroup: Group;
  epGroup: Group;
  /** busiest device's expert work over the mean */
  moeImbalance: number;
}

export interface LayerCost {
  /** compute, seconds */
  forward: number;
  backward: number;
  /** attention core alone (forward), for selective recompute */
  attentionForward: number;
  /** the matmuls alone (forward), behind which tensor-parallel communication can hide */
  matmulForward: number;
  /** communication on the critical path, seconds (forward; backward is the same volume) */
  tpComm: number;
  cpComm: number;
  epComm: number;
  /** parameters held on this device for this layer */
  denseParams: number;
  expertParams: number;
  /** model FLOPs of the layer forward on this device (matmuls + causal attention) */
  forwardFlops: number;
}

function attentionCost(c: LayerContext): { mm: number; core: number; params: number; flops: number } {
  const a = c.arch;
  const T = c.tokens;
  const h = a.hidden;
  const tp = c.tp;
  const B = c.matmulBytes;
  const headsLocal = a.heads / tp;
  let mm = 0;
  let params = 0;
  let flops = 0;
  let qk: number;
  let v: number;
  const add = (m: number, k: number, n: number) => {
    mm += matmulSeconds(c.matmul, m, k, n, B);
    flops += 2 * m * k * n;
    params += k * n;
  };
  if (a.attention?.kind === "mla") {
    const m = a.attention;
    qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    v = m.vHeadDim;
    // Down-projections are small and replicated over the tensor-parallel group.
    if (m.qLoraRank) {
      add(T, h, m.qLoraRank);
      add(T, m.qLoraRank, headsLocal * qk);
    } else {
      add(T, h, headsLocal * qk);
    }
    add(T, h, m.kvLoraRank + m.qkRopeHeadDim);
    add(T, m.kvLoraRank, headsLocal * (m.qkNopeHeadDim + v));
    add(T, headsLocal * v, h);
  } else {
    const hd = headDim(a);
    qk = hd;
    v = hd;
    const kvLocal = Math.max(1, a.kvHeads / tp);
    add(T, h, (headsLocal + 2 * kvLocal) * hd);
    add(T, headsLocal * hd, h);
  }
  // Causal attention: each of the T query tokens sees on average half the sequence; with
  // context parallelism the load-balanced ring gives each rank an equal share.
  const keys = c.seqLen;
  const coreFlops = 2 * T * keys * headsLocal * (qk + v) * 0.5;
  const core = coreFlops / c.vector.attentionFlopsPerSecond + c.vector.kernelSeconds;
  flops += coreFlops;
  return { mm, core, params, flops };
}

function mlpCost(c: LayerContext, ffn: number, gated: boolean, tokens: number, count = 1, splitTp = true) {
  const h = c.arch.hidden;
  const f = splitTp ? ffn / c.tp : ffn;
  const up = gated ? 2 * f : f;
  const mm =
    matmulSeconds(c.matmul, tokens, h, up, c.matmulBytes, count) +
    matmulSeconds(c.matmul, tokens, f, h, c.matmulBytes, count);
  const flops = count * (2 * tokens * h * up + 2 * tokens * f * h);
  const params = count * (h * up + f * h);
  // activation function over the intermediate (read up, write f)
  const elem = streamSeconds(c.vector, count * tokens * (up + f) * c.activationBytes);
  return { mm, elem, flops, params };
}

/** Forward and backward time of one layer of `kind` on one device for one micro-batch. */
export function layerCost(c: LayerContext, kind: LayerKind): LayerCost {
  const a = c.arch;
  const h = a.hidden;
  const T = c.tokens;
  const gated = a.mlp === "swiglu";
  const att = attentionCost(c);
  let mm = att.mm;
  let flops = att.flops;
  let denseParams = att.params;
  let expertParams = 0;
  let elem = 0;
  let epComm = 0;
  if (kind === "dense" || !a.moe) {
    const m = mlpCost(c, a.ffn, gated, T);
    mm += m.mm;
    elem += m.elem;
    flops += m.flops;
    denseParams += m.params;
  } else {
    const moe = a.moe;
    // router, replicated
    mm += matmulSeconds(c.matmul, T, h, moe.experts, c.matmulBytes);
    flops += 2 * T * h * moe.experts;
    denseParams += h * moe.experts;
    if (moe.sharedExperts > 0) {
      const s = mlpCost(c, moe.expertFfn * moe.sharedExperts, gated, T);
      mm += s.mm;
      elem += s.elem;
      flops += s.flops;
      denseParams += s.params;
    }
    // Routed experts: the tp ranks of an attention group split its tokens for the dispatch;
    // each device holds experts/ep experts and receives its share of all token-expert pairs.
    const assignments = (T * moe.topK) / c.tp;
    const localExperts = moe.experts / c.ep;
    const perExpert = (assignments * c.ep) / moe.experts;
    const r = mlpCost(c, moe.expertFfn, gated, perExpert, localExperts, false);
    mm += r.mm * c.moeImbalance;
    // Token permutation around the all-to-all (Megatron-core MoE token dispatcher: permute,
    // sort by expert, unsort, unpermute), each a read and a write of every token-expert copy.
    elem += streamSeconds(c.vector, 8 * assignments * h * c.activationBytes, 4);
    elem += r.elem * c.moeImbalance;
    flops += r.flops;
    expertParams += r.params;
    // Dispatch (fp8 or bf16) and combine (bf16) all-to-all over the expert-parallel group.
    const tokensOut = T / c.tp;
    const copies = moe.topK;
    const g = c.epGroup;
    if (g.n > 1) {
      // Hierarchical dispatch (DeepEP, DeepSeek-V3 Sec. 3.2.2): a token crosses the NICs once per
      // remote domain that holds any of its experts, then fans out over the scale-up fabric.
      // With uniform routing the expected remote domains are (D-1)·(1-(1-1/D)^k); node-limited
      // routing (DeepSeek-V3: M = 4 nodes) caps them at M.
      const domains = g.inter;
      const remoteDomains =
        domains > 1
          ? Math.min((domains - 1) * (1 - (1 - 1 / domains) ** copies), moe.routedNodes ?? Infinity)
          : 0;
      const a2a = (bytesPerCopy: number) => {
        const inside = (bytesPerCopy * copies * (g.intra - 1)) / g.n / g.upBytesPerSecond;
        const across = (bytesPerCopy * remoteDomains) / g.outBytesPerSecond;
        return Math.max(inside, across) + g.latencySeconds * (1 + Math.log2(g.n));
      };
      epComm = a2a(tokensOut * h * c.dispatchBytes) + a2a(tokensOut * h * c.activationBytes);
    }
  }
  // Elementwise work on the hidden stream: two norms, two residual adds, rotary/bias/dropout,
  // about 12 passes of the token·hidden tensor (read and write), split by sequence parallelism.
  const hiddenTokens = c.sequenceParallel ? T / c.tp : T;
  elem += streamSeconds(c.vector, 12 * hiddenTokens * h * c.activationBytes, 6);
  const forward = mm + att.core + elem;
  const backward = 2 * mm + 2.5 * att.core + 2 * elem;
  // Tensor parallel: two all-reduces (or reduce-scatter + all-gather with sequence
  // parallelism, the same volume) of the token·hidden activations per layer and direction.
  const tpComm = c.tp > 1 ? 2 * COLLECTIVES.allReduce(T * h * c.activationBytes, c.tpGroup) : 0;
  // Context parallel: the ring passes each rank's K and V to the cp-1 others.
  let cpComm = 0;
  if (c.cp > 1) {
    const kvWidth =
      a.attention?.kind === "mla"
        ? (a.heads / c.tp) * (a.attention.qkNopeHeadDim + a.attention.qkRopeHeadDim + a.attention.vHeadDim)
        : 2 * Math.max(1, a.kvHeads / c.tp) * headDim(a);
    cpComm = (c.cp - 1) * COLLECTIVES.p2p(T * kvWidth * c.activationBytes, c.cpGroup);
  }
  return {
    forward,
    backward,
    attentionForward: att.core,
    matmulForward: mm,
    tpComm,
    cpComm,
    epComm,
    denseParams,
    expertParams,
    forwardFlops: flops,
  };
}
