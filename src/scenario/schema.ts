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

const poolSchema = z
  .object({ devices: posInt, tp: posInt.default(1), ep: posInt.default(1), dp: posInt.default(1) })
  .strict();

export const inferSchema = z
  .object({
    phase: z.enum(["prefill", "decode", "both"]).default("both"),
    inputTokens: posInt,
    outputTokens: posInt,
    batchPerDevice: z.number().positive().nullable().optional(),
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
    /** extra (planner): request rate to serve, requests per second */
    requestsPerSecond: z.number().positive().optional(),
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
    /** checkpoint bandwidth a node gets from storage; the aggregate scales with nodes up to a cap */
    storageGBpsPerNode: z.number().positive().optional(),
    asyncCheckpoint: z.boolean().optional(),
    /** checkpoints replicated to a peer node's memory, restored from there (GEMINI, SOSP'23) */
    inMemoryCheckpoint: z.boolean().optional(),
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
