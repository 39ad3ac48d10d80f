// Full SFT and the data accounting of fine-tuning sets (Krell et al. 2021, "Efficient Sequence
// Packing without Cross-contamination", arXiv:2107.02027): a training workload of its own sequence
// length, batch and tokens on the training model (src/train/evaluate.ts); with packing (several
// samples per sequence, as Megatron-LM's and NeMo's packed SFT datasets) every token is useful,
// without it each sample is padded to seqLen and only the sample's own tokens count.
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { paramCounts } from "../model/param-counts.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateTraining, type TrainReport } from "../train/evaluate.ts";
import type { LoraReportPart } from "./lora-finetune.ts";
import type { SftSpec } from "./schema.ts";

export interface FinetuneInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  parallel?: ParallelSpec;
}

export interface FinetuneMetrics {
  stepTimeSeconds: number;
  /** tokens the devices process (padding included), per second per device */
  tokensPerSecondPerDevice: number;
  /** sample tokens (padding excluded), per second per device */
  usefulTokensPerSecondPerDevice: number;
  tflopsPerDevice: number;
  mfu: number;
  memoryPerDeviceGiB: number;
  trainableParams: number;
  steps?: number;
  hours?: number;
  deviceHours?: number;
  costUSD?: number;
}

export interface FinetuneReport {
  kind: "sft" | "lora";
  hardware: string;
  devices: number;
  seqLen: number;
  globalBatch: number;
  metrics: FinetuneMetrics;
  /** full fine-tuning on the same layout (for LoRA: the reference its times are derived from) */
  train: TrainReport;
  lora?: LoraReportPart;
  fits: boolean;
  issues: Issue[];
  warnings: Issue[];
}

export type FinetuneResult = { ok: true; report: FinetuneReport } | { ok: false; issues: Issue[] };

type Data = Pick<
  SftSpec,
  "seqLen" | "globalBatch" | "tokens" | "samples" | "meanSampleTokens" | "epochs" | "packing"
>;

/** Useful tokens per step and, when the data size is known, steps, hours, device-hours, cost. */
export function finetuneTotals(
  data: Data,
  stepSeconds: number,
  devices: number,
  device: Device,
): {
  usefulTokensPerStep: number;
  steps?: number;
  hours?: number;
  deviceHours?: number;
  costUSD?: number;
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const perSample = Math.min(data.meanSampleTokens ?? data.seqLen, data.seqLen);
  const usefulTokensPerStep = data.globalBatch * (data.packing ? data.seqLen : perSample);
  let total = data.tokens;
  if (total === undefined && data.samples !== undefined) {
    if (data.meanSampleTokens === undefined) {
      issues.push(
        issue(
          "missing_key",
          ["posttrain", "meanSampleTokens"],
          "samples needs meanSampleTokens to count tokens",
        ),
      );
    } else total = data.samples * data.meanSampleTokens * data.epochs;
  }
  if (total === undefined) return { usefulTokensPerStep, issues };
  const steps = Math.ceil(total / usefulTokensPerStep);
  const hours = (steps * stepSeconds) / 3600;
  const deviceHours = hours * devices;
  const price = device.pricePerDeviceHourUSD?.value;
  return {
    usefulTokensPerStep,
    steps,
    hours,
    deviceHours,
    costUSD: price ? price * deviceHours : undefined,
    issues,
  };
}

/** The fine-tuning step with every weight trained: SFT itself, and LoRA's reference. */
export function fullFinetuneStep(
  inp: FinetuneInput,
  spec: Pick<SftSpec, "seqLen" | "globalBatch" | "precision">,
) {
  return evaluateTraining({
    arch: inp.arch,
    device: inp.device,
    calibration: inp.calibration,
    devices: inp.devices,
    devicesPerNode: inp.devicesPerNode,
    train: { seqLen: spec.seqLen, globalBatch: spec.globalBatch, precision: spec.precision },
    parallel: inp.parallel,
  });
}

export function evaluateSft(inp: FinetuneInput, spec: SftSpec): FinetuneResult {
  const t = fullFinetuneStep(inp, spec);
  if (!t.ok) return t;
  const r = t.report;
  const m = r.metrics;
  const totals = finetuneTotals(spec, m.stepTimeSeconds, inp.devices, inp.device);
  const metrics: FinetuneMetrics = {
    stepTimeSeconds: m.stepTimeSeconds,
    tokensPerSecondPerDevice: m.tokensPerSecondPerDevice,
    usefulTokensPerSecondPerDevice: totals.usefulTokensPerStep / m.stepTimeSeconds / inp.devices,
    tflopsPerDevice: m.tflopsPerDevice,
    mfu: m.mfu,
    memoryPerDeviceGiB: m.memoryPerDeviceGiB,
    trainableParams: paramCounts(inp.arch).totalWithMtp,
  };
  for (const k of ["steps", "hours", "deviceHours", "costUSD"] as const) {
    const v = totals[k];
    if (v !== undefined) metrics[k] = v;
  }
  return {
    ok: true,
    report: {
      kind: "sft",
      hardware: inp.device.id,
      devices: inp.devices,
      seqLen: spec.seqLen,
      globalBatch: spec.globalBatch,
      metrics,
      train: r,
      fits: r.fits,
      issues: [...r.issues, ...totals.issues],
      warnings: r.warnings,
    },
  };
}
