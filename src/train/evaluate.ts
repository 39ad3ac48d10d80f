// The training report of one scenario with a fixed layout: step time and its breakdown,
// throughput, MFU, memory per device, and, given train.tokens, device-hours, days, energy
// and cost. Energy uses a utilisation-based power model: idle ~30% of TDP plus the rest in
// proportion to MFU / the family's large-GEMM efficiency (a device running matmuls flat out
// draws about its TDP; Patel et al. 2024 "Characterizing Power Management Opportunities for
// LLMs in the Cloud" report training nodes near TDP).
import { fabricParams } from "../collectives/group.ts";
import { computeTablesFor, trainTableDtype } from "../cost/device-tables.ts";
import { gemmTimer, referenceEfficiency } from "../cost/gemm-timer.ts";
import { jobCost, trainCostWarning } from "../economics/train-cost.ts";
import type { JobCost } from "../economics/types.ts";
import { attentionRate } from "../hardware/attention-rate.ts";
import { type Calibration, calibrationFor, gemmEfficiency } from "../hardware/calibration.ts";
import type { Device, Dtype } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { expertLoadImbalance } from "../infer/moe-routing.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { modelFlopsPerToken } from "../model/model-flops.ts";
import type { ParallelSpec, TrainSpec } from "../scenario/schema.ts";
import type { StackSpec } from "../scenario/stack.ts";
import { hostCpuOf } from "../stack/host-cpu.ts";
import { resolveTrainStack, type StackCatalog, type TrainStack } from "../stack/train-stack.ts";
import { GiB } from "../units.ts";
import { matmulEngine, peakFlopsPerSecond } from "./engines.ts";
import { checkLayout, type Layout, resolveLayout } from "./layout.ts";
import { type MemoryBreakdown, trainingMemory } from "./memory.ts";
import { type StepBreakdown, trainingStep } from "./step.ts";

/** Routing skew of a real (not force-balanced) run with auxiliary-loss balancing: the busiest
 * expert-parallel rank sees ~10% more tokens than the mean once the router has settled (Megatron-
 * Core's MoE guide warns of severe imbalance while the router is under-trained; DeepSeek-V3 Sec.
 * 2.1.2 reports near-balanced loads with its bias-based, auxiliary-loss-free balancing). */
export const MOE_IMBALANCE = 1.1;

/** Host CPUs relative to an x86 server's single-thread issue rate (the family's host cost is for
 * x86): Arm Neoverse V2 (Grace) and Kunpeng 920 cores issue PyTorch kernels more slowly. A family's
 * calibration may fit Grace's (`host.grace`, catalog/calibration.yaml); these are the defaults. */
export const HOST_CPU_FACTOR: Record<TrainStack["hostCpu"], number> = { x86: 1, grace: 1.4, arm: 1.4 };

/** Default host costs when a family gives none: ~10 us of PyTorch eager dispatch per kernel, ~20 us a sync. */
export const DEFAULT_HOST = { secondsPerKernel: 10e-6, syncSeconds: 20e-6 };

/** The busiest expert-parallel rank's load over the mean, by how routing was balanced. */
export function moeImbalanceFor(
  balance: TrainStack["moeBalance"],
  ep: number,
  assignmentsPerRank: number,
): number {
  if (balance === "forced") return 1;
  const statistical = expertLoadImbalance(ep, assignmentsPerRank);
  return balance === "aux-loss-free" ? statistical : MOE_IMBALANCE * statistical;
}

/** Megatron-LM keeps and reduces main gradients in fp32 for bf16 (and fp8, whose parameters are
 * bf16) runs and in the parameter dtype for fp16 runs (megatron/training/arguments.py); a stack
 * whose `gradPrecision` is bf16 (Megatron-Core's grad_reduce_in_fp32 false) keeps them in 16 bits. */
export function gradientBytesFor(
  precision: TrainSpec["precision"],
  gradPrecision: "fp32" | "bf16" = "fp32",
): number {
  return precision === "fp16" || gradPrecision === "bf16" ? 2 : 4;
}

export interface TrainInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  train: TrainSpec;
  parallel?: ParallelSpec;
  /** the training software (scenario `stack:`) and the engines' defaults (catalog/stacks.yaml) */
  stack?: StackSpec;
  stacks?: StackCatalog;
  /** measured kernel tables (catalog/kernels); absent: the roofline with the family's efficiency */
  kernels?: readonly DeviceKernelTables[];
}

