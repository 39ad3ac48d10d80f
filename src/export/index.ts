// Engine settings: launch arguments for Megatron-LM and MindSpeed-LLM (training) and vLLM,
// SGLang and MindIE (serving), from a plan, and the same read back into a layout (round trip).
// Re-exports only.
export { emit, emitFor } from "./emit.ts";
export {
  type DeviceFamily,
  defaultEngine,
  deviceFamily,
  engineName,
  engineSupport,
} from "./engine-support.ts";
export { evenSplit, megatronLayout, parseMegatronLayout, stageLayers } from "./layers.ts";
export { commandLine } from "./megatron.ts";
export { modelFlags } from "./model-flags.ts";
export {
  attentionGroups,
  type EmitPlan,
  type Emitted,
  type EmittedCommand,
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
export { parseServeCommands, type ServeInstance, serveLayoutOf } from "./serve-layout.ts";
export { parseTrainArgs, readArgs, type TrainLayout, trainLayoutOf } from "./train-layout.ts";
