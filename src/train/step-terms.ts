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
//   its last backward is done, so the later chunks' backward also hides it), except what no
//   schedule hides: the last chunk's reduction behind its own backward only, the first chunk's
//   gather behind its own forward only, and the bucket that closes either behind nothing;
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
  /** forward tensor-parallel communication left exposed (and in a full recompute) */
  tpExposed: number;
  /** the backward's, where the column-parallel linears hide theirs behind their GEMMs */
  tpExposedBackward: number;
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
  // the open stretch, composed piece by piece (see Piece)
  let og = extraForward;
  let oh = 0;
  let olead = 0;
  let gpuF = extraForward;
  let gpuB = extraBackward;
  let hostB = 0;
  let recomputeSyncs = 0;
  for (const { t } of layers) {
    const pieces = layerPieces(t, spo);
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      gpuF += p.g;
      olead = Math.max(olead, oh - og + p.lead);
      og += p.g;
      oh += p.h;
      if (i < pieces.length - 1) {
        forward += og + olead + host.syncSeconds;
        og = 0;
        oh = 0;
        olead = 0;
      }
    }
    const c = t.cost;
    if (t.recomputeOps > 0) recomputeSyncs += c.syncsForward;
    gpuB += c.backward + t.tpExposedBackward + t.cpExposed + t.epExposed + t.recompute;
    hostB += (c.hostOpsBackward + t.recomputeOps) * spo;
  }
  forward += og + olead + serial;
  const backward = Math.max(gpuB, hostB) + recomputeSyncs * host.syncSeconds + serial;
  return { forward, backward, gpuForward: gpuF + serial, gpuBackward: gpuB + serial };
}

/** A run of issued work as a flow line: device seconds g, host seconds h, and the host's largest
 * lead over the device, max_i (H_1..i - G_1..i-1) (0 when empty). Two runs in sequence compose:
 * the second's leads are offset by the first's host time less its device time. */
interface Piece {
  g: number;
  h: number;
  lead: number;
}

// Layers of one kind share their LayerTimes (and every stage of a step its host cost): each
// kind's segments are reduced to flow-line pieces once, and the stretches composed from them.
const piecesCache = new WeakMap<LayerTimes, { spo: number; pieces: Piece[] }>();

/** One layer's forward segments as pieces, with the exposed communication where the layer issues
 * it: context-parallel exchange before the attention, tensor-parallel and expert-dispatch traffic
 * at their marks (at the end of the attention side, and of the layer, where unmarked). */
function layerPieces(t: LayerTimes, spo: number): Piece[] {
  const hit = piecesCache.get(t);
  if (hit && hit.spo === spo) return hit.pieces;
  const segs = t.cost.forwardSegments;
  let tpMarked = false;
  let epMarked = false;
  for (const z of segs)
    for (const x of z) {
      if (x.comm === "tp") tpMarked = true;
      else if (x.comm === "ep") epMarked = true;
    }
  const pieces: Piece[] = [];
  for (let i = 0; i < segs.length; i++) {
    // the flow line of the segment's work in issue order, each communication a host-free piece
    let g = 0;
    let h = 0;
    let lead = 0;
    if (i === 0) g += t.cpExposed;
    for (const x of segs[i]) {
      h += x.hostOps * spo;
      if (h - g > lead) lead = h - g;
      g += x.gpu;
      if (x.comm === "tp") g += t.tpExposed;
      else if (x.comm === "ep") g += t.epExposed;
    }
    if (i === 0 && !tpMarked) g += t.tpExposed;
    if (i === segs.length - 1 && !epMarked) g += t.epExposed;
    pieces.push({ g, h, lead });
  }
  piecesCache.set(t, { spo, pieces });
  return pieces;
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
  const interleaved = l.schedule === "interleaved";
  const v = interleaved ? Math.max(1, l.vpp) : 1;
  const window = interleaved ? 1 + ((v - 1) / v) * (Math.min(m, l.pp) - 1) : 1;
  const B = o.backwardSeconds;
  const F = o.forwardSeconds;
  // What no schedule hides: the chunk whose gradients are done last is reduced behind its own
  // last backward only (the parameters first needed, gathered behind their own first forward),
  // and the bucket that completes it behind nothing at all (Megatron-Core's buckets hold
  // max(40M, 1M x dp) parameters, distributed_data_parallel.py).
  const bucket = psi > 0 ? Math.min(1, bucketParams(l) / psi) : 0;
  const reduceFloor = (x: number) => Math.max(bucket * x, (x - B) / v, 0);
  const gatherFloor = Math.max(bucket * gather, (gather - F) / v, 0);
  switch (l.zero) {
    case 0:
      // DDP: one all-reduce (reduce-scatter + all-gather) of the accumulated gradients during the last backward
      return {
        exposedSeconds: Math.max(reduceFloor(2 * reduce), 2 * reduce - window * B),
        traffic: { allReduce: psi, reduceScatter: 0, allGather: 0 },
      };
    case 1:
      return {
        exposedSeconds:
          Math.max(reduceFloor(reduce), reduce - window * B) + Math.max(gatherFloor, gather - window * F),
        traffic: { allReduce: 0, reduceScatter: psi, allGather: psi },
      };
    case 2:
      // sharded gradients cannot accumulate locally: each micro-batch's backward reduces its own
      // (the last one's behind nothing after it)
      return {
        exposedSeconds:
          (m - 1) * Math.max(0, reduce - B) +
          Math.max(reduceFloor(reduce), reduce - B) +
          Math.max(gatherFloor, gather - window * F),
        traffic: { allReduce: 0, reduceScatter: m * psi, allGather: psi },
      };
    default:
      // ZeRO-3: parameters gathered for each forward and again for each backward, layer by layer
      // (the first forward's first gather and the last backward's last reduction exposed)
      return {
        exposedSeconds:
          Math.max(gatherFloor, gather - F) +
          (m - 1) * Math.max(0, gather - F) +
          (m - 1) * Math.max(0, gather + reduce - B) +
          Math.max(reduceFloor(reduce), gather + reduce - B),
        traffic: { allReduce: 0, reduceScatter: m * psi, allGather: 2 * m * psi },
      };
  }
}

