// Engine settings: launch arguments for Megatron-LM and MindSpeed-LLM (training) and vLLM,
// SGLang and MindIE (serving), from a plan. Re-exports only.
export { emit } from "./emit.ts";
export { evenSplit, megatronLayout, parseMegatronLayout, stageLayers } from "./layers.ts";
export { commandLine } from "./megatron.ts";
export {
  attentionGroups,
  type EmitPlan,
  type Emitted,
  ENGINES,
  type Engine,
  instanceDevices,
  SERVE_ENGINES,
  type ServeEmitPlan,
  type ServeFormat,
  serveEmitPlan,
  serveEmitPlanFromSpec,
  TRAIN_ENGINES,
  type TrainEmitPlan,
  trainEmitPlan,
} from "./plans.ts";
