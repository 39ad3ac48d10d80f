// The inference folder's public surface: the evaluator, the planner and the pieces a shell or
// a test may want to reach (operating points, curves, memory, precision, engines, the serving
// simulation, speculative decoding). Re-exports only.
export * from "./choose-batch.ts";
export * from "./curve.ts";
export * from "./deployment.ts";
export * from "./disaggregated.ts";
export * from "./engine-config.ts";
export * from "./evaluate.ts";
export * from "./expert-dispatch.ts";
export * from "./infer-calibration.ts";
export * from "./iteration-seconds.ts";
export * from "./kernel-count.ts";
export * from "./kv-transfer.ts";
export * from "./layer-seconds.ts";
export * from "./layout.ts";
export * from "./memory.ts";
export * from "./moe-routing.ts";
export * from "./mtp.ts";
export * from "./plan.ts";
export * from "./precision.ts";
export * from "./rates.ts";
export * from "./serving-engines.ts";
export * from "./serving-metrics.ts";
export * from "./serving-point.ts";
export * from "./simulate.ts";
export * from "./simulate-serving.ts";
export * from "./simulate-stats.ts";
export * from "./speculative.ts";
export * from "./speculative-draft.ts";
export * from "./step-seconds.ts";
export * from "./tp-all-reduce.ts";
