// One GRPO-style RL step from its parts: rollout generation on the rollout fleet (rollout.ts),
// scoring and the policy update on the trainer fleet (scoring.ts, update.ts), the weight transfer
// between them (weight-transfer.ts) and, colocated, the offload/onload swap (swap.ts), combined by
// placement and staleness (rl-step.ts). Pure: plain data in, plain data out.
import { fabricParams, group } from "../collectives/group.ts";
import { calibrationFor } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { buildDeployment } from "../infer/deployment.ts";
import { inferenceFamily } from "../infer/infer-calibration.ts";
import type { InferLayout } from "../infer/layout.ts";
import { resolveInferPrecision } from "../infer/precision.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { paramCounts } from "../model/param-counts.ts";
import { GiB } from "../units.ts";
import type { FinetuneInput } from "./finetune.ts";
import { lengthDistribution } from "./length-distribution.ts";
import { type PhaseSeconds, type RlStep, rlStep } from "./rl-step.ts";
import { type RolloutReport, rolloutSeconds } from "./rollout.ts";
import type { RlSpec } from "./schema.ts";
import { type Scoring, scoringSeconds } from "./scoring.ts";
import { type Swap, swapSeconds } from "./swap.ts";
import { policyUpdate, type UpdatePlan } from "./update.ts";
import { type WeightTransfer, weightTransfer } from "./weight-transfer.ts";

export interface RlInput extends FinetuneInput {
  spec: RlSpec;
  /** the rollout fleet's device when rollout.hardware names another kind (default: `device`) */
  rolloutDevice?: Device;
  /** the reward model's architecture (resolved from rewardModel) */
  rewardArch?: Arch;
}

export interface RlMetrics {
  stepSeconds: number;
  samplesPerSecond: number;
  /** generated response tokens per second */
  responseTokensPerSecond: number;
  /** prompt + response tokens trained on per second per device of both fleets (NeMo-RL's metric) */
  tokensPerSecondPerDevice: number;
  rolloutBusyFraction: number;
  trainerBusyFraction: number;
  hours?: number;
  deviceHours?: number;
  costUSD?: number;
}

export interface RlReport {
  placement: RlSpec["placement"];
  offPolicySteps: 0 | 1;
  /** B·G */
  samplesPerStep: number;
  workload: { promptsPerStep: number; samplesPerPrompt: number; promptTokens: number };
  metrics: RlMetrics;
  phases: PhaseSeconds;
  step: RlStep;
  fleets: {
    trainer: { hardware: string; devices: number };
    rollout: { hardware: string; devices: number; layout: InferLayout };
    /** devices the plan occupies (colocated: one fleet) */
    totalDevices: number;
  };
  lengths: { meanResponseTokens: number; maxResponseTokens: number; longestTokens: number };
  rollout: RolloutReport;
  update: UpdatePlan;
  scoring: Scoring;
  transfer: WeightTransfer;
  swap?: Swap;
  fits: boolean;
  issues: Issue[];
  warnings: Issue[];
}

export type RlResult = { ok: true; report: RlReport } | { ok: false; issues: Issue[] };

/** The device record with a smaller memory capacity (GB as the catalog counts it: GiB). */
function withCapacity(d: Device, gib: number): Device {
  const cap = d.memory.capacityGB;
  if (!cap) return d;
  return { ...d, memory: { ...d.memory, capacityGB: { ...cap, value: Math.max(0, gib) } } };
}

