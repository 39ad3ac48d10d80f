// The `lifecycle:` block: a model's life as phases (pre-training tokens, fine-tuning tokens,
// serving a request rate for some months), each on its own device kind or a choice of kinds.
// An extension of the scenario format (validation/README.md): the model comes from the
// scenario; a training phase takes its sequence length, batch and precision from the scenario's
// train block unless it gives its own. Unknown keys are errors, as everywhere in the format.
import { z } from "zod";
import { posttrainSchema } from "../posttrain/schema.ts";
import { parallelSchema } from "../scenario/parallel.ts";

// The formats are spelled out here rather than imported from src/scenario/schema.ts, so that
// schema can import this one (a lifecycle: key) without an import cycle; a test keeps them equal.
export const LIFECYCLE_TRAIN_PRECISIONS = ["bf16", "fp16", "fp8", "fp4"] as const;
export const LIFECYCLE_SERVE_FORMATS = ["bf16", "fp16", "fp8", "int8", "int4", "fp4"] as const;
const trainPrecisionSchema = z.enum(LIFECYCLE_TRAIN_PRECISIONS);
const weightFormatSchema = z.enum(LIFECYCLE_SERVE_FORMATS);
const kvFormatSchema = z.enum(LIFECYCLE_SERVE_FORMATS);

const posInt = z.number().int().positive();
const hardware = z
  .union([z.string(), z.array(z.string()).min(1)])
  .describe("one catalog device id, or several to compare (the totals take the best by the objective)");

export const trainPhaseSchema = z
  .object({
    kind: z.enum(["pretrain", "finetune"]).describe("pretrain | finetune"),
    name: z.string().optional().describe("a name for the phase in the output"),
    /** training tokens of the phase */
    tokens: z.number().positive().describe("training tokens of the phase"),
    /** one device id, or several to compare */
    hardware,
    /** default: the scenario's device count */
    devices: posInt.optional().describe("devices of the phase; default: the scenario's device count"),
    seqLen: posInt.optional().describe("sequence length; default: the scenario's train.seqLen"),
    globalBatch: posInt
      .optional()
      .describe("sequences per optimizer step; default: the scenario's train.globalBatch"),
    precision: trainPrecisionSchema
      .optional()
      .describe("matmul precision; default: the scenario's train.precision"),
  })
  .strict();

export const servePhaseSchema = z
  .object({
    kind: z.literal("serve").describe("serve"),
    name: z.string().optional().describe("a name for the phase in the output"),
    hardware,
    requestsPerSecond: z.number().positive().describe("request rate served, requests per second"),
    months: z.number().positive().describe("how long the model is served, months"),
    inputTokens: posInt.describe("prompt length per request, tokens"),
    outputTokens: posInt.describe("generated tokens per request"),
    tpotSloMs: z.number().positive().nullable().optional().describe("time-per-output-token objective, ms"),
    ttftSloMs: z.number().positive().nullable().optional().describe("time-to-first-token objective, ms"),
    weights: weightFormatSchema.optional().describe("weight format: bf16 | fp16 | fp8 | int8 | int4 | fp4"),
    kvCache: kvFormatSchema.optional().describe("KV-cache format: bf16 | fp16 | fp8 | int8 | int4 | fp4"),
  })
  .strict();

/** Fine-tuning or an RL run (docs/posttrain.md) on a trainer device kind; `posttrain.steps` or
 * `posttrain.tokens` sets its length. */
export const posttrainPhaseSchema = z
  .object({
    kind: z.literal("posttrain").describe("posttrain"),
    name: z.string().optional().describe("a name for the phase in the output"),
    /** the trainer fleet's kind (one id, or several to compare); the rollout fleet is in posttrain.rollout */
    hardware,
    /** default: the scenario's device count */
    devices: posInt.optional().describe("trainer devices; default: the scenario's device count"),
    parallel: parallelSchema.optional().describe("the trainer's layout; omitted keys are searched"),
    posttrain: posttrainSchema.describe(
      "the fine-tuning or RL run; posttrain.steps or posttrain.tokens sets its length",
    ),
  })
  .strict();

export const lifecyclePhaseSchema = z.discriminatedUnion("kind", [
  trainPhaseSchema,
  servePhaseSchema,
  posttrainPhaseSchema,
]);

export const lifecycleSchema = z
  .object({
    phases: z
      .array(lifecyclePhaseSchema)
      .min(1)
      .describe("the phases, in order: training phases back to back, then serving"),
    /** what picks the device per phase in the totals; default cost */
    objective: z
      .enum(["time", "cost", "energy"])
      .optional()
      .describe("what picks the device per phase in the totals: time | cost | energy (default cost)"),
  })
  .strict();

export type Lifecycle = z.infer<typeof lifecycleSchema>;
export type LifecyclePhase = z.infer<typeof lifecyclePhaseSchema>;
export type TrainPhase = z.infer<typeof trainPhaseSchema>;
export type ServePhase = z.infer<typeof servePhaseSchema>;
export type PosttrainPhase = z.infer<typeof posttrainPhaseSchema>;