/** Parameters in one data-parallel bucket (Megatron-Core's default since 0fda386c, 2024-04:
 * max(40M, 1M x dp), "larger DP sizes need larger buckets to ensure collectives do not become
 * latency-bound"). */
export function bucketParams(l: Layout): number {
  return Math.max(40e6, 1e6 * l.dp * l.cp);
}

/** Bytes per parameter of the shard that one optimizer step streams, as Megatron's mixed-precision
 * optimizer runs it (megatron/optimizer/optimizer.py MixedPrecisionOptimizer.step, unchanged in
 * Megatron-Core): the gradient norm for clipping reads the fp32 main gradients (4); Adam reads the
 * fp32 master weight, gradient and two moments and writes the weight and moments (28, apex or
 * Transformer Engine FusedAdam); the master weights are copied into the 16-bit model weights
 * (read 4, write 2); the main-gradient buffer is zeroed for the next step (4). An fp16 run also
 * unscales the gradients and checks them for inf/NaN first (torch._amp_foreach_non_finite_check_and_unscale_:
 * read 4, write 4). */
export function optimizerBytesPerParam(lossScaled: boolean): number {
  return 4 + 28 + 6 + 4 + (lossScaled ? 8 : 0);
}

/** One optimizer step over the device's shard, in a few multi-tensor kernels. */
export function optimizerSeconds(
  vector: Engine,
  dense: number,
  expert: number,
  l: Layout,
  lossScaled = false,
): number {
  return streamSeconds(vector, paramsOnShard(dense, expert, l, 1) * optimizerBytesPerParam(lossScaled), 10);
}

/** The parameters a device's shard holds: all of them, or 1/dp of the dense and 1/edp of the
 * expert ones from ZeRO level `from` up. */
function paramsOnShard(dense: number, expert: number, l: Layout, from: number): number {
  const shard = l.zero >= from ? l.dp * l.cp : 1;
  const expertShard = l.zero >= from ? expertDataParallel(l) : 1;
  return dense / shard + expert / expertShard;
}

/** The gradient accumulation of one micro-batch without fusion: every parameter's new gradient
 * (written by the weight-gradient GEMM in the 16-bit dtype) is added into its main-gradient buffer
 * by a separate kernel, reading the new gradient and reading and writing the buffer
 * (Megatron-LM's DDP hook `param.main_grad.add_(param.grad)`; with --gradient-accumulation-fusion,
 * commit 83b1e42f of 2022-02-13, and Transformer Engine's fuse_wgrad_accumulation the GEMM
 * accumulates into the buffer itself and this pass is gone). With sharded gradients (ZeRO-2/3,
 * FSDP) a micro-batch's gradients are reduce-scattered first and only the shard is accumulated.
 * One kernel per parameter tensor: about eight per layer. */
export function gradAccumulationSeconds(
  vector: Engine,
  dense: number,
  expert: number,
  gradientBytes: number,
  l: Layout,
  layers: number,
): number {
  const params = paramsOnShard(dense, expert, l, 2);
  return streamSeconds(vector, params * (2 + 2 * gradientBytes), Math.max(1, 8 * layers));
}
