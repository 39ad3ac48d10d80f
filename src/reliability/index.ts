// The reliability layer: failure rates derived from published fleets per device generation,
// scaled by what a job holds, with count intervals; checkpoint and restart cost, optimal
// checkpoint interval, goodput, the break-even failure rate, leave-one-source-out catalogs and a
// seeded Monte Carlo of the completion time. Pure; the Node catalog loader lives in ./catalog.ts
// and is imported by shells directly (it reads files).

export { exp, ln } from "../portable-math.ts";
export { type BreakEven, type BreakEvenStatus, breakEven } from "./break-even.ts";
export {
  type Breakdown,
  COMPONENTS,
  type Component,
  FLEET_AGES,
  type FleetAge,
  type Observation,
  parseReliabilityCatalog,
  type ReliabilityCatalog,
  type ReliabilityEntry,
  reliabilityCatalogSchema,
  SCOPES,
  type Scope,
} from "./catalog-schema.ts";
export {
  type CheckpointCost,
  type CheckpointInput,
  type CheckpointTier,
  checkpointCost,
} from "./checkpoint.ts";
export { type CountInterval, countInterval, poissonQuantile } from "./count-interval.ts";
export {
  DEFAULT_HISTOGRAM_BINS,
  DEFAULT_TRIALS,
  RELIABILITY_DEFAULTS,
  type ReliabilityDefaultName,
  type SourcedDefault,
} from "./defaults.ts";
export { type EntryRate, entryRate, medianRate, type RateBasis } from "./entry-rate.ts";
export {
  effectiveTrainingTimeFraction,
  expectedInterruptions,
  type GoodputInput,
  jobMtbfSeconds,
  lostWorkPerFailureSeconds,
  wallClockDays,
} from "./goodput.ts";
export { type GoodputAt, goodputAt, type RunPhysics } from "./goodput-at.ts";
export {
  chooseInterval,
  dalyInterval,
  exactOptimalInterval,
  type IntervalChoice,
  youngInterval,
} from "./interval.ts";
export { type JobRate, type JobRateInput, jobRate } from "./job-rate.ts";
export { type MonteCarloInput, type MonteCarloRuns, simulateRuns } from "./montecarlo.ts";
export { type ObservationRate, observationRate } from "./observation-rate.ts";
export { type EntryGoodput, entryGoodput, type RatePoint } from "./range-goodput.ts";
export { caseSourceIds, catalogForCase, ratesExcluding } from "./rates-excluding.ts";
export {
  familyRates,
  normalizeVendor,
  type ObservationSummary,
  type ResolvedRates,
  ratesFor,
  ratesForEntry,
} from "./rates-for.ts";
export { reliabilityReport } from "./report.ts";
export type {
  Assumption,
  MonteCarloSummary,
  ReliabilityInput,
  ReliabilityReport,
  ReliabilitySpecInput,
} from "./report-types.ts";
export { type RestartCost, type RestartInput, restartCost } from "./restart.ts";
export { createRng, type Rng, rngFromState } from "./rng.ts";
export { type StorageBandwidth, storageBandwidth } from "./storage-bandwidth.ts";
export { type CompletionSummary, type HistogramBin, quantileSorted, summarizeCompletion } from "./summary.ts";
