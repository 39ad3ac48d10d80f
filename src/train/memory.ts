// Peak memory of the busiest device: model state (src/model/state-bytes.ts, ZeRO sharding),
// activations per layer (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large
// Transformer Models", Sec. 4, Eq. 1-2 and Table 2, generalised to GQA/MLA/SwiGLU/MoE and to
// flash attention, which stores no s² score matrix), times the micro-batches the schedule keeps
// in flight, plus the logits of the last stage and a workspace allowance.
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { headDim } from "../model/arch.ts";
import type { LayerKind } from "../model/layer-kinds.ts";
import { stateBytesPerDevice } from "../model/state-bytes.ts";
import type { TrainSpec } from "../scenario/schema.ts";
import { GiB } from "../units.ts";
import type { Layout } from "./layout.ts";
import { SCHEDULES } from "./schedule.ts";
import type { StepBreakdown } from "./step.ts";

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

export interface ActivationInput {
  arch: Arch;
  kind: LayerKind;
  seqLen: number;
  microBatch: number;
  tp: number;
  cp: number;
  sequenceParallel: boolean;
  recompute: "none" | "selective" | "full";
  flashAttention: boolean;
}

/** Bytes one layer keeps for the backward pass, per micro-batch, per device (16-bit activations). */
export function activationBytesPerLayer(x: ActivationInput): number {
  const a = x.arch;
  const s = x.seqLen / x.cp;
  const b = x.microBatch;
  const h = a.hidden;
  const t = x.tp;
  const sp = x.sequenceParallel ? t : 1;
  if (x.recompute === "full") return (2 * s * b * h) / sp;
  // Norm inputs, matmul inputs and dropout masks on the hidden stream: 10·s·b·h (Eq. 1).
  const replicated = 10 * s * b * h;
  let attention: number;
  if (a.attention?.kind === "mla") {
    const m = a.attention;
    const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const latents = 2 * ((m.qLoraRank ?? 0) + m.kvLoraRank + m.qkRopeHeadDim) * t;
    attention = 2 * a.heads * (qk + qk + m.vHeadDim + m.vHeadDim) + latents;
  } else {
    const hd = headDim(a);
    attention = 2 * (a.heads + 2 * a.kvHeads) * hd + 2 * a.heads * hd;
  }
  attention *= s * b;
  const scores = x.flashAttention || x.recompute === "selective" ? 0 : 5 * a.heads * s * s * b;
  const gatedFactor = a.mlp === "swiglu" ? 6 : 4;
  let mlp: number;
  if (x.kind === "moe" && a.moe) {
    const moe = a.moe;
    const routed = moe.topK * (2 * h + gatedFactor * moe.expertFfn);
    const shared = gatedFactor * moe.expertFfn * moe.sharedExperts;
    mlp = s * b * (routed + shared);
  } else {
    mlp = s * b * gatedFactor * a.ffn;
  }
  return replicated / sp + (attention + scores + mlp) / t;
}

export interface MemoryInput {
  arch: Arch;
  layout: Layout;
  seqLen: number;
  step: StepBreakdown;
  precision: TrainSpec["precision"];
  capacityBytes?: number;
}

export function trainingMemory(inp: MemoryInput): MemoryBreakdown {
  const { arch, layout: l, step } = inp;
  const schedule = SCHEDULES[l.schedule];
  const copies = schedule.parameterCopies;
  const inFlight = schedule.inFlightMicroBatches(l.pp, l.vpp, l.microBatches);
  let peak = { weights: 0, gradients: 0, optimizer: 0, activations: 0, logits: 0, total: 0 };
  step.layerParamsByDevice.forEach((dev, d) => {
    const dense = stateBytesPerDevice({
      params: dev.dense * copies,
      dpShard: l.dp * l.cp,
      zero: l.zero,
      precision: inp.precision,
    });
    const expert = stateBytesPerDevice({
      params: dev.expert * copies,
      dpShard: Math.max(1, (l.dp * l.cp * l.tp) / l.ep),
      zero: l.zero,
      precision: inp.precision,
    });
    let act = 0;
    for (const kind of dev.kinds) {
      act += activationBytesPerLayer({
        arch,
        kind,
        seqLen: inp.seqLen,
        microBatch: l.microBatch,
        tp: l.tp,
        cp: l.cp,
        sequenceParallel: l.sequenceParallel,
        recompute: l.recompute,
        flashAttention: true,
      });
    }
    // The first stage holds the most micro-batches; later stages fewer (1F1B: pp - d).
    const held = Math.max(1, inFlight - d * (inFlight / l.pp));
    act *= held;
    const last = d === l.pp - 1;
    const logits = last ? ((l.microBatch * inp.seqLen) / l.cp) * (arch.vocab / l.tp) * 4 * (1 + (arch.mtp ?? 0)) : 0;
    const total = dense.total + expert.total + act + logits;
    if (total > peak.total) {
      peak = {
        weights: dense.weights + expert.weights,
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
