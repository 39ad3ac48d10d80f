// One training step on one data-parallel replica: stage times from the layer costs (GPU work and
// the host's kernel issue, src/train/layer-cost.ts), the pipeline schedule, the data-parallel
// traffic of the ZeRO level and the optimizer. Each term is a named function in ./step-terms.ts
// with its citation; this file composes them.
import { type FabricParams, type Group, group } from "../collectives/group.ts";
import { type GemmTimer, timeGemm } from "../cost/gemm-timer.ts";
import { type Engine, streamSeconds } from "../hardware/roofline.ts";
import { DEFAULT_SELECTIVE } from "../model/activation-bytes.ts";
import type { Arch } from "../model/arch.ts";
import { type LayerKind, layerKind } from "../model/layer-kinds.ts";
import type { TrainStack } from "../stack/train-stack.ts";
import { type LayerContext, type LayerCost, layerCost } from "./layer-cost.ts";
import { expertDataParallel, type Layout, layersPerStage, stageSplit } from "./layout.ts";
import { SCHEDULES } from "./schedule.ts";
import {
  dataParallelSeconds,
  gradAccumulationSeconds,
  type HostCost,
  hostBoundSeconds,
  type LayerTimes,
  optimizerSeconds,
  pipelineP2pSeconds,
  type ZeroTraffic,
} from "./step-terms.ts";

export interface StepInput {
  arch: Arch;
  layout: Layout;
  seqLen: number;
  globalBatch: number;
  fabric: FabricParams;
  matmul: Engine;
  gemm: GemmTimer;
  vector: Engine;
  matmulBytes: number;
  dispatchBytes: number;
  moeImbalance: number;
  /** bytes per gradient element reduced over data parallel (Megatron-LM: fp32 for bf16 runs,
   * the parameter dtype for fp16 runs; megatron/training/arguments.py, "bfloat16 requires gradient
   * accumulation and all-reduce to be done in fp32") */
  gradientBytes: number;
  /** fp16 training: the optimizer unscales the gradients and checks them for inf/NaN each step */
  lossScaled?: boolean;
  stack: TrainStack;
  host: HostCost;
}

/** The step's terms, in the order every shell lists them, with their labels. */
export const STEP_TERMS = [
  ["compute", "compute (fwd+bwd)"],
  ["quant", "FP8 casts"],
  ["routing", "MoE routing and permutation"],
  ["recompute", "recompute"],
  ["host", "waiting for the host (kernel launches, syncs)"],
  ["tpComm", "tensor-parallel comm (exposed)"],
  ["cpComm", "context-parallel comm (exposed)"],
  ["epComm", "expert-parallel dispatch (exposed)"],
  ["ppComm", "pipeline p2p (exposed)"],
  ["bubble", "pipeline bubble"],
  ["dpComm", "data-parallel comm (exposed)"],
  ["optimizer", "optimizer step"],
] as const;
export type StepTerm = (typeof STEP_TERMS)[number][0];

export interface StepBreakdown extends Record<StepTerm, number> {
  stepSeconds: number;
  /** per device: [virtual stage → layers] */
  stageLayers: number[][];
  stageForward: number[];
  stageBackward: number[];
  /** share of a backward pass that is weight-gradient work (zero-bubble schedules defer it) */
  weightGradFraction: number;
  /** parameters on the busiest device */
  denseParamsPerDevice: number;
  expertParamsPerDevice: number;
  /** layers on the device with the most (its activations set the memory peak) */
  maxLayersPerDevice: number;
  /** largest per-device dense and expert parameters, for the memory peak */
  layerParamsByDevice: { dense: number; expert: number; layers: number; kinds: LayerKind[] }[];
  /** data-parallel traffic of one step on the busiest device, in parameter elements per collective */
  dpTraffic: ZeroTraffic;
  groups: { tp: Group; cp: Group; dp: Group; ep: Group; etp: Group; pp: Group; edp: Group };
}

