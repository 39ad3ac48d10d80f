// The scenario format: exactly what validation/README.md specifies (a public
// interface), plus a few documented extras. Unknown keys are errors (.strict()).
import { z } from "zod";
import { lifecycleSchema } from "../lifecycle/schema.ts";
import { archSchema } from "../model/arch.ts";
import { posttrainSchema } from "../posttrain/schema.ts";
import { parallelSchema } from "./parallel.ts";
import { serveEngineSchema, speculativeSchema, stackSchema } from "./stack.ts";

const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
const fraction = z.number().min(0).max(1);

export const trainPrecisionSchema = z.enum(["bf16", "fp16", "fp8", "fp4"]);
export const weightFormatSchema = z.enum(["bf16", "fp16", "fp8", "int8", "int4", "fp4"]);
export const kvFormatSchema = z.enum(["bf16", "fp16", "fp8", "int8", "int4", "fp4"]);

export const trainSchema = z
  .object({
    seqLen: posInt,
    globalBatch: posInt,
    /** omitted: bf16 for an evaluation; the plan search then tries every precision the device has */
    precision: trainPrecisionSchema.optional(),
    tokens: z.number().positive().optional(),
  })
  .strict();

/** overrides of the serving engine's scheduler defaults (catalog/serving-engines.yaml) */
export const schedulerOverrideSchema = z
  .object({
    maxBatchedTokens: posInt
      .optional()
      .describe(
        "tokens per iteration: vLLM max_num_batched_tokens, SGLang chunked_prefill_size, TRT-LLM max_num_tokens",
      ),
    maxRunningRequests: posInt
      .optional()
      .describe(
        "running requests per attention group: vLLM max_num_seqs, SGLang max_running_requests, TRT-LLM max_batch_size",
      ),
    graphMaxBatch: nonNegInt
      .optional()
      .describe(
        "largest CUDA/ACL-graph batch (sequences; tokens for vLLM's piecewise graphs); 0: eager only",
      ),
    policy: z
      .enum(["mixed", "prefill-first"])
      .optional()
      .describe(
        "mixed: prefill chunks and decodes share each iteration; prefill-first: an iteration runs one or the other",
      ),
  })
  .strict()
  .describe("overrides of the serving engine's scheduler defaults (catalog/serving-engines.yaml)");

const poolSchema = z
  .object({ devices: posInt, tp: posInt.default(1), ep: posInt.default(1), dp: posInt.default(1) })
  .strict();

export const inferSchema = z
  .object({
    phase: z.enum(["prefill", "decode", "both"]).default("both"),
    inputTokens: posInt,
    outputTokens: posInt,
    batchPerDevice: z.number().positive().nullable().optional(),
    /** closed loop: this many clients, each sending its next request when its last one ends */
    concurrency: posInt.nullable().optional(),
    tpotSloMs: z.number().positive().nullable().optional(),
    ttftSloMs: z.number().positive().nullable().optional(),
    weights: weightFormatSchema.default("bf16"),
    activations: weightFormatSchema.optional(),
    kvCache: kvFormatSchema.default("bf16"),
    tp: posInt.default(1),
    ep: posInt.default(1),
    dp: posInt.default(1),
    pp: posInt.default(1),
    mtp: z.object({ draftTokens: posInt, acceptance: fraction }).strict().nullable().optional(),
    /** the serving engine and its version (validation/README.md, "The software that ran") */
    engine: serveEngineSchema.optional(),
    engineVersion: z.string().optional(),
    /** any kind of speculative decoding; `mtp:` keeps its meaning */
    speculative: speculativeSchema.nullable().optional(),
    pools: z.object({ prefill: poolSchema, decode: poolSchema }).strict().nullable().optional(),
    prefixCacheHitRate: fraction.default(0),
    /** extra: chunked-prefill chunk size in tokens */
    chunkTokens: posInt.optional(),
    /** open loop: requests arrive as a Poisson process at this rate (the planner sizes a fleet for it) */
    requestsPerSecond: z.number().positive().optional(),
    /** extra: the engine's scheduler knobs, overriding the engine's documented defaults */
    scheduler: schedulerOverrideSchema
      .optional()
      .describe("extra: the serving engine's scheduler knobs, overriding its documented defaults"),
    /** extra: seed of the serving simulation (Poisson arrivals, speculative acceptance) */
    seed: nonNegInt
      .optional()
      .describe(
        "extra: seed of the serving simulation (arrivals, routing, speculative acceptance); default 1",
      ),
  })
  .strict();

export const reliabilitySchema = z
  .object({
    durationDays: z.number().positive().optional(),
    checkpointIntervalMinutes: z.number().positive().nullable().optional(),
    failureRateMultiplier: z.number().positive().default(1),
    deadlineDays: z.number().positive().nullable().optional(),
    seed: nonNegInt.default(1),
    /** extras */
    storageGBps: z.number().positive().optional(),
    asyncCheckpoint: z.boolean().optional(),
    restartMinutes: z.number().nonnegative().optional(),
    hotSpares: nonNegInt.optional(),
    /** Monte Carlo trials; bounded so a request cannot hold a worker for minutes */
    trials: posInt.max(100_000).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    model: z.union([z.string(), archSchema]),
    hardware: z.string(),
    devices: posInt,
    devicesPerNode: posInt.optional(),
    train: trainSchema.optional(),
    parallel: parallelSchema.optional(),
    /** the training software that ran (validation/README.md, "The software that ran") */
    stack: stackSchema.optional(),
    infer: inferSchema.optional(),
    reliability: reliabilitySchema.optional(),
    /** extra: phases (pre-training, fine-tuning, serving), each on its own device choices */
    lifecycle: lifecycleSchema.optional(),
    /** extra: fine-tuning (full, LoRA) or a reinforcement-learning step (docs/posttrain.md) */
    posttrain: posttrainSchema.optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TrainSpec = z.infer<typeof trainSchema>;
export type ParallelSpec = z.infer<typeof parallelSchema>;
export type InferSpec = z.infer<typeof inferSchema>;
export type ReliabilitySpec = z.infer<typeof reliabilitySchema>;

export const caseSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["train", "infer", "reliability"]),
    source: z
      .object({
        title: z.string(),
        location: z.string().optional(),
        confidence: z.enum(["A", "B", "C", "D"]).optional(),
        note: z.string().optional(),
      })
      .strict(),
    scenario: scenarioSchema,
    measured: z.record(z.string(), z.number()),
  })
  .strict();
export type Case = z.infer<typeof caseSchema>;

export { parallelSchema, recomputeSchema, scheduleSchema } from "./parallel.ts";
