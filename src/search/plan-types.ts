// The plain data a training plan search takes and returns.

import type { JobCost } from "../economics/types.ts";
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import type { Issue, IssueCode } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { ReliabilitySpecInput } from "../reliability/report.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import type { StackSpec } from "../scenario/stack.ts";
import type { StackCatalog } from "../stack/train-stack.ts";
import type { TrainReport } from "../train/evaluate.ts";
import type { Objective, PlanFigures } from "./objective.ts";
import type { PlanReliabilitySummary } from "./plan-reliability.ts";
import type { PipelineChoice, Recompute, TrainPrecision, ZeroStage } from "./space.ts";

export interface PlanTrainSpec {
  seqLen: number;
  globalBatch: number;
  /** given: the only precision tried; omitted: bf16 and, where the device has it, fp8 */
  precision?: TrainPrecision;
  tokens?: number;
}

export interface PlanProgress {
  /** candidates decided so far (evaluated or pruned) */
  decided: number;
  /** size of the whole legal space */
  space: number;
  evaluated: number;
  fits: number;
  /** the best plan so far, if any */
  best?: TrainingPlan;
}

export interface PlanInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  train: PlanTrainSpec;
  /** the parallel keys the user fixed; every other key is searched */
  fixed?: ParallelSpec;
  /** the training software (scenario `stack:`) and the engines' defaults */
  stack?: StackSpec;
  stacks?: StackCatalog;
  /** measured kernel tables (catalog/kernels) */
  kernels?: readonly DeviceKernelTables[];
  objective?: Objective;
  /** how many plans to return; default 5 */
  top?: number;
  /** more device counts to search besides `devices`, for the time-vs-cost front */
  deviceCounts?: number[];
  /** failure rates for goodput-time and expected interruptions; left out, failures are left out */
  reliability?: { catalog: ReliabilityCatalog; spec?: ReliabilitySpecInput };
  /** called every `chunk` evaluations; the caller decides whether and how to show it */
  onProgress?: (p: PlanProgress) => void;
  /** aborting stops the search at the next chunk; the result holds the best so far */
  signal?: AbortSignal;
  /** stop at the first plan that fits (a feasibility probe) */
  firstFit?: boolean;
  /** evaluate every candidate: no bounds, no dominance (for tests of the pruning) */
  exhaustive?: boolean;
  /** evaluations between progress reports and abort checks; default 256 */
  chunk?: number;
}

export interface PlannedParallel {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  /** expert tensor parallel (absent: 1, experts whole on their devices) */
  etp?: number;
  vpp: number;
  microBatch: number;
  schedule: PipelineChoice["schedule"];
  recompute: Recompute;
  zero: ZeroStage;
  sequenceParallel: boolean;
}

export interface TrainingPlan {
  devices: number;
  devicesPerNode: number;
  precision: TrainPrecision;
  parallel: PlannedParallel;
  /** job totals for the tokens planned (see PlanResult.tokens) */
  figures: PlanFigures & {
    stepTimeSeconds: number;
    tokensPerSecondPerDevice: number;
    mfu: number;
    memoryPerDeviceGiB: number;
  };
  objective: { value: number; basis: string };
  report: TrainReport;
  reliability?: PlanReliabilitySummary;
  /** the job's money with its basis, range and (when failures are known) the price of interruptions */
  cost?: JobCost;
}

export interface PlanCounts {
  /** the whole legal space */
  space: number;
  /** decided so far: fits + rejected (= space unless stopped) */
  candidates: number;
  /** full evaluations run (lower-bound probes included) */
  evaluated: number;
  /** evaluated and fitting: the plans ranked */
  fits: number;
  rejected: number;
  /** why, by issue code; sums to `rejected` */
  byCode: Partial<Record<IssueCode, number>>;
  /** rejections decided by a bound or a monotone inference, without their own evaluation */
  pruned: number;
}

export interface PlanResult {
  ok: boolean;
  objective: Objective;
  plans: TrainingPlan[];
  /** time vs cost (USD, or device-hours where the device has no price), fastest first */
  pareto: TrainingPlan[];
  counts: PlanCounts;
  /** true when aborted: the plans are the best of what was searched */
  stopped: boolean;
  /** tokens the job figures are for, and whether the scenario gave them */
  tokens: { value: number; basis: "scenario" | "nominal" };
  costBasis: "usd" | "device-hours";
  notes: string[];
  /** why nothing fits (when !ok), most frequent reason first */
  issues: Issue[];
  warnings: Issue[];
}
