// A model's lifecycle (pre-training, fine-tuning, serving) across device kinds. Re-exports only.
export {
  evaluateLifecycle,
  type LifecycleResult,
  type LifecycleTotals,
  type PhaseChoice,
  type PhaseResult,
} from "./evaluate.ts";
export { type PosttrainChoice, posttrainPhase } from "./posttrain-phase.ts";
export {
  LIFECYCLE_SERVE_FORMATS,
  LIFECYCLE_TRAIN_PRECISIONS,
  type Lifecycle,
  type LifecyclePhase,
  lifecyclePhaseSchema,
  lifecycleSchema,
  type PosttrainPhase,
  posttrainPhaseSchema,
  type ServePhase,
  servePhaseSchema,
  type TrainPhase,
  trainPhaseSchema,
} from "./schema.ts";
export { HOURS_PER_MONTH, type ServeChoice, servePhase } from "./serve-phase.ts";