export interface TrainMetrics {
  stepTimeSeconds: number;
  tokensPerSecondPerDevice: number;
  tflopsPerDevice: number;
  mfu: number;
  memoryPerDeviceGiB: number;
  flopsPerStep: number;
  deviceHours?: number;
  days?: number;
  energyMWh?: number;
  costUSD?: number;
  averagePowerWatts?: number;
}

export interface TrainReport {
  layout: Layout;
  metrics: TrainMetrics;
  step: StepBreakdown;
  memory: MemoryBreakdown;
  calibrationFamily: string;
  /** the flash attention kernel's forward-and-backward rate over the 16-bit peak at the sequence
   * each rank attends over and the sequences × query heads it launches at once, and whether the
   * family's measured curve gave it (absent: unfused) */
  attention?: {
    kernel: string;
    seq: number;
    batchHeads: number;
    efficiency: number;
    basis: "curve" | "constant";
  };
  /** the software the step was costed for, each setting with where it came from */
  stack: TrainStack;
  /** the job's money with its basis and range (src/economics), when train.tokens is given and the device is priced */
  cost?: JobCost;
  /** false when the memory need exceeds the device: the times are what it would take if it fit */
  fits: boolean;
  /** errors that leave the times computable (hbm_overflow) */
  issues: Issue[];
  warnings: Issue[];
}

export type TrainResult = { ok: true; report: TrainReport } | { ok: false; issues: Issue[] };

