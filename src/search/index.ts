// The plan search: candidate space, pruning, ranking, Pareto front, reasons for rejection, and
// the vendor comparison built on it. Re-exports only.
export {
  type CompareOptions,
  type CompareResult,
  type CompareRow,
  compareDevices,
  type Interval,
} from "./compare.ts";
export { deviceBound, rangedFigures, type Side } from "./device-bounds.ts";
export { divisors, gcd } from "./divisors.ts";
export {
  costAxis,
  NOMINAL_TOKENS,
  OBJECTIVES,
  type Objective,
  objectiveValue,
  type PlanFigures,
} from "./objective.ts";
export { dominates, ParetoSet, paretoFront } from "./pareto.ts";
export { CHECKPOINT_BYTES_PER_PARAM, type PlanReliabilitySummary } from "./plan-reliability.ts";
export { planTraining, planTrainingAsync } from "./plan-training.ts";
export type {
  PlanCounts,
  PlanInput,
  PlannedParallel,
  PlanProgress,
  PlanResult,
  PlanTrainSpec,
  TrainingPlan,
} from "./plan-types.ts";
export {
  MAX_VPP,
  type PipelineChoice,
  pipelineChoices,
  precisionChoices,
  type Recompute,
  type Structure,
  scaleUpDomain,
  structures,
  supportsPrecision,
  type TrainPrecision,
  type ZeroStage,
} from "./space.ts";
export { paramSplit, stateLowerBoundBytes } from "./state-bound.ts";
