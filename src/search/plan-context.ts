// What every step of a plan search shares: the input with defaults filled, the axes of the
// space, and one evaluation of a candidate through evaluateTraining (the only cost model the
// search uses), turned into a ranked plan when it fits.
import type { IssueCode } from "../issues.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateTraining, type TrainReport } from "../train/evaluate.ts";
import { GiB } from "../units.ts";
import { NOMINAL_TOKENS, type Objective, objectiveValue } from "./objective.ts";
import type { PlanLedger } from "./plan-ledger.ts";
import { type GoodputEstimator, goodputEstimator } from "./plan-reliability.ts";
import type { PlanInput, PlannedParallel, TrainingPlan } from "./plan-types.ts";
import {
  type PipelineChoice,
  precisionChoices,
  type Recompute,
  recomputeChoices,
  type Structure,
  scaleUpDomain,
  type TrainPrecision,
  type ZeroStage,
  zeroChoices,
} from "./space.ts";
import { type ParamSplit, paramSplit } from "./state-bound.ts";

export interface SearchContext {
  inp: PlanInput;
  fixed: ParallelSpec;
  objective: Objective;
  tokens: number;
  devicesPerNode: number;
  /** devices a tensor-parallel group may span */
  domain: number;
  /** bytes; Infinity when the catalog has no capacity */
  capacity: number;
  split: ParamSplit;
  precisions: TrainPrecision[];
  /** recompute and ZeRO axes, least memory saved first */
  R: Recompute[];
  Z: ZeroStage[];
  goodput?: GoodputEstimator;
  notes: string[];
}

export function createContext(inp: PlanInput): SearchContext {
  const fixed = inp.fixed ?? {};
  const objective = inp.objective ?? "time";
  const notes: string[] = [];
  const capacityGB = inp.device.memory.capacityGB?.value;
  const devicesPerNode = inp.devicesPerNode ?? inp.device.devicesPerNode;
  let goodput: GoodputEstimator | undefined;
  if (inp.reliability) {
    goodput = goodputEstimator(
      inp.arch,
      inp.device,
      devicesPerNode,
      inp.reliability.catalog,
      inp.reliability.spec,
    );
  } else if (objective === "goodput-time") {
    notes.push("no reliability catalog given: goodput-time ranks by days without failures");
  }
  return {
    inp,
    fixed,
    objective,
    tokens: inp.train.tokens ?? NOMINAL_TOKENS,
    devicesPerNode,
    domain: scaleUpDomain(inp.device, inp.devicesPerNode),
    // The same reading as evaluateTraining: HBM "GB" are binary-sized.
    capacity: capacityGB !== undefined ? capacityGB * GiB : Infinity,
    split: paramSplit(inp.arch),
    precisions: precisionChoices(inp.device, inp.train.precision),
    R: recomputeChoices(fixed),
    Z: zeroChoices(fixed),
    goodput,
    notes,
  };
}

/** One candidate's fate. `evaluated` false: decided by a bound or a sibling. */
export type Cell = { kind: "fit" | "over" | "dom" | "rej"; code?: IssueCode; evaluated: boolean };

export interface Candidate {
  devices: number;
  s: Structure;
  precision: TrainPrecision;
  pipe: PipelineChoice;
  mb: number;
  r: Recompute;
  z: ZeroStage;
}

export function parallelOf(ctx: SearchContext, c: Candidate): PlannedParallel {
  return {
    tp: c.s.tp,
    pp: c.s.pp,
    dp: c.s.dp,
    cp: c.s.cp,
    ep: c.s.ep,
    // experts whole on their devices unless the user fixed etp: the Megatron-Core MoE guide's
    // "prefer EP over TP for the expert layer" (MoE parallel folding)
    etp: ctx.fixed.etp ?? 1,
    vpp: c.pipe.vpp,
    microBatch: c.mb,
    schedule: c.pipe.schedule,
    recompute: c.r,
    zero: c.z,
    sequenceParallel: ctx.fixed.sequenceParallel ?? c.s.tp > 1,
  };
}

/** evaluateTraining for a candidate, for the planned tokens. */
export function runTraining(ctx: SearchContext, ledger: PlanLedger, c: Candidate) {
  const { inp } = ctx;
  ledger.counts.evaluated++;
  return evaluateTraining({
    arch: inp.arch,
    device: inp.device,
    calibration: inp.calibration,
    devices: c.devices,
    devicesPerNode: inp.devicesPerNode,
    train: {
      seqLen: inp.train.seqLen,
      globalBatch: inp.train.globalBatch,
      precision: c.precision,
      tokens: ctx.tokens,
    },
    parallel: parallelOf(ctx, c),
    stack: inp.stack,
    stacks: inp.stacks,
    kernels: inp.kernels,
  });
}

/** Evaluates a candidate; a fitting one is offered to the ledger as a plan. */
export function evaluateCandidate(ctx: SearchContext, ledger: PlanLedger, c: Candidate): Cell {
  const res = runTraining(ctx, ledger, c);
  if (!res.ok) {
    const first = res.issues[0];
    if (first) ledger.example(first);
    return { kind: "rej", code: first?.code ?? "not_divisible", evaluated: true };
  }
  if (!res.report.fits) {
    if (res.report.issues[0]) ledger.example(res.report.issues[0]);
    return { kind: "over", evaluated: true };
  }
  ledger.consider(planOf(ctx, c, res.report));
  return { kind: "fit", evaluated: true };
}

function planOf(ctx: SearchContext, c: Candidate, r: TrainReport): TrainingPlan {
  const m = r.metrics;
  const days = m.days ?? ctx.tokens / (m.tokensPerSecondPerDevice * c.devices) / 86400;
  const figures: TrainingPlan["figures"] = {
    days,
    deviceHours: m.deviceHours ?? days * 24 * c.devices,
    costUSD: m.costUSD,
    energyMWh: m.energyMWh,
    stepTimeSeconds: m.stepTimeSeconds,
    tokensPerSecondPerDevice: m.tokensPerSecondPerDevice,
    mfu: m.mfu,
    memoryPerDeviceGiB: m.memoryPerDeviceGiB,
  };
  const g = ctx.goodput?.fraction(c.devices);
  if (g !== undefined && g > 0) figures.goodputDays = days / g;
  return {
    devices: c.devices,
    devicesPerNode: ctx.devicesPerNode,
    precision: c.precision,
    parallel: parallelOf(ctx, c),
    figures,
    objective: objectiveValue(ctx.objective, figures),
    report: r,
  };
}