export function evaluateTraining(inp: TrainInput): TrainResult {
  const { arch, device } = inp;
  const train = { ...inp.train, precision: inp.train.precision ?? "bf16" };
  const { family, isDefault } = calibrationFor(inp.calibration, device.id);
  const warnings: Issue[] = [];
  if (isDefault) {
    warnings.push(
      issue(
        "default_used",
        ["hardware"],
        `no efficiency calibration for ${device.id}; using the conservative default`,
        {
          severity: "warning",
        },
      ),
    );
  }
  const stackSettings = resolveTrainStack(
    inp.stack,
    inp.stacks,
    family.tpCommOverlap ?? false,
    hostCpuOf(device.id),
    device.vendor,
  );
  const resolved = resolveLayout(inp.parallel, inp.devices, stackSettings.expertTp);
  warnings.push(...resolved.warnings);
  const checked = checkLayout(resolved.layout, arch, train);
  const issues = [...resolved.issues, ...checked.issues];
  const layout = checked.layout;
  const dtype = train.precision as Dtype;
  const matmul = matmulEngine(device, family, dtype);
  const half = matmulEngine(device, family, "bf16") ?? matmulEngine(device, family, "fp16");
  // The flash kernels' rate by generation and by the sequence each rank attends over (the
  // family's measured curves where it has them; src/hardware/attention-rate.ts).
  const attentionSeq = train.seqLen / Math.max(1, layout.cp);
  // sequences × query heads in one launch on a rank: the micro-batch times the heads tp leaves it
  const attentionBatchHeads = layout.microBatch * Math.max(1, arch.heads / layout.tp);
  const flashRate =
    stackSettings.attention === "unfused"
      ? undefined
      : attentionRate(family, stackSettings.attention, attentionSeq, attentionBatchHeads);
  const halfPeak = peakFlopsPerSecond(device, "bf16") ?? peakFlopsPerSecond(device, "fp16");
  const vector =
    half && flashRate && halfPeak
      ? { ...half, attentionFlopsPerSecond: halfPeak * flashRate.efficiency }
      : half;
  if (!matmul || !vector) {
    const alt = (["bf16", "fp16"] as Dtype[]).find((x) => peakFlopsPerSecond(device, x) !== undefined);
    issues.push(
      issue(
        "dtype_unsupported",
        ["train", "precision"],
        `${device.name} has no ${train.precision} matmul peak${alt ? `; use precision: ${alt} (more memory and time)` : ""}`,
      ),
    );
    return { ok: false, issues };
  }
  if (issues.length > 0) return { ok: false, issues };

  const stack = stackSettings;
  const hostBase = family.host ?? DEFAULT_HOST;
  const gradientBytes = gradientBytesFor(train.precision, stack.gradPrecision);
  const cpu = (stack.hostCpu === "grace" ? family.host?.grace : undefined) ?? HOST_CPU_FACTOR[stack.hostCpu];
  const assignments = arch.moe
    ? (layout.microBatch * train.seqLen * arch.moe.topK) / layout.cp / layout.tp
    : 0;
  const step = trainingStep({
    arch,
    layout,
    seqLen: train.seqLen,
    globalBatch: train.globalBatch,
    fabric: fabricParams(device, family, inp.devicesPerNode),
    matmul,
    gemm: gemmTimer(
      matmul,
      computeTablesFor(inp.kernels, device.id),
      trainTableDtype(dtype, stack.fp8Recipe),
      familyReferenceTables(inp.kernels, family, trainTableDtype(dtype, stack.fp8Recipe)),
    ),
    vector,
    matmulBytes: dtype === "fp8" ? 1 : dtype === "fp4" ? 0.5 : 2,
    dispatchBytes: dtype === "fp8" || dtype === "fp4" ? 1 : 2,
    moeImbalance: arch.moe ? moeImbalanceFor(stack.moeBalance, layout.ep, assignments) : 1,
    gradientBytes,
    lossScaled: train.precision === "fp16",
    stack,
    host: { secondsPerKernel: hostBase.secondsPerKernel * cpu, syncSeconds: hostBase.syncSeconds * cpu },
  });
  const capacityGB = device.memory.capacityGB?.value;
  const memory = trainingMemory({
    arch,
    layout,
    seqLen: train.seqLen,
    step,
    precision: train.precision,
    gradientBytes,
    stack,
    // HBM stacks are binary-sized: an "80 GB" H100 has 81,559 MiB (nvidia-smi), so GB here is GiB.
    capacityBytes: capacityGB !== undefined ? capacityGB * GiB : undefined,
  });

  const tokensPerStep = train.globalBatch * train.seqLen;
  const flopsPerToken = 3 * modelFlopsPerToken(arch, train.seqLen).total;
  const flopsPerStep = flopsPerToken * tokensPerStep;
  const tokensPerSecondPerDevice = tokensPerStep / step.stepSeconds / inp.devices;
  const tflopsPerDevice = (flopsPerToken * tokensPerSecondPerDevice) / 1e12;
  const peak = peakFlopsPerSecond(device, dtype) ?? 1;
  const mfu = (tflopsPerDevice * 1e12) / peak;
  const metrics: TrainMetrics = {
    stepTimeSeconds: step.stepSeconds,
    tokensPerSecondPerDevice,
    tflopsPerDevice,
    mfu,
    memoryPerDeviceGiB: memory.totalGiB,
    flopsPerStep,
  };
  if (train.tokens) {
    const seconds = train.tokens / (tokensPerSecondPerDevice * inp.devices);
    metrics.deviceHours = (seconds * inp.devices) / 3600;
    metrics.days = seconds / 86400;
    const tdp = device.tdpWatts?.value;
    if (tdp) {
      const busy = Math.min(1, mfu / gemmEfficiency(family, dtype).max);
      metrics.averagePowerWatts = tdp * (0.3 + 0.7 * busy);
      metrics.energyMWh = (metrics.averagePowerWatts * metrics.deviceHours) / 1e6;
    }
  }
  const cost =
    metrics.deviceHours !== undefined
      ? jobCost(device.pricing, metrics.deviceHours, metrics.energyMWh)
      : undefined;
  if (cost) metrics.costUSD = cost.totalUSD.value;
  else if (metrics.deviceHours !== undefined) warnings.push(trainCostWarning(device));
  const report: TrainReport = {
    layout,
    metrics,
    step,
    memory,
    calibrationFamily: family.family,
    attention: flashRate && {
      kernel: stack.attention,
      seq: attentionSeq,
      batchHeads: attentionBatchHeads,
      ...flashRate,
    },
    stack,
    ...(cost ? { cost } : {}),
    fits: !memory.overflow,
    issues: memory.overflow ? [memory.overflow] : [],
    warnings,
  };
  return { ok: true, report };
}

/** The tables a family's large-GEMM efficiency is defined on: those of the first device it applies
 * to whose tables cover the dtype with a known peak (looked up once per catalog, list and dtype). */
const referenceCache = new WeakMap<readonly DeviceKernelTables[], Map<string, DeviceKernelTables | null>>();

function familyReferenceTables(
  kernels: readonly DeviceKernelTables[] | undefined,
  family: { family: string; appliesTo?: readonly string[] },
  tableDtype: string,
): DeviceKernelTables | undefined {
  if (!kernels || !family.appliesTo) return undefined;
  let byKey = referenceCache.get(kernels);
  if (!byKey) {
    byKey = new Map();
    referenceCache.set(kernels, byKey);
  }
  const key = `${family.family}|${tableDtype}`;
  const hit = byKey.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let found: DeviceKernelTables | null = null;
  for (const id of family.appliesTo) {
    const t = computeTablesFor(kernels, id);
    if (referenceEfficiency(t, tableDtype) !== undefined) {
      found = t ?? null;
      break;
    }
  }
  byKey.set(key, found);
  return found ?? undefined;
}
