// The legal candidate space of a training plan, per Megatron-LM's own rules
// (megatron/training/arguments.py validate_args: tp·pp·cp·dp = world size, heads % tp,
// global batch % (micro batch · dp), seq % (2·cp) for load-balanced context parallel,
// experts % ep and ep | dp·cp·tp). Sizes the user fixed are the only values of their axis.
import type { Device, Dtype } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import type { ScheduleKind } from "../train/schedule.ts";
import { divisors, gcd } from "./divisors.ts";

export type TrainPrecision = "bf16" | "fp16" | "fp8" | "fp4";
export type Recompute = "none" | "selective" | "full";
export type ZeroStage = 0 | 1 | 2 | 3;

/** The sizes that place devices: tp·pp·cp·dp = devices, ep inside dp·cp·tp. */
export interface Structure {
  tp: number;
  pp: number;
  cp: number;
  dp: number;
  ep: number;
}

export interface PipelineChoice {
  schedule: ScheduleKind;
  vpp: number;
}

export interface SpaceInput {
  arch: Arch;
  devices: number;
  seqLen: number;
  globalBatch: number;
  fixed: ParallelSpec;
}

/** Largest interleaving the search tries: the bubble shrinks as 1/vpp, so gains past 8 are small. */
export const MAX_VPP = 8;

export function structures({ arch, devices, seqLen, globalBatch, fixed }: SpaceInput): Structure[] {
  const out: Structure[] = [];
  for (const tp of divisors(devices)) {
    if (fixed.tp !== undefined && tp !== fixed.tp) continue;
    if (arch.heads % tp !== 0) continue;
    if (arch.kvHeads < tp ? tp % arch.kvHeads !== 0 : arch.kvHeads % tp !== 0) continue;
    for (const pp of divisors(devices / tp)) {
      if (fixed.pp !== undefined && pp !== fixed.pp) continue;
      if (pp > arch.layers) continue;
      for (const cp of divisors(devices / (tp * pp))) {
        if (fixed.cp !== undefined && cp !== fixed.cp) continue;
        if (cp > 1 && seqLen % (2 * cp) !== 0) continue;
        const dp = devices / (tp * pp * cp);
        if (fixed.dp !== undefined && dp !== fixed.dp) continue;
        if (globalBatch % dp !== 0) continue;
        const etp = fixed.etp ?? 1;
        const eps =
          arch.moe && (dp * cp * tp) % etp === 0
            ? divisors(gcd(arch.moe.experts, (dp * cp * tp) / etp))
            : [1];
        for (const ep of eps) {
          if (fixed.ep !== undefined && ep !== fixed.ep) continue;
          out.push({ tp, pp, cp, dp, ep });
        }
      }
    }
  }
  return out;
}

/**
 * Schedules for a pipeline of pp stages. Interleaving needs pp > 1 and vpp chunks that split
 * the layers of a stage evenly (floor or ceil of layers/pp), as Megatron's
 * --num-layers-per-virtual-pipeline-stage or an explicit layout does; DualPipe needs an even pp.
 */
export function pipelineChoices(pp: number, layers: number, fixed: ParallelSpec): PipelineChoice[] {
  const all: PipelineChoice[] = [{ schedule: "1f1b", vpp: 1 }];
  if (pp > 1) {
    all.push({ schedule: "zero-bubble", vpp: 1 });
    if (pp % 2 === 0) all.push({ schedule: "dualpipe", vpp: 1 });
    const lo = Math.floor(layers / pp);
    const hi = Math.ceil(layers / pp);
    for (let v = 2; v <= MAX_VPP; v++) {
      if (pp * v > layers) break;
      if (lo % v === 0 || hi % v === 0 || v === fixed.vpp) all.push({ schedule: "interleaved", vpp: v });
    }
  }
  return all.filter((c) => {
    if (fixed.schedule !== undefined && c.schedule !== fixed.schedule) return false;
    if (fixed.vpp !== undefined && c.vpp !== fixed.vpp) return false;
    return true;
  });
}

/** Micro-batch sizes dividing the per-replica batch, ascending (memory grows with each). */
export function microBatchChoices(globalBatch: number, dp: number, fixed: ParallelSpec): number[] {
  const all = divisors(globalBatch / dp);
  return fixed.microBatch !== undefined ? all.filter((m) => m === fixed.microBatch) : all;
}

/** Activation savers in order of memory saved (and, in every engine, of time added). */
export function recomputeChoices(fixed: ParallelSpec): Recompute[] {
  return fixed.recompute !== undefined ? [fixed.recompute] : ["none", "selective", "full"];
}

/**
 * ZeRO stages in order of memory saved. Stage 0 is left out unless fixed: the distributed
 * optimizer (stage 1) moves the same bytes as an all-reduce (reduce-scatter + all-gather) and
 * holds less, so stage 0 is never the better plan.
 */
export function zeroChoices(fixed: ParallelSpec): ZeroStage[] {
  return fixed.zero !== undefined ? [fixed.zero] : [1, 2, 3];
}

/** Matmul precisions to try: the one given, else bf16 (fp16 without bf16) and fp8 where the device has it. */
export function precisionChoices(device: Device, given?: TrainPrecision): TrainPrecision[] {
  if (given !== undefined) return [given];
  const has = (d: Dtype) => device.peakTflops[d] != null;
  const out: TrainPrecision[] = [];
  if (has("bf16")) out.push("bf16");
  else if (has("fp16")) out.push("fp16");
  if (has("fp8") && out.length > 0) out.push("fp8");
  return out;
}

export function supportsPrecision(device: Device, p: TrainPrecision): boolean {
  const half = device.peakTflops.bf16 != null || device.peakTflops.fp16 != null;
  return half && device.peakTflops[p] != null;
}

/** The scale-up domain a tensor-parallel group must stay inside (a node, or a supernode). */
export function scaleUpDomain(device: Device, devicesPerNode?: number): number {
  const d = device.scaleUp.domainSize;
  if (device.scaleUp.kind === "supernode" || devicesPerNode === undefined) return Math.max(1, d);
  return Math.max(1, Math.min(d, devicesPerNode));
}
