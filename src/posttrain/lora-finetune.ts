// LoRA / QLoRA step and memory (Hu et al. 2021, arXiv:2106.09685; Dettmers et al. 2023,
// arXiv:2305.14314), from the full fine-tuning step of the same layout
// (src/train): the matmul compute (and the pipeline bubble, which scales with it) shrinks to
// LoRA's share of the FLOPs (lora-flops.ts); communication inside the model is unchanged (the
// activation gradients still cross tp/ep/pp); data-parallel gradients and the Adam step cover
// the adapters only. Memory: frozen base weights at their stored width (bf16 2 B, fp8 1 B, NF4
// with double quantisation 4.127 bits: Dettmers et al. 2023, "QLoRA", arXiv:2305.14314 Sec. 3),
// no base gradients or optimizer; adapters in mixed precision with Adam (2 + 4 + 12 B each, as
// the full model in src/model/state-bytes.ts); activations as full fine-tuning (an upper bound:
// a frozen matmul's input need not be kept for its weight gradient).
import { COLLECTIVES } from "../collectives/collectives.ts";
import { calibrationFor } from "../hardware/calibration.ts";
import { type Issue, issue } from "../issues.ts";
import { paramCounts } from "../model/param-counts.ts";
import { memoryBytesPerSecond, peakFlopsPerSecond } from "../train/engines.ts";

import { GiB } from "../units.ts";
import {
  type FinetuneInput,
  type FinetuneMetrics,
  type FinetuneResult,
  finetuneTotals,
  fullFinetuneStep,
} from "./finetune.ts";
import { loraParams, resolveTargets } from "./lora.ts";
import { type LoraFlops, loraFlopsPerToken } from "./lora-flops.ts";
import type { LoraSpec, LoraTarget } from "./schema.ts";

/** Stored bytes per frozen base weight. */
export const BASE_WEIGHT_BYTES: Record<LoraSpec["baseWeights"], number> = { bf16: 2, fp8: 1, nf4: 4.127 / 8 };
/** bf16 adapter weight + fp32 gradient + fp32 master weight and Adam m, v. */
export const ADAPTER_STATE_BYTES = 2 + 4 + 12;

export interface LoraReportPart {
  rank: number;
  targets: LoraTarget[];
  experts: boolean;
  baseWeights: LoraSpec["baseWeights"];
  adapterParams: number;
  adapterParamsPerDevice: number;
  adaptedBaseParams: number;
  trainableFraction: number;
  flops: LoraFlops;
  /** seconds of the full fine-tuning step each change replaces */
  step: { fullSeconds: number; computeSaved: number; dpComm: number; optimizer: number };
  memory: {
    baseWeightsGiB: number;
    adapterStateGiB: number;
    activationsGiB: number;
    logitsGiB: number;
    workspaceGiB: number;
    totalGiB: number;
  };
}

export function evaluateLora(inp: FinetuneInput, spec: LoraSpec): FinetuneResult {
  const t = fullFinetuneStep(inp, spec);
  if (!t.ok) return t;
  const full = t.report;
  const s = full.step;
  const targets = resolveTargets(spec.targets);
  const lp = loraParams(inp.arch, spec.rank, targets, spec.experts);
  const pc = paramCounts(inp.arch);
  const flops = loraFlopsPerToken(inp.arch, spec.seqLen, lp.active);
  // Adapters sit beside their matrices: each device holds the share of them its weights hold.
  const onDevice = lp.total * ((s.denseParamsPerDevice + s.expertParamsPerDevice) / pc.totalWithMtp);
  const computeSaved = (1 - flops.ratio) * (s.compute + s.bubble);
  const dpComm = COLLECTIVES.allReduce(onDevice * 4, s.groups.dp);
  const family = calibrationFor(inp.calibration, inp.device.id).family;
  const optimizer = (onDevice * 30) / (memoryBytesPerSecond(inp.device) * family.memory);
  const stepSeconds = s.stepSeconds - computeSaved - s.dpComm - s.optimizer + dpComm + optimizer;

  const fm = full.memory;
  const baseWeightsGiB = (fm.weightsGiB * BASE_WEIGHT_BYTES[spec.baseWeights]) / 2;
  const adapterStateGiB = (onDevice * ADAPTER_STATE_BYTES) / GiB;
  const totalGiB = baseWeightsGiB + adapterStateGiB + fm.activationsGiB + fm.logitsGiB + fm.workspaceGiB;
  const capacity = inp.device.memory.capacityGB?.value;
  const issues: Issue[] = [];
  if (capacity !== undefined && totalGiB > capacity) {
    issues.push(
      issue(
        "hbm_overflow",
        ["parallel"],
        `needs ${totalGiB.toFixed(1)} GiB per device, the device has ${capacity.toFixed(1)} GiB`,
        {
          need: totalGiB * GiB,
          have: capacity * GiB,
        },
      ),
    );
  }
  const tokensPerStep = spec.globalBatch * spec.seqLen;
  const tokensPerSecondPerDevice = tokensPerStep / stepSeconds / inp.devices;
  const tflopsPerDevice = (flops.total * tokensPerSecondPerDevice) / 1e12;
  const totals = finetuneTotals(spec, stepSeconds, inp.devices, inp.device);
  const metrics: FinetuneMetrics = {
    stepTimeSeconds: stepSeconds,
    tokensPerSecondPerDevice,
    usefulTokensPerSecondPerDevice: totals.usefulTokensPerStep / stepSeconds / inp.devices,
    tflopsPerDevice,
    mfu: (tflopsPerDevice * 1e12) / (peakFlopsPerSecond(inp.device, spec.precision) ?? Number.NaN),
    memoryPerDeviceGiB: totalGiB,
    trainableParams: lp.total,
  };
  for (const k of ["steps", "hours", "deviceHours", "costUSD"] as const) {
    const v = totals[k];
    if (v !== undefined) metrics[k] = v;
  }
  return {
    ok: true,
    report: {
      kind: "lora",
      hardware: inp.device.id,
      devices: inp.devices,
      seqLen: spec.seqLen,
      globalBatch: spec.globalBatch,
      metrics,
      train: full,
      lora: {
        rank: spec.rank,
        targets,
        experts: spec.experts,
        baseWeights: spec.baseWeights,
        adapterParams: lp.total,
        adapterParamsPerDevice: onDevice,
        adaptedBaseParams: lp.adaptedBase,
        trainableFraction: lp.total / pc.totalWithMtp,
        flops,
        step: { fullSeconds: s.stepSeconds, computeSaved, dpComm, optimizer },
        memory: {
          baseWeightsGiB,
          adapterStateGiB,
          activationsGiB: fm.activationsGiB,
          logitsGiB: fm.logitsGiB,
          workspaceGiB: fm.workspaceGiB,
          totalGiB,
        },
      },
      fits: issues.length === 0,
      issues: [...issues, ...totals.issues],
      warnings: full.warnings,
    },
  };
}
