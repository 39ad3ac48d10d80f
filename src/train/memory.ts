// Peak memory of the busiest device: model state (src/model/state-bytes.ts, ZeRO sharding),
// activations per layer (src/model/activation-bytes.ts, Korthikanti et al. 2022) times the
// micro-batches the schedule keeps in flight, the last stage's logits and a workspace allowance.
import { type Issue, issue } from "../issues.ts";
import { activationBytesPerLayer, keepsDropout } from "../model/activation-bytes.ts";
import type { Arch } from "../model/arch.ts";
import type { LayerKind } from "../model/layer-kinds.ts";
import { stateBytesPerDevice } from "../model/state-bytes.ts";
import type { TrainSpec } from "../scenario/schema.ts";
import type { TrainStack } from "../stack/train-stack.ts";
import { GiB } from "../units.ts";
import { expertDataParallel, type Layout } from "./layout.ts";
import { SCHEDULES } from "./schedule.ts";
import { heldParams, type StepBreakdown } from "./step.ts";

/** cuBLAS/NCCL workspaces, CUDA/CANN context and allocator slack (Megatron-LM users budget 2-4 GiB). */
export const WORKSPACE_BYTES = 2.5 * GiB;

export interface MemoryBreakdown {
  weightsGiB: number;
  gradientsGiB: number;
  optimizerGiB: number;
  activationsGiB: number;
  logitsGiB: number;
  workspaceGiB: number;
  totalGiB: number;
  /** set by the caller when a capacity is known and exceeded */
  overflow?: Issue;
}

export interface MemoryInput {
  arch: Arch;
  layout: Layout;
  seqLen: number;
  step: StepBreakdown;
  precision: TrainSpec["precision"];
  gradientBytes: number;
  capacityBytes?: number;
  /** what the software keeps and where (FP8 expert cache, bf16 moments, offload) */
  stack?: Pick<
    TrainStack,
    "fp8ActivationCache" | "optimizerMoments" | "activationOffload" | "selectivePolicy" | "attention"
  >;
}

export function trainingMemory(inp: MemoryInput): MemoryBreakdown {
  const { arch, layout: l, step } = inp;
  const schedule = SCHEDULES[l.schedule];
  const inFlight = schedule.inFlightMicroBatches(l.pp, l.vpp, l.microBatches);
  let peak = { weights: 0, gradients: 0, optimizer: 0, activations: 0, logits: 0, total: 0 };
  // Two layer kinds at most: compute each kind's activations once, not once per layer.
  const actOf = (layerKind: LayerKind) =>
    activationBytesPerLayer({
      arch,
      layerKind,
      seqLen: inp.seqLen,
      microBatch: l.microBatch,
      tp: l.tp,
      cp: l.cp,
      sp: l.sequenceParallel,
      recompute: l.recompute,
      ...(l.recomputeModules ? { recomputeModules: l.recomputeModules } : {}),
      fp8ExpertCache: inp.stack?.fp8ActivationCache ?? false,
      opPolicy: inp.stack?.selectivePolicy === "op",
      flash: inp.stack?.attention !== "unfused",
      matmulInputBytes: inp.precision === "fp8" || inp.precision === "fp4" ? 1 : 2,
      dropout: keepsDropout(arch),
    });
  const actPerLayer: Record<LayerKind, number> = { dense: actOf("dense"), moe: arch.moe ? actOf("moe") : 0 };
  // A mirrored schedule (DualPipe) puts stage d of one direction and stage p-1-d of the other on
  // device d: their parameters rather than two copies of one stage, and p+1 micro-batches of the
  // pair's activations on every device (DeepSeek-V3 Table 2: 2x parameters, PP+1 activations
  // overall; half the micro-batches run through each of the two stages).
  const mirrored = schedule.mirrored === true && l.pp > 1;
  const byDevice = step.layerParamsByDevice;
  const actOfDevice = (d: number) => {
    let act = 0;
    for (const kind of byDevice[d].kinds) act += actPerLayer[kind];
    return act;
  };
  byDevice.forEach((_, d) => {
    const dev = heldParams(byDevice, d, l);
    const dense = stateBytesPerDevice({
      params: dev.dense,
      dpShard: l.dp * l.cp,
      zero: l.zero,
      precision: inp.precision,
      gradientBytesPerParam: inp.gradientBytes,
      bf16Moments: inp.stack?.optimizerMoments === "bf16",
    });
    const expert = stateBytesPerDevice({
      params: dev.expert,
      dpShard: expertDataParallel(l),
      zero: l.zero,
      precision: inp.precision,
      gradientBytesPerParam: inp.gradientBytes,
      bf16Moments: inp.stack?.optimizerMoments === "bf16",
    });
    // The first stage holds the most micro-batches; later stages fewer (1F1B: pp - d). A mirrored
    // device holds as many at every position, half of them through each of its stages.
    let act = mirrored ? (actOfDevice(d) + actOfDevice(l.pp - 1 - d)) / 2 : actOfDevice(d);
    const held = mirrored ? inFlight : Math.max(1, inFlight - d * (inFlight / l.pp));
    // offloaded activations wait in host memory until their backward (the copy overlaps compute)
    act *= held * (1 - (inp.stack?.activationOffload ?? 0));
    const last = d === l.pp - 1 || (mirrored && d === 0);
    const logits = last
      ? ((l.microBatch * inp.seqLen) / l.cp) * (arch.vocab / l.tp) * 4 * (1 + (arch.mtp ?? 0))
      : 0;
    // ZeRO-3 materialises the layer it computes and prefetches the next: two layers unsharded,
    // never more than the 16-bit weights sharding saved (with so few layers nothing is freed).
    const unsharded = 2 * (dev.dense + dev.expert);
    const gathered =
      l.zero === 3 && dev.layers > 0
        ? Math.min((2 * unsharded) / dev.layers, unsharded - dense.weights - expert.weights)
        : 0;
    const total = dense.total + expert.total + gathered + act + logits;
    if (total > peak.total) {
      peak = {
        weights: dense.weights + expert.weights + gathered,
        gradients: dense.gradients + expert.gradients,
        optimizer: dense.optimizer + expert.optimizer,
        activations: act,
        logits,
        total,
      };
    }
  });
  const totalBytes = peak.total + WORKSPACE_BYTES;
  const out: MemoryBreakdown = {
    weightsGiB: peak.weights / GiB,
    gradientsGiB: peak.gradients / GiB,
    optimizerGiB: peak.optimizer / GiB,
    activationsGiB: peak.activations / GiB,
    logitsGiB: peak.logits / GiB,
    workspaceGiB: WORKSPACE_BYTES / GiB,
    totalGiB: totalBytes / GiB,
  };
  if (inp.capacityBytes !== undefined && totalBytes > inp.capacityBytes) {
    out.overflow = issue(
      "hbm_overflow",
      ["parallel"],
      `needs ${out.totalGiB.toFixed(1)} GiB per device, the device has ${(inp.capacityBytes / GiB).toFixed(1)} GiB`,
      { need: totalBytes, have: inp.capacityBytes },
    );
  }
  return out;
}