/** Exposed seconds of a layer's sequence-parallel communication (`tpComm`, one direction) when it
 * overlaps the GEMMs (Transformer Engine's userbuffers, Ascend's MC2 fused kernels). Each of the
 * four collectives (two all-gathers, two reduce-scatters, a quarter of the traffic each) can hide
 * only behind the GEMM it feeds or follows (`partners`: the attention input projections, the
 * output projection, the MLP's input and output GEMMs), split into `tp` chunks pipelined against
 * that GEMM's chunks: what the GEMM cannot cover stays exposed, and so does one chunk. A small
 * output projection cannot hide its reduce-scatter however long the MLP after it. */
export function overlappedTpSeconds(tpComm: number, partners: readonly number[], tp: number): number {
  const each = tpComm / partners.length;
  return partners.reduce((s, g) => s + Math.max(each - g, each / tp), 0);
}

/** Exposed seconds of a layer's backward tensor-parallel communication when the column-parallel
 * linears run it asynchronously behind their own GEMMs, as Megatron-LM's
 * LinearWithGradAccumulationAndAsyncCommunication does (--async-tensor-model-parallel-allreduce, the
 * default from 2021-09-02, commit 3f65246; the sequence-parallel form from 2022-03-02, 02bb1f5) and
 * Transformer Engine's Linear likewise (its dgrad reduce-scatter or all-reduce issued with async_op
 * before the wgrad GEMM). `tpComm` is one direction's traffic: four quarters, each an all-gather or
 * a reduce-scatter of the token·hidden activations (an all-reduce is two). `columnGemms` are the
 * forward seconds of the column-parallel GEMMs (the attention's input projection, the MLP's first
 * GEMM); their input- and weight-gradient GEMMs do the same work.
 * - Without sequence parallelism each column-parallel linear all-reduces its input gradient behind
 *   its weight-gradient GEMM, and the row-parallel linears send nothing backward.
 * - With it the row-parallel linears all-gather their output gradients first (in line), and each
 *   column-parallel linear gathers its input again behind its input-gradient GEMM and
 *   reduce-scatters the input gradient behind its weight-gradient GEMM: six quarters in all.
 * What a GEMM cannot cover stays exposed; the GEMMs' slowdown while they share the device with the
 * collective is not modelled. */
export function asyncBackwardTpSeconds(
  tpComm: number,
  columnGemms: readonly number[],
  sequenceParallel: boolean,
): number {
  const quarter = tpComm / 4;
  if (!sequenceParallel) return columnGemms.reduce((s, g) => s + Math.max(0, 2 * quarter - g), 0);
  return columnGemms.reduce((s, g) => s + 2 * Math.max(0, quarter - g), 2 * quarter);
}

function perLayerTimes(c: LayerCost, l: Layout, stack: TrainStack, overlapTp: boolean): LayerTimes {
  const tpExposed = overlapTp ? overlappedTpSeconds(c.tpComm, c.tpPartners, l.tp) : c.tpComm;
  const tpExposedBackward =
    overlapTp || !stack.tpAsyncBackward || l.tp <= 1
      ? tpExposed
      : // the column-parallel partners: the attention's input projection and the MLP's (or MoE block's) first half
        asyncBackwardTpSeconds(c.tpComm, [c.tpPartners[0], c.tpPartners[2]], l.sequenceParallel);
  const cpExposed = Math.max(0, c.cpComm - c.attentionForward);
  // DualPipe (DeepSeek-V3 Sec. 3.2.1) and batch-level overlap (Megatron-Core 0.14
  // --overlap-moe-expert-parallel-comm) hide a micro-batch's all-to-all behind another's compute.
  const epExposed =
    l.schedule === "dualpipe" || stack.a2aOverlap ? Math.max(0, c.epComm - c.forward) : c.epComm;
  const modules = l.recomputeModules ?? DEFAULT_SELECTIVE;
  const recompute =
    l.recompute === "full"
      ? c.forward + tpExposed + epExposed
      : l.recompute === "selective"
        ? stack.selectivePolicy === "op"
          ? c.opPolicyForward
          : modules.reduce((sum, m) => sum + c.moduleForward[m], 0)
        : 0;
  const recomputeOps = l.recompute === "full" ? c.hostOpsForward : 0;
  return { cost: c, tpExposed, tpExposedBackward, cpExposed, epExposed, recompute, recomputeOps };
}

