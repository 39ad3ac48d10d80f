// One training step on one data-parallel replica: stage times from the layer costs, the
// pipeline schedule, the data-parallel gradient traffic per ZeRO level, and the optimizer.
// Megatron-LM's distributed optimizer (ZeRO-1) reduce-scatters fp32 gradients and
// all-gathers bf16 parameters (Megatron-LM docs, "Distributed Optimizer"); ZeRO-3 also gathers
// the parameters for every forward and backward (Rajbhandari et al. 2020, Sec. 5).
import { COLLECTIVES } from "../collectives/collectives.ts";
import { type FabricParams, type Group, group } from "../collectives/group.ts";
import { type Engine, matmulSeconds, streamSeconds } from "../hardware/roofline.ts";
import type { Arch } from "../model/arch.ts";
import { type LayerKind, layerKind } from "../model/layer-kinds.ts";
import { type LayerContext, type LayerCost, layerCost } from "./layer-cost.ts";
import { type Layout, layersPerStage } from "./layout.ts";
import { SCHEDULES } from "./schedule.ts";

export interface StepInput {
  arch: Arch;
  layout: Layout;
  seqLen: number;
  globalBatch: number;
  fabric: FabricParams;
  matmul: Engine;
  vector: Engine;
  matmulBytes: number;
  dispatchBytes: number;
  moeImbalance: number;
  /** bytes per gradient element reduced over data parallel (Megatron-LM: fp32 for bf16 runs,
   * the parameter dtype for fp16 runs; megatron/training/arguments.py, "bfloat16 requires gradient
   * accumulation and all-reduce to be done in fp32") */
  gradientBytes: number;
  /** sequence-parallel TP communication hides behind the GEMMs it feeds */
  tpCommOverlap: boolean;
}

export interface StepBreakdown {
  stepSeconds: number;
  /** per-step seconds by cause, on the critical path of the busiest device */
  compute: number;
  recompute: number;
  tpComm: number;
  cpComm: number;
  epComm: number;
  ppComm: number;
  bubble: number;
  dpComm: number;
  optimizer: number;
  /** per device: [virtual stage → layers] */
  stageLayers: number[][];
  stageForward: number[];
  stageBackward: number[];
  /** parameters on the busiest device */
  denseParamsPerDevice: number;
  expertParamsPerDevice: number;
  /** layers on the device with the most (its activations set the memory peak) */
  maxLayersPerDevice: number;
  /** largest per-device dense and expert parameters, for the memory peak */
  layerParamsByDevice: { dense: number; expert: number; layers: number; kinds: LayerKind[] }[];
  groups: { tp: Group; cp: Group; dp: Group; ep: Group; pp: Group; edp: Group };
}

