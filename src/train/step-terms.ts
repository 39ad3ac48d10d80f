// The named terms of a training step, each with its source:
// - host-bound time: the GPU runs a stage's kernels no faster than the host issues them; the
//   host runs ahead except at host-device synchronisations (Megatron-Core's dropless dispatch
//   copies the per-expert token counts to the host in every MoE layer), where the queue drains
//   and each layer costs the slower of its GPU work and its kernel issue;
// - pipeline p2p with Megatron's scatter/gather (Narayanan et al. 2021 Sec. 4.1): each tensor-
//   parallel rank sends 1/tp of the activations and the receiver all-gathers them over the fast
//   fabric (with sequence parallelism the activations are already split);
// - data-parallel traffic per ZeRO level (Rajbhandari et al. 2020 Sec. 5 and 7: DP all-reduce 2Ψ,
//   ZeRO-1/2 reduce-scatter + all-gather 2Ψ, ZeRO-3 3Ψ), per micro-batch where gradients or
//   parameters are sharded (ZeRO-2 reduces every micro-batch's gradients, ZeRO-3 gathers the
//   parameters for each forward and again for each backward), overlapped as Megatron-LM's
//   distributed optimizer does (--overlap-grad-reduce with the backward, --overlap-param-gather
//   with the next forward; with the interleaved schedule a model chunk's reduction starts when
//   its last backward is done, so the later chunks' backward also hides it);
// - the Adam step over the device's shard (fp32 master weights, moments and gradients).
import { COLLECTIVES } from "../collectives/collectives.ts";
import type { Group } from "../collectives/group.ts";
import { type Engine, streamSeconds } from "../hardware/roofline.ts";
import type { TrainStack } from "../stack/train-stack.ts";
import type { LayerCost } from "./layer-cost.ts";
import { expertDataParallel, type Layout } from "./layout.ts";

export interface HostCost {
  /** host time to issue one framework operation (Python, dispatcher, kernel launch), seconds */
  secondsPerKernel: number;
  /** one host-device synchronisation (device-to-host copy, stream sync, relaunch), seconds */
  syncSeconds: number;
}

export interface LayerTimes {
  cost: LayerCost;
  tpExposed: number;
  cpExposed: number;
  epExposed: number;
  recompute: number;
  /** host operations of a full recompute (the forward again, in the backward) */
  recomputeOps: number;
}

export interface StageTimes {
  forward: number;
  backward: number;
  gpuForward: number;
  gpuBackward: number;
}

/** A stage's forward and backward for one micro-batch. The host issues the work in order and the
 * device runs each piece once it is issued and the previous piece is done: a two-stage flow line,
 * whose end is G + max_i (H_1..i - G_1..i-1) for host times H and device times G in issue order
 * (Johnson 1954's two-machine makespan for a fixed order). With the host ahead (long kernels,
 * few operations) this is the device time; host-bound, the host time; and after each host-device
 * synchronisation the device drains and the host starts again from behind, so the small
 * operations that follow one (the token permutation of a dropless dispatch) stall the device
 * even where the host is faster on the whole. The backward has no synchronisation: the larger of
 * its device and host time. */
export function hostBoundSeconds(
  layers: { t: LayerTimes }[],
  extraForward: number,
  extraBackward: number,
  serial: number,
  host: HostCost,
): StageTimes {
  const spo = host.secondsPerKernel;
  let forward = 0;
  // the open stretch: device seconds so far, host seconds so far, max(H_1..i - G_1..i-1)
  let g = extraForward;
  let hSum = 0;
  let lead = 0;
  let gpuF = extraForward;
  let gpuB = extraBackward;
  let hostB = 0;
  let recomputeSyncs = 0;
  const issue = (gpu: number, hostOps: number) => {
    hSum += hostOps * spo;
    lead = Math.max(lead, hSum - g);
    g += gpu;
    gpuF += gpu;
  };
  for (const { t } of layers) {
    const c = t.cost;
    const segs = c.forwardSegments;
    segs.forEach((seg, i) => {
      // context-parallel exchange before the attention; tensor-parallel and expert-dispatch
      // traffic where the layer issues it (at the end of the attention side where unmarked)
      if (i === 0) issue(t.cpExposed, 0);
      const tpAt = seg.items.findIndex((x) => x.comm === "tp");
      const epAt = seg.items.findIndex((x) => x.comm === "ep");
      seg.items.forEach((x, k) => {
        issue(x.gpu, x.hostOps);
        if (k === tpAt) issue(t.tpExposed, 0);
        if (k === epAt) issue(t.epExposed, 0);
      });
      if (i === 0 && tpAt < 0 && !segs.some((z) => z.items.some((x) => x.comm === "tp")))
        issue(t.tpExposed, 0);
      if (i === segs.length - 1 && epAt < 0 && !segs.some((z) => z.items.some((x) => x.comm === "ep")))
        issue(t.epExposed, 0);
      if (i < segs.length - 1) {
        forward += g + lead + host.syncSeconds;
        g = 0;
        hSum = 0;
        lead = 0;
      }
    });
    if (t.recomputeOps > 0) recomputeSyncs += c.syncsForward;
    gpuB += c.backward + t.tpExposed + t.cpExposed + t.epExposed + t.recompute;
    hostB += (c.hostOpsBackward + t.recomputeOps) * spo;
  }
  forward += g + lead + serial;
  const backward = Math.max(gpuB, hostB) + recomputeSyncs * host.syncSeconds + serial;
  return { forward, backward, gpuForward: gpuF + serial, gpuBackward: gpuB + serial };
}

