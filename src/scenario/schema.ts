// The scenario format: exactly what validation/README.md specifies (a public
// interface), plus a few documented extras. Unknown keys are errors (.strict()).
import { z } from "zod";
import { costsSchema } from "../economics/costs-schema.ts";
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
    seqLen: posInt.describe("sequence length in tokens"),
    globalBatch: posInt.describe("sequences per optimizer step"),
    /** omitted: bf16 for an evaluation; the plan search then tries every precision the device has */
    precision: trainPrecisionSchema
      .optional()
      .describe(
        "matmul precision: bf16 | fp16 | fp8 | fp4; omitted: bf16 for an evaluation, every precision the device has for a plan search",
      ),
    tokens: z
      .number()
      .positive()
      .optional()
      .describe("total training tokens, for days, device-hours, energy and cost"),
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
  .object({
    devices: posInt.describe("devices in this pool"),
    tp: posInt.default(1).describe("tensor parallel size of one instance"),
    ep: posInt.default(1).describe("expert parallel size of one instance"),
    dp: posInt.default(1).describe("instances in this pool"),
  })
  .strict();

export const inferSchema = z
  .object({
    phase: z
      .enum(["prefill", "decode", "both"])
      .default("both")
      .describe(
        "prefill | decode | both (whole requests, prefill then decode, as offline throughput benchmarks run)",
      ),
    inputTokens: posInt.describe("prompt length per request, tokens"),
    outputTokens: posInt.describe("generated tokens per request"),
    batchPerDevice: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe(
        "concurrent sequences per device; with concurrency null too: the largest batch that fits (and meets the SLOs)",
      ),
    concurrency: posInt
      .nullable()
      .optional()
      .describe("concurrent requests in the whole system (a closed loop, as benchmark tools run)"),
    tpotSloMs: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe("time-per-output-token objective, ms: the largest batch that meets it"),
    ttftSloMs: z.number().positive().nullable().optional().describe("time-to-first-token objective, ms"),
    weights: weightFormatSchema
      .default("bf16")
      .describe("weight format: bf16 | fp16 | fp8 | int8 | int4 | fp4"),
    activations: weightFormatSchema
      .optional()
      .describe("matmul input precision; default: as the weights where the device supports it"),
    kvCache: kvFormatSchema
      .default("bf16")
      .describe("KV-cache format: bf16 | fp16 | fp8 | int8 | int4 | fp4"),
    tp: posInt
      .default(1)
      .describe("tensor parallel size of one instance (attention heads split over tp devices)"),
    ep: posInt
      .default(1)
      .describe(
        "expert parallel size of one instance; when ep > tp the attention groups serve their own sequences",
      ),
    dp: posInt.default(1).describe("independent instances: devices = dp · max(tp, ep) · pp"),
    pp: posInt.default(1).describe("pipeline parallel size of one instance"),
    mtp: z
      .object({
        draftTokens: posInt.describe("draft tokens the MTP heads propose per step"),
        acceptance: fraction.describe(
          "probability that each draft token is accepted given the previous one was: " +
            "tokens per step = 1 + a + a^2 + ... + a^k",
        ),
      })
      .strict()
      .nullable()
      .optional()
      .describe("speculative decoding with the model's own MTP heads (DeepSeek-V3)"),
    /** the serving engine and its version (validation/README.md, "The software that ran") */
    engine: serveEngineSchema
      .optional()
      .describe("the serving engine that ran: vllm | sglang | trtllm | mindie | vllm-ascend | other"),
    engineVersion: z.string().optional().describe("the serving engine's version, as the source names it"),
    /** any kind of speculative decoding; `mtp:` keeps its meaning */
    speculative: speculativeSchema
      .nullable()
      .optional()
      .describe("speculative decoding of any kind (method, draft tokens, acceptance)"),
    pools: z
      .object({
        prefill: poolSchema.describe("the devices that run prompts (prefill)"),
        decode: poolSchema.describe("the devices that generate (decode)"),
      })
      .strict()
      .nullable()
      .optional()
      .describe("disaggregated serving: separate prefill and decode devices"),
    prefixCacheHitRate: fraction
      .default(0)
      .describe("fraction of prompt tokens served from the prefix cache"),
    /** extra: chunked-prefill chunk size in tokens */
    chunkTokens: posInt.optional().describe("chunked-prefill chunk size, tokens"),
    /** extra (planner): request rate to serve, requests per second */
    requestsPerSecond: z
      .number()
      .positive()
      .optional()
      .describe(
        "open loop: requests arrive as a Poisson process at this rate; xpuplan infer simulates the layout under it and the planner sizes a fleet for it",
      ),
    scheduler: schedulerOverrideSchema
      .optional()
      .describe("extra: the serving engine's scheduler knobs, overriding its documented defaults"),
    seed: nonNegInt
      .optional()
      .describe(
        "extra: seed of the serving simulation (arrivals, routing, speculative acceptance); default 1",
      ),
  })
  .strict();