export function evaluateRl(inp: RlInput): RlResult {
  const s = inp.spec;
  const r = s.rollout;
  const colocated = s.placement === "colocated";
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const lengths = lengthDistribution(s.responseTokens);
  const N = s.promptsPerStep * s.samplesPerPrompt;
  const rolloutDevice = colocated ? inp.device : (inp.rolloutDevice ?? inp.device);
  const rolloutDevices = colocated ? inp.devices : r.devices;
  if (colocated && r.hardware !== undefined && r.hardware !== inp.device.id) {
    issues.push(
      issue(
        "layout_mismatch",
        ["posttrain", "rollout", "hardware"],
        `colocated rollouts run on the trainer's ${inp.device.id}, not ${r.hardware}`,
      ),
    );
  }
  if (colocated && r.devices !== undefined && r.devices !== inp.devices) {
    issues.push(
      issue(
        "layout_mismatch",
        ["posttrain", "rollout", "devices"],
        `colocated rollouts use the trainer's ${inp.devices} devices, not ${r.devices}`,
      ),
    );
  }
  if (!colocated && r.hardware !== undefined && r.hardware !== rolloutDevice.id) {
    issues.push(
      issue(
        "unknown_id",
        ["posttrain", "rollout", "hardware"],
        `no device record given for rollout hardware ${r.hardware}`,
      ),
    );
  }
  if (rolloutDevices === undefined) {
    issues.push(
      issue(
        "missing_key",
        ["posttrain", "rollout", "devices"],
        "disaggregated placement needs rollout.devices",
      ),
    );
  }
  if (typeof s.rewardModel === "string" && !inp.rewardArch) {
    issues.push(
      issue(
        "unknown_id",
        ["posttrain", "rewardModel"],
        `no architecture given for reward model ${s.rewardModel}`,
      ),
    );
  }
  if (issues.length > 0 || rolloutDevices === undefined) return { ok: false, issues };
  if (colocated && s.offPolicySteps > 0) {
    warnings.push(
      issue(
        "overlap_unavailable",
        ["posttrain", "offPolicySteps"],
        "colocated: generation and training share the devices, so the off-policy step is timed as synchronous",
        {
          severity: "warning",
        },
      ),
    );
  }

  // Trainer fleet: the update, then scoring at its achieved rate.
  const up = policyUpdate({
    arch: inp.arch,
    device: inp.device,
    calibration: inp.calibration,
    devices: inp.devices,
    devicesPerNode: inp.devicesPerNode,
    parallel: inp.parallel,
    spec: s.update,
    samples: N,
    promptTokens: s.promptTokens,
    meanResponseTokens: lengths.mean,
    maxResponseTokens: lengths.max,
  });
  if (!up.ok) return up;
  const update = up.value;
  const tr = update.train;
  issues.push(...tr.issues);
  warnings.push(...tr.warnings);
  const rewardArch =
    s.rewardModel === null ? undefined : typeof s.rewardModel === "string" ? inp.rewardArch : s.rewardModel;
  const scoring = scoringSeconds(update, (s.reference ? 1 : 0) + (s.oldPolicyLogProbs ? 1 : 0), rewardArch);

  // Rollout fleet: its deployment, with the memory the trainer leaves it when colocated.
  const found = calibrationFor(inp.calibration, rolloutDevice.id);
  const family = inferenceFamily(found.family);
  if (found.isDefault && rolloutDevice.id !== inp.device.id) {
    warnings.push(
      issue(
        "default_used",
        ["posttrain", "rollout", "hardware"],
        `no efficiency calibration for ${rolloutDevice.id}; using the conservative default`,
        { severity: "warning" },
      ),
    );
  }
  const prec = resolveInferPrecision(rolloutDevice, {
    weights: r.weights,
    activations: r.activations,
    kvCache: r.kvCache,
  });
  if (!prec.ok)
    return {
      ok: false,
      issues: prec.issues.map((i) => ({ ...i, path: ["posttrain", "rollout", ...i.path.slice(1)] })),
    };
  warnings.push(...prec.warnings);
  const capacity = rolloutDevice.memory.capacityGB?.value ?? 0;
  const rolloutCapacity =
    r.memoryFraction !== undefined
      ? r.memoryFraction * capacity
      : colocated
        ? capacity - tr.memory.weightsGiB
        : capacity;
  const width = Math.max(r.tp, r.ep) * r.pp;
  const dp = r.dp ?? Math.max(1, Math.floor(rolloutDevices / width));
  const built = buildDeployment({
    arch: inp.arch,
    device: withCapacity(rolloutDevice, rolloutCapacity),
    family,
    precision: prec.value,
    parallel: { tp: r.tp, ep: r.ep, dp, pp: r.pp },
    devices: rolloutDevices,
    devicesPerNode: r.devicesPerNode ?? (colocated ? inp.devicesPerNode : undefined),
    mtp: null,
    path: ["posttrain", "rollout"],
  });
  if (!built.ok) return built;
  warnings.push(...built.warnings);
  const d = built.value;
  const ro = rolloutSeconds({
    deployment: d,
    prompts: s.promptsPerStep,
    samplesPerPrompt: s.samplesPerPrompt,
    promptTokens: s.promptTokens,
    lengths,
    maxNumSeqs: r.maxNumSeqs,
  });
  if (!ro.ok) return ro;

  // Between the fleets.
  const trainFamily = calibrationFor(inp.calibration, inp.device.id).family;
  const tf = fabricParams(inp.device, trainFamily, inp.devicesPerNode);
  const tg = group(tf, 2, 1);
  const transfer = weightTransfer({
    weightBytes: paramCounts(inp.arch).total * prec.value.weightBytes,
    placement: s.placement,
    trainer: {
      devices: inp.devices,
      outBytesPerSecond: tg.outBytesPerSecond,
      upBytesPerSecond: tg.upBytesPerSecond,
      domainSize: tf.domainSize,
    },
    rollout: {
      devices: rolloutDevices,
      devicesPerInstance: d.layout.devicesPerInstance,
      outBytesPerSecond: d.fabric.outBytesPerSecond,
      upBytesPerSecond: d.fabric.upBytesPerSecond,
      domainSize: d.fabric.domainSize,
    },
    crossFleetBytesPerSecond: s.crossFleetGBps !== undefined ? s.crossFleetGBps * 1e9 : undefined,
    latencySeconds: Math.max(tf.latencySeconds, d.fabric.latencySeconds),
  });
  const swap = colocated
    ? swapSeconds((tr.memory.optimizerGiB + tr.memory.gradientsGiB) * GiB, s.hostLinkGBps)
    : undefined;

  const phases: PhaseSeconds = {
    generation: ro.report.seconds,
    logProbs: scoring.logProbSeconds,
    reward: scoring.rewardSeconds,
    update: update.seconds,
    transfer: transfer.seconds,
    swap: swap?.seconds ?? 0,
  };
  const step = rlStep(phases, s.placement, s.offPolicySteps);
  const totalDevices = colocated ? inp.devices : inp.devices + rolloutDevices;
  const metrics: RlMetrics = {
    stepSeconds: step.stepSeconds,
    samplesPerSecond: N / step.stepSeconds,
    responseTokensPerSecond: ro.report.generatedTokens / step.stepSeconds,
    tokensPerSecondPerDevice: update.sampleTokens / step.stepSeconds / totalDevices,
    rolloutBusyFraction: step.rolloutBusyFraction,
    trainerBusyFraction: step.trainerBusyFraction,
  };
  if (s.steps !== undefined) {
    const hours = (s.steps * step.stepSeconds) / 3600;
    metrics.hours = hours;
    metrics.deviceHours = hours * totalDevices;
    const pt = inp.device.pricePerDeviceHourUSD?.value;
    const pr = rolloutDevice.pricePerDeviceHourUSD?.value;
    if (pt && (colocated || pr))
      metrics.costUSD = hours * (pt * inp.devices + (colocated ? 0 : (pr ?? 0) * rolloutDevices));
  }
  return {
    ok: true,
    report: {
      placement: s.placement,
      offPolicySteps: s.offPolicySteps,
      samplesPerStep: N,
      workload: {
        promptsPerStep: s.promptsPerStep,
        samplesPerPrompt: s.samplesPerPrompt,
        promptTokens: s.promptTokens,
      },
      metrics,
      phases,
      step,
      fleets: {
        trainer: { hardware: inp.device.id, devices: inp.devices },
        rollout: { hardware: rolloutDevice.id, devices: rolloutDevices, layout: d.layout },
        totalDevices,
      },
      lengths: {
        meanResponseTokens: lengths.mean,
        maxResponseTokens: lengths.max,
        longestTokens: ro.report.longestTokens,
      },
      rollout: ro.report,
      update,
      scoring,
      transfer,
      swap,
      fits: tr.fits,
      issues,
      warnings,
    },
  };
}