/** The matmul and attention rates while the expert exchange overlaps compute: the communication
 * kernels hold `commSmShare` of the compute units (DeepSeek-V3 Sec. 3.2.2: 20 of 132 SMs on H800,
 * "which will limit the computational throughput", Sec. 3.5.1). Memory-bound work keeps its rate. */
export function overlapRates(
  inp: Pick<StepInput, "matmul" | "gemm" | "vector">,
  share: number,
): Pick<StepInput, "matmul" | "gemm" | "vector"> {
  if (share <= 0) return inp;
  const k = 1 - share;
  return {
    matmul: { ...inp.matmul, matmulFlopsPerSecond: inp.matmul.matmulFlopsPerSecond * k },
    gemm: {
      ...inp.gemm,
      engine: { ...inp.gemm.engine, matmulFlopsPerSecond: inp.gemm.engine.matmulFlopsPerSecond * k },
      scale: inp.gemm.scale / k,
    },
    vector: {
      ...inp.vector,
      matmulFlopsPerSecond: inp.vector.matmulFlopsPerSecond * k,
      attentionFlopsPerSecond: inp.vector.attentionFlopsPerSecond * k,
    },
  };
}

/** The parameters device d holds: a mirrored schedule's device (DualPipe) holds stage d of one
 * direction and stage p-1-d of the other; other schedules hold their copies of stage d. */
export function heldParams(
  byDevice: StepBreakdown["layerParamsByDevice"],
  d: number,
  l: Pick<Layout, "pp" | "schedule">,
): { dense: number; expert: number; layers: number } {
  const schedule = SCHEDULES[l.schedule];
  const one = byDevice[d];
  if (schedule.mirrored === true && l.pp > 1) {
    const pair = byDevice[l.pp - 1 - d];
    return {
      dense: one.dense + pair.dense,
      expert: one.expert + pair.expert,
      layers: one.layers + pair.layers,
    };
  }
  const k = schedule.parameterCopies;
  return { dense: one.dense * k, expert: one.expert * k, layers: one.layers };
}