export const reliabilitySchema = z
  .object({
    durationDays: z
      .number()
      .positive()
      .optional()
      .describe("useful training time, days; default: train.tokens over the predicted throughput"),
    checkpointIntervalMinutes: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe("minutes between checkpoints; default: the interval that maximises goodput"),
    failureRateMultiplier: z
      .number()
      .positive()
      .default(1)
      .describe("scales the device kind's failure rates"),
    deadlineDays: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe("a deadline, days: the probability of finishing by then"),
    seed: nonNegInt.default(1).describe("Monte Carlo seed (the same seed gives the same numbers)"),
    /** extras */
    storageGBps: z
      .number()
      .positive()
      .optional()
      .describe("checkpoint write bandwidth of the whole job, GB/s"),
    storageGBpsPerNode: z
      .number()
      .positive()
      .optional()
      .describe(
        "checkpoint bandwidth one node gets from storage, GB/s; the job's scales with its nodes up to a cap",
      ),
    asyncCheckpoint: z
      .boolean()
      .optional()
      .describe("checkpoints written in the background (only the copy to host memory stalls training)"),
    inMemoryCheckpoint: z
      .boolean()
      .optional()
      .describe("checkpoints replicated to a peer node's memory and restored from there (GEMINI, SOSP'23)"),
    restartMinutes: z
      .number()
      .nonnegative()
      .optional()
      .describe("minutes to restart after an interruption (reschedule, reload)"),
    hotSpares: nonNegInt
      .optional()
      .describe("spare nodes standing by, so a failed node is swapped without waiting for a repair"),
    /** Monte Carlo trials; bounded so a request cannot hold a worker for minutes */
    trials: posInt
      .max(100_000)
      .optional()
      .describe("Monte Carlo trials of the completion time (at most 100,000)"),
  })
  .strict();

/** A Hugging Face model read from files: the command line reads them (a path is no use to the API). */
export const hfFileSchema = z
  .object({
    hf: z
      .string()
      .min(1)
      .describe(
        "path to a Hugging Face config.json, or to a model folder holding one (and its safetensors index " +
          "or headers, for an exact parameter count); relative to the scenario file",
      ),
  })
  .strict();
/** A Hugging Face config.json's content, inline (what the API and the web app send). */
export const hfConfigSchema = z
  .object({
    hfConfig: z
      .record(z.string(), z.unknown())
      .describe("the content of a Hugging Face config.json (model_type llama, qwen3, deepseek_v3, ...)"),
  })
  .strict();

export const scenarioSchema = z
  .object({
    model: z
      .union([z.string(), archSchema, hfFileSchema, hfConfigSchema])
      .describe(
        "a catalog model id (xpuplan models), an inline architecture, {hf: path/to/config.json} or " +
          "{hfConfig: {...config.json content}}",
      ),
    hardware: z.string().describe("a catalog device id (xpuplan devices)"),
    devices: posInt.describe("total accelerators"),
    devicesPerNode: posInt.optional().describe("devices per node; default from the device's catalog entry"),
    train: trainSchema.optional().describe("training: sequence length, batch, precision, tokens"),
    parallel: parallelSchema
      .optional()
      .describe("the training layout; omitted keys take defaults (eval) or are searched (plan)"),
    /** the training software that ran (validation/README.md, "The software that ran") */
    stack: stackSchema
      .optional()
      .describe("the training software that ran: engine, version and what it does"),
    infer: inferSchema
      .optional()
      .describe("serving: prompt and answer lengths, batch or concurrency, formats, layout, SLOs"),
    reliability: reliabilitySchema
      .optional()
      .describe("failures: duration, checkpoints, deadline, Monte Carlo"),
    /** extra: phases (pre-training, fine-tuning, serving), each on its own device choices */
    lifecycle: lifecycleSchema
      .optional()
      .describe(
        "phases of a model's life (pre-training, fine-tuning, serving), each on its own device choices",
      ),
    /** extra: fine-tuning (full, LoRA) or a reinforcement-learning step (docs/posttrain.md) */
    posttrain: posttrainSchema
      .optional()
      .describe("fine-tuning (full, LoRA/QLoRA) or a reinforcement-learning step (docs/posttrain.md)"),
    /** extra: a calibration overlay (what `xpuplan calibrate` writes) over catalog/calibration.yaml */
    calibration: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .optional()
      .describe(
        "a calibration overlay over catalog/calibration.yaml (what xpuplan calibrate writes): a path " +
          "relative to the scenario file, or in an API request the overlay itself",
      ),
    /** extra: your own prices, electricity, PUE and amortisation; they win over catalog/prices.yaml */
    costs: costsSchema
      .optional()
      .describe(
        "your own prices, electricity, PUE and amortisation (docs/costs.md); they win over catalog/prices.yaml",
      ),
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
    id: z.string().describe("unique id: the file name without .yaml"),
    kind: z.enum(["train", "infer", "reliability"]).describe("train | infer | reliability"),
    source: z
      .object({
        title: z.string().describe("the source: paper, report or benchmark"),
        location: z.string().optional().describe("where in the source: table, figure, section"),
        confidence: z
          .enum(["A", "B", "C", "D"])
          .optional()
          .describe("A primary table read; B paper full text; C secondary; D headline only"),
        note: z.string().optional().describe("how the figure was read or converted"),
      })
      .strict()
      .describe("where the measurement comes from"),
    scenario: scenarioSchema.describe("exactly what xpuplan eval reads"),
    measured: z
      .record(z.string(), z.number())
      .describe("metric name → measured value (the names of xpuplan eval --json's metrics)"),
  })
  .strict();
export type Case = z.infer<typeof caseSchema>;

export { parallelSchema, recomputeSchema, scheduleSchema } from "./parallel.ts";