export function trainingStep(inp: StepInput): StepBreakdown {
  const { arch, layout: l } = inp;
  const T = (l.microBatch * inp.seqLen) / l.cp;
  const h = arch.hidden;
  const actBytes = 2;
  const groups = {
    tp: group(inp.fabric, l.tp, 1),
    cp: group(inp.fabric, l.cp, l.tp),
    dp: group(inp.fabric, l.dp * l.cp, l.tp),
    ep: group(inp.fabric, l.ep, 1),
    pp: group(inp.fabric, l.pp, l.tp * l.cp * l.dp),
    edp: group(inp.fabric, Math.max(1, (l.dp * l.cp * l.tp) / l.ep), l.ep),
  };
  const ctx: LayerContext = {
    arch,
    tokens: T,
    seqLen: inp.seqLen,
    microBatch: l.microBatch,
    tp: l.tp,
    cp: l.cp,
    ep: l.ep,
    sequenceParallel: l.sequenceParallel,
    matmulBytes: inp.matmulBytes,
    activationBytes: actBytes,
    dispatchBytes: inp.dispatchBytes,
    matmul: inp.matmul,
    vector: inp.vector,
    tpGroup: groups.tp,
    cpGroup: groups.cp,
    epGroup: groups.ep,
    moeImbalance: inp.moeImbalance,
  };
  const costs: Record<LayerKind, LayerCost> = {
    dense: layerCost(ctx, "dense"),
    moe: layerCost(ctx, arch.moe ? "moe" : "dense"),
  };
  const overlapsEp = l.schedule === "dualpipe";
  const overlapTp = inp.tpCommOverlap && l.sequenceParallel && l.tp > 1;
  const perLayer = (c: LayerCost) => {
    // With overlap the collective is split into tp chunks pipelined against the GEMM chunks:
    // what the GEMMs cannot cover stays exposed, and so does the first chunk.
    const tpExposed = overlapTp ? Math.max(c.tpComm - c.matmulForward, c.tpComm / l.tp) : c.tpComm;
    const cpExposed = Math.max(0, c.cpComm - c.attentionForward);
    const epExposed = overlapsEp ? Math.max(0, c.epComm - c.forward) : c.epComm;
    const recompute =
      l.recompute === "full"
        ? c.forward + tpExposed + epExposed
        : l.recompute === "selective"
          ? c.attentionForward
          : 0;
    return { tpExposed, cpExposed, epExposed, recompute };
  };

  // Head and tail: the LM head and loss on the last stage (and MTP modules), embedding on the first.
  const vocabLocal = arch.vocab / l.tp;
  const headForward =
    matmulSeconds(inp.matmul, T, h, vocabLocal, inp.matmulBytes) +
    streamSeconds(inp.vector, 3 * T * vocabLocal * 4, 3);
  const mtp = arch.mtp ?? 0;
  const mtpForward =
    mtp *
    (costs.moe.forward +
      perLayer(costs.moe).tpExposed +
      perLayer(costs.moe).epExposed +
      matmulSeconds(inp.matmul, T, 2 * h, h, inp.matmulBytes) +
      headForward);
  const embedForward = streamSeconds(inp.vector, 2 * T * h * actBytes, 1);

  const S = l.pp * l.vpp;
  const split = layersPerStage(arch.layers, S);
  const starts: number[] = [];
  split.reduce((acc, n) => {
    starts.push(acc);
    return acc + n;
  }, 0);
  const p2pBytes = (T * h * actBytes) / (l.sequenceParallel ? l.tp : 1);
  const p2p = l.pp > 1 ? COLLECTIVES.p2p(p2pBytes, groups.pp) : 0;

  const stageForward: number[] = [];
  const stageBackward: number[] = [];
  const stageLayers: number[][] = [];
  const byDevice: StepBreakdown["layerParamsByDevice"] = [];
  const tot = { compute: 0, recompute: 0, tp: 0, cp: 0, ep: 0, pp: 0 };
  let busiest = -1;
  let busiestTime = -1;
  const perDeviceTotals: (typeof tot)[] = [];
  for (let d = 0; d < l.pp; d++) {
    let f = 0;
    let b = 0;
    const t = { compute: 0, recompute: 0, tp: 0, cp: 0, ep: 0, pp: 0 };
    const layersHere: number[] = [];
    const kinds: LayerKind[] = [];
    let dense = 0;
    let expert = 0;
    for (let v = 0; v < l.vpp; v++) {
      const s = v * l.pp + d;
      layersHere.push(split[s]);
      for (let i = 0; i < split[s]; i++) {
        const kind = layerKind(arch, starts[s] + i);
        kinds.push(kind);
        const c = costs[kind];
        const x = perLayer(c);
        f += c.forward + x.tpExposed + x.cpExposed + x.epExposed;
        b += c.backward + x.tpExposed + x.cpExposed + x.epExposed + x.recompute;
        t.compute += c.forward + c.backward;
        t.recompute += x.recompute;
        t.tp += 2 * x.tpExposed;
        t.cp += 2 * x.cpExposed;
        t.ep += 2 * x.epExposed;
        dense += c.denseParams;
        expert += c.expertParams;
      }
      if (s === 0) {
        f += embedForward;
        b += 2 * embedForward;
        t.compute += 3 * embedForward;
        dense += (arch.vocab * h) / l.tp;
      }
      if (s === S - 1) {
        f += headForward + mtpForward;
        b += 2 * (headForward + mtpForward);
        t.compute += 3 * (headForward + mtpForward);
        if (!arch.tiedEmbeddings || S > 1) dense += (arch.vocab * h) / l.tp;
        if (mtp > 0) {
          dense += mtp * (costs.moe.denseParams + 2 * h * h);
          expert += mtp * costs.moe.expertParams;
        }
      }
      if (l.pp > 1) {
        f += p2p;
        b += p2p;
        t.pp += 2 * p2p;
      }
    }
    stageForward.push(f);
    stageBackward.push(b);
    stageLayers.push(layersHere);
    byDevice.push({ dense, expert, layers: kinds.length, kinds });
    perDeviceTotals.push(t);
    if (f + b > busiestTime) {
      busiestTime = f + b;
      busiest = d;
    }
  }
  Object.assign(tot, perDeviceTotals[busiest]);

  const schedule = SCHEDULES[l.schedule];
  const m = l.microBatches;
  const pipeline = schedule.pipelineSeconds({
    pp: l.pp,
    vpp: l.vpp,
    microBatches: m,
    stages: { forward: stageForward, backward: stageBackward, weightGradFraction: 0.5 },
  });
  const steady = m * (stageForward[busiest] + stageBackward[busiest]);
  const bubble = Math.max(0, pipeline - steady);

  // Data parallel: gradients (fp32) reduced over dp·cp for dense, over the expert-data-parallel
  // group for experts; the distributed optimizer then all-gathers bf16 parameters.
  const dev = byDevice[busiest];
  const copies = schedule.parameterCopies;
  const gradBytes = inp.gradientBytes;
  let dpComm = 0;
  const denseBytes = dev.dense * copies;
  const expertBytes = dev.expert * copies;
  if (l.zero === 0) {
    dpComm =
      COLLECTIVES.allReduce(denseBytes * gradBytes, groups.dp) +
      COLLECTIVES.allReduce(expertBytes * gradBytes, groups.edp);
  } else {
    dpComm =
      COLLECTIVES.reduceScatter(denseBytes * gradBytes, groups.dp) +
      COLLECTIVES.reduceScatter(expertBytes * gradBytes, groups.edp) +
      COLLECTIVES.allGather(denseBytes * actBytes, groups.dp) +
      COLLECTIVES.allGather(expertBytes * actBytes, groups.edp);
  }
  // Overlap: the distributed-optimizer engines (ZeRO >= 1) overlap the gradient reduction with
  // the last micro-batch's backward and the parameter gather with the next forward; older
  // data-parallel all-reduce ran after the pipeline flush.
  const lastBackward = stageBackward[busiest];
  const firstForward = stageForward[busiest];
  let dpExposed = l.zero === 0 ? dpComm : Math.max(0, dpComm - (lastBackward + firstForward));
  if (l.zero >= 2 && m > 1) {
    // Sharded gradients cannot accumulate locally: every micro-batch reduce-scatters its
    // gradients during its backward (DeepSpeed ZeRO-2 buckets, FSDP), and ZeRO-3 also gathers
    // the parameters for each forward and again for each backward (Rajbhandari et al. 2020 Sec. 5).
    const rs =
      COLLECTIVES.reduceScatter(denseBytes * gradBytes, groups.dp) +
      COLLECTIVES.reduceScatter(expertBytes * gradBytes, groups.edp);
    const gather =
      l.zero === 3
        ? COLLECTIVES.allGather(denseBytes * actBytes, groups.dp) +
          COLLECTIVES.allGather(expertBytes * actBytes, groups.edp)
        : 0;
    const perMicro = Math.max(0, gather - firstForward) + Math.max(0, gather + rs - lastBackward);
    dpExposed += (m - 1) * perMicro;
  }
  // Adam step: fp32 master weights, moments and gradients read and written, bf16 weights written.
  const shard = l.zero >= 1 ? l.dp * l.cp : 1;
  const expertShard = l.zero >= 1 ? Math.max(1, (l.dp * l.cp * l.tp) / l.ep) : 1;
  const optimizer = streamSeconds(
    inp.vector,
    (dev.dense / shard + dev.expert / expertShard) * copies * 30,
    10,
  );

  const stepSeconds = pipeline + dpExposed + optimizer;
  const scale = m;
  return {
    stepSeconds,
    compute: tot.compute * scale,
    recompute: tot.recompute * scale,
    tpComm: tot.tp * scale,
    cpComm: tot.cp * scale,
    epComm: tot.ep * scale,
    ppComm: tot.pp * scale,
    bubble,
    dpComm: dpExposed,
    optimizer,
    stageLayers,
    stageForward,
    stageBackward,
    denseParamsPerDevice: dev.dense,
    expertParamsPerDevice: dev.expert,
    maxLayersPerDevice: Math.max(...byDevice.map((x) => x.layers)),
    layerParamsByDevice: byDevice,
    groups,
  };
}
