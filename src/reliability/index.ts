// The reliability layer: failure rates by device kind, checkpoint and restart cost, optimal
// checkpoint interval, goodput and a seeded Monte Carlo of the completion time. Pure; the Node
// catalog loader lives in ./catalog.ts and is imported by shells directly (it reads files).
export {
  COMPONENTS,
  type Component,
  parseReliabilityCatalog,
  type ReliabilityCatalog,
  type ReliabilityEntry,
  reliabilityCatalogSchema,
  SCOPES,
  type Scope,
} from "./catalog-schema.ts";
export { type CheckpointCost, type CheckpointInput, checkpointCost } from "./checkpoint.ts";
export {
  DEFAULT_HISTOGRAM_BINS,
  DEFAULT_TRIALS,
  RELIABILITY_DEFAULTS,
  type ReliabilityDefaultName,
  type SourcedDefault,
} from "./defaults.ts";
export {
  effectiveTrainingTimeFraction,
  expectedInterruptions,
  type GoodputInput,
  jobMtbfSeconds,
  lostWorkPerFailureSeconds,
  wallClockDays,
} from "./goodput.ts";
export {
  chooseInterval,
  dalyInterval,
  exactOptimalInterval,
  type IntervalChoice,
  youngInterval,
} from "./interval.ts";
export { type MonteCarloInput, type MonteCarloRuns, simulateRuns } from "./montecarlo.ts";
export { exp, ln } from "./portable-math.ts";
export { normalizeVendor, type ResolvedRates, ratesFor } from "./rates-for.ts";
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
export { type CompletionSummary, type HistogramBin, quantileSorted, summarizeCompletion } from "./summary.ts";