/** Exposed seconds of one stage-to-stage send, per micro-batch per direction per virtual stage. */
export function pipelineP2pSeconds(
  activationBytes: number,
  l: Layout,
  groups: { pp: Group; tp: Group },
  stack: TrainStack,
): number {
  if (l.pp <= 1) return 0;
  const send = COLLECTIVES.p2p(activationBytes / l.tp, groups.pp);
  const gather = !l.sequenceParallel && l.tp > 1 ? COLLECTIVES.allGather(activationBytes, groups.tp) : 0;
  // Megatron overlaps the interleaved schedule's sends with the other chunks' compute
  // (--overlap-p2p-comm): only the message latency stays exposed.
  if (stack.ppOverlap && l.vpp > 1) return groups.pp.latencySeconds + gather;
  return send + gather;
}

/** Per-step data-parallel volumes of the busiest device, in parameter elements (the ZeRO paper's Ψ). */
export interface ZeroTraffic {
  allReduce: number;
  reduceScatter: number;
  allGather: number;
}

export function dataParallelSeconds(o: {
  layout: Layout;
  denseParams: number;
  expertParams: number;
  gradientBytes: number;
  paramBytes: number;
  forwardSeconds: number;
  backwardSeconds: number;
  groups: { dp: Group; edp: Group };
}): { exposedSeconds: number; traffic: ZeroTraffic } {
  const l = o.layout;
  const m = l.microBatches;
  const psi = o.denseParams + o.expertParams;
  const rs = (bytes: number) =>
    COLLECTIVES.reduceScatter(o.denseParams * bytes, o.groups.dp) +
    COLLECTIVES.reduceScatter(o.expertParams * bytes, o.groups.edp);
  const ag = (bytes: number) =>
    COLLECTIVES.allGather(o.denseParams * bytes, o.groups.dp) +
    COLLECTIVES.allGather(o.expertParams * bytes, o.groups.edp);
  const reduce = rs(o.gradientBytes);
  const gather = ag(o.paramBytes);
  // The interleaved schedule finishes a chunk's gradients (and needs its parameters) a chunk at
  // a time: the later chunks' work over the last (first) min(m, pp) micro-batches hides them.
  const v = Math.max(1, l.vpp);
  const window = l.schedule === "interleaved" ? 1 + ((v - 1) / v) * (Math.min(m, l.pp) - 1) : 1;
  const B = o.backwardSeconds;
  const F = o.forwardSeconds;
  switch (l.zero) {
    case 0:
      // DDP: one all-reduce (reduce-scatter + all-gather) of the accumulated gradients during the last backward
      return {
        exposedSeconds: Math.max(0, 2 * reduce - window * B),
        traffic: { allReduce: psi, reduceScatter: 0, allGather: 0 },
      };
    case 1:
      return {
        exposedSeconds: Math.max(0, reduce - window * B) + Math.max(0, gather - window * F),
        traffic: { allReduce: 0, reduceScatter: psi, allGather: psi },
      };
    case 2:
      // sharded gradients cannot accumulate locally: each micro-batch's backward reduces its own
      return {
        exposedSeconds: m * Math.max(0, reduce - B) + Math.max(0, gather - window * F),
        traffic: { allReduce: 0, reduceScatter: m * psi, allGather: psi },
      };
    default:
      // ZeRO-3: parameters gathered for each forward and again for each backward, layer by layer
      return {
        exposedSeconds: m * (Math.max(0, gather - F) + Math.max(0, gather + reduce - B)),
        traffic: { allReduce: 0, reduceScatter: m * psi, allGather: 2 * m * psi },
      };
  }
}

/** Adam: fp32 master weights, moments and gradients read and written, 16-bit weights written
 * (about 30 bytes per parameter of the shard), in a few multi-tensor kernels. */
export function optimizerSeconds(
  vector: Engine,
  dense: number,
  expert: number,
  copies: number,
  l: Layout,
): number {
  const shard = l.zero >= 1 ? l.dp * l.cp : 1;
  const expertShard = l.zero >= 1 ? expertDataParallel(l) : 1;
  return streamSeconds(vector, (dense / shard + expert / expertShard) * copies * 30, 10);
}