export function trainingStep(input: StepInput): StepBreakdown {
  const { arch, layout: l, stack } = input;
  const schedule = SCHEDULES[l.schedule];
  const mirrored = schedule.mirrored === true && l.pp > 1;
  const overlapped = (l.schedule === "dualpipe" || stack.a2aOverlap) && l.ep > 1;
  const share = overlapped ? stack.commSmShare : 0;
  const inp: StepInput = share > 0 ? { ...input, ...overlapRates(input, share) } : input;
  const T = (l.microBatch * inp.seqLen) / l.cp;
  const h = arch.hidden;
  const actBytes = 2;
  const groups = {
    tp: group(inp.fabric, l.tp, 1),
    cp: group(inp.fabric, l.cp, l.tp),
    dp: group(inp.fabric, l.dp * l.cp, l.tp),
    // MoE parallel folding (Megatron-Core): expert tensor parallel fastest, then expert parallel
    ep: group(inp.fabric, l.ep, l.etp),
    etp: group(inp.fabric, l.etp, 1),
    pp: group(inp.fabric, l.pp, l.tp * l.cp * l.dp),
    edp: group(inp.fabric, expertDataParallel(l), l.ep * l.etp),
  };
  const ctx: LayerContext = {
    arch,
    tokens: T,
    seqLen: inp.seqLen,
    microBatch: l.microBatch,
    tp: l.tp,
    cp: l.cp,
    ep: l.ep,
    etp: l.etp,
    sequenceParallel: l.sequenceParallel,
    matmulBytes: inp.matmulBytes,
    activationBytes: actBytes,
    dispatchBytes: inp.dispatchBytes,
    matmul: inp.matmul,
    gemm: inp.gemm,
    vector: inp.vector,
    tpGroup: groups.tp,
    cpGroup: groups.cp,
    epGroup: groups.ep,
    etpGroup: groups.etp,
    moeImbalance: inp.moeImbalance,
    stack,
  };
  const overlapTp = stack.tpCommOverlap && l.sequenceParallel && l.tp > 1;
  const times: Record<LayerKind, LayerTimes> = {
    dense: perLayerTimes(layerCost(ctx, "dense"), l, stack, overlapTp),
    moe: perLayerTimes(layerCost(ctx, arch.moe ? "moe" : "dense"), l, stack, overlapTp),
  };

  // Head and tail: the LM head and loss on the last stage (and MTP modules), embedding on the first.
  const vocabLocal = arch.vocab / l.tp;
  const headForward =
    timeGemm(inp.gemm, T, h, vocabLocal, inp.matmulBytes) +
    streamSeconds(inp.vector, 3 * T * vocabLocal * 4, 3);
  const mtp = arch.mtp ?? 0;
  const m0 = times.moe;
  const mtpForward =
    mtp *
    (m0.cost.forward +
      m0.tpExposed +
      m0.epExposed +
      timeGemm(inp.gemm, T, 2 * h, h, inp.matmulBytes) +
      headForward);
  const embedForward = streamSeconds(inp.vector, 2 * T * h * actBytes, 1);

  const S = l.pp * l.vpp;
  const placed = stageSplit(arch.layers, l);
  const split = placed.ok ? placed.split : layersPerStage(arch.layers, S);
  const starts: number[] = [];
  split.reduce((acc, n) => {
    starts.push(acc);
    return acc + n;
  }, 0);
  const p2p = pipelineP2pSeconds(T * h * actBytes, l, groups, stack);

  const stageForward: number[] = [];
  const stageBackward: number[] = [];
  const stageLayers: number[][] = [];
  const byDevice: StepBreakdown["layerParamsByDevice"] = [];
  const zeroTot = () => ({
    compute: 0,
    quant: 0,
    routing: 0,
    recompute: 0,
    host: 0,
    tp: 0,
    cp: 0,
    ep: 0,
    pp: 0,
  });
  const perDevice: ReturnType<typeof zeroTot>[] = [];
  let busiest = 0;
  let busiestTime = -1;
  for (let d = 0; d < l.pp; d++) {
    const layers: { t: LayerTimes }[] = [];
    const layersHere: number[] = [];
    const kinds: LayerKind[] = [];
    let dense = 0;
    let expert = 0;
    let extraF = 0;
    let extraB = 0;
    for (let v = 0; v < l.vpp; v++) {
      const s = v * l.pp + d;
      layersHere.push(split[s]);
      for (let i = 0; i < split[s]; i++) {
        const kind = layerKind(arch, starts[s] + i);
        kinds.push(kind);
        layers.push({ t: times[kind] });
        dense += times[kind].cost.denseParams;
        expert += times[kind].cost.expertParams;
      }
      if (s === 0) {
        extraF += embedForward;
        extraB += 2 * embedForward;
        dense += (arch.vocab * h) / l.tp;
      }
      if (s === S - 1) {
        extraF += headForward + mtpForward;
        extraB += 2 * (headForward + mtpForward);
        if (!arch.tiedEmbeddings || S > 1) dense += (arch.vocab * h) / l.tp;
        if (mtp > 0) {
          dense += mtp * (m0.cost.denseParams + 2 * h * h);
          expert += mtp * m0.cost.expertParams;
        }
      }
    }
    // without fusion every micro-batch's weight gradients are added into the main gradients
    if (!stack.gradAccumFusion)
      extraB += gradAccumulationSeconds(inp.vector, dense, expert, inp.gradientBytes, l, kinds.length);
    const serial = l.vpp * p2p;
    const hb = hostBoundSeconds(layers, extraF, extraB, serial, inp.host);
    const t = zeroTot();
    for (const x of layers) {
      const p = x.t.cost.parts;
      // the layer's GPU work less what is reported as casts and routing
      t.compute += x.t.cost.forward + x.t.cost.backward - (p.quant + x.t.cost.quantBackward) - 3 * p.routing;
      t.quant += p.quant + x.t.cost.quantBackward;
      t.routing += 3 * p.routing;
      t.recompute += x.t.recompute;
      t.tp += x.t.tpExposed + x.t.tpExposedBackward;
      t.cp += 2 * x.t.cpExposed;
      t.ep += 2 * x.t.epExposed;
    }
    t.compute += extraF + extraB;
    t.pp += 2 * serial;
    // a difference of two sums: where the host never held the device back, rounding leaves ±1e-15 s
    const hostWait = hb.forward + hb.backward - hb.gpuForward - hb.gpuBackward;
    t.host = hostWait > 1e-9 * (hb.gpuForward + hb.gpuBackward) ? hostWait : 0;
    stageForward.push(hb.forward);
    stageBackward.push(hb.backward);
    stageLayers.push(layersHere);
    byDevice.push({ dense, expert, layers: kinds.length, kinds });
    perDevice.push(t);
    if (hb.forward + hb.backward > busiestTime) {
      busiestTime = hb.forward + hb.backward;
      busiest = d;
    }
  }
  // A mirrored schedule (DualPipe) runs micro-batches from both ends: a device holds stage d of one direction and stage
  // p-1-d of the other and runs half the micro-batches through each (DeepSeek-V3 Sec. 3.2.1, Fig. 5;
  // the embedding and the output head share a rank), so its work per micro-batch is the mean of the pair.
  if (mirrored) {
    const pair = (xs: number[]) => xs.map((x, d) => (x + xs[l.pp - 1 - d]) / 2);
    const f = pair(stageForward);
    const b = pair(stageBackward);
    const terms = perDevice.map((t, d) => {
      const o = perDevice[l.pp - 1 - d];
      const mean = zeroTot();
      for (const k of Object.keys(mean) as (keyof typeof mean)[]) mean[k] = (t[k] + o[k]) / 2;
      return mean;
    });
    busiestTime = -1;
    for (let d = 0; d < l.pp; d++) {
      stageForward[d] = f[d];
      stageBackward[d] = b[d];
      perDevice[d] = terms[d];
      if (f[d] + b[d] > busiestTime) {
        busiestTime = f[d] + b[d];
        busiest = d;
      }
    }
  }
  const tot = perDevice[busiest];

  const m = l.microBatches;
  // Half of a backward pass is weight-gradient work (the GEMMs for dW beside those for dX), the
  // part zero-bubble and DualPipe schedules defer into the bubble; recomputed forwards are not.
  const bBusy = stageBackward[busiest];
  const weightGradFraction = bBusy > 0 ? (0.5 * Math.max(0, bBusy - tot.recompute)) / bBusy : 0.5;
  const pipeline = schedule.pipelineSeconds({
    pp: l.pp,
    vpp: l.vpp,
    microBatches: m,
    stages: { forward: stageForward, backward: stageBackward, weightGradFraction },
  });
  const steady = m * (stageForward[busiest] + stageBackward[busiest]);
  const bubble = Math.max(0, pipeline - steady);

  const held = heldParams(byDevice, busiest, l);
  const dp = dataParallelSeconds({
    layout: l,
    denseParams: held.dense,
    expertParams: held.expert,
    gradientBytes: inp.gradientBytes,
    paramBytes: actBytes,
    forwardSeconds: stageForward[busiest],
    backwardSeconds: stageBackward[busiest],
    groups,
  });
  const optimizer = optimizerSeconds(inp.vector, held.dense, held.expert, l, inp.lossScaled === true);

  const stepSeconds = pipeline + dp.exposedSeconds + optimizer;
  return {
    stepSeconds,
    compute: tot.compute * m,
    quant: tot.quant * m,
    routing: tot.routing * m,
    recompute: tot.recompute * m,
    host: tot.host * m,
    tpComm: tot.tp * m,
    cpComm: tot.cp * m,
    epComm: tot.ep * m,
    ppComm: tot.pp * m,
    bubble,
    dpComm: dp.exposedSeconds,
    optimizer,
    stageLayers,
    stageForward,
    stageBackward,
    weightGradFraction,
    denseParamsPerDevice: byDevice[busiest].dense,
    expertParamsPerDevice: byDevice[busiest].expert,
    maxLayersPerDevice: Math.max(...byDevice.map((x) => x.layers)),
    layerParamsByDevice: byDevice,
    dpTraffic: dp.traffic,
    groups,
  };
}
