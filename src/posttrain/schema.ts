// The `posttrain:` block of a scenario: supervised fine-tuning (full or LoRA/QLoRA) and
// GRPO-style reinforcement learning on a trainer fleet (the scenario's hardware, devices and
// parallel) and a rollout fleet (its own hardware and inference layout, or the same devices).
// Unknown keys are errors (.strict()), as in the rest of the scenario format.
import { z } from "zod";
import { archSchema } from "../model/arch.ts";

const posInt = z.number().int().positive();
const fraction = z.number().min(0).max(1);
// The number formats of src/scenario/schema.ts, repeated (a test pins them equal) so that the
// scenario schema can import this file without an import cycle.
const trainPrecisionSchema = z.enum(["bf16", "fp16", "fp8", "fp4"]);
const weightFormatSchema = z.enum(["bf16", "fp16", "fp8", "int8", "int4", "fp4"]);
const kvFormatSchema = z.enum(["bf16", "fp16", "fp8", "int8", "int4", "fp4"]);

/** Response lengths in tokens: one length for all, {mean, max}, or points of the quantile function. */
export const lengthDistributionSchema = z
  .union([
    posInt,
    z
      .object({
        mean: z.number().positive().describe("mean response length, tokens"),
        max: posInt.describe("longest response (the generation cap), tokens"),
      })
      .strict()
      .refine((d) => d.mean <= d.max, { message: "mean exceeds max", path: ["mean"] }),
    z
      .object({
        /** quantile q (0..1) → tokens; must reach q = 1 (the generation cap) and not decrease */
        quantiles: z
          .array(
            z
              .object({
                q: fraction.describe("quantile, 0 to 1"),
                tokens: z.number().nonnegative().describe("response length at that quantile, tokens"),
              })
              .strict(),
          )
          .min(1)
          .describe("points of the quantile function, increasing in q, ending at q: 1"),
      })
      .strict()
      .refine((d) => d.quantiles.at(-1)?.q === 1, {
        message: "the last quantile must be q: 1 (the longest response)",
      })
      .refine(
        (d) => d.quantiles.every((p, i, a) => i === 0 || (p.q > a[i - 1].q && p.tokens >= a[i - 1].tokens)),
        {
          message: "quantiles must increase in q and not decrease in tokens",
        },
      ),
  ])
  .describe("response lengths, tokens: one length for all, {mean, max}, or {quantiles}");

/** The fine-tuning data: either total tokens, or samples of a mean length over some epochs. */
const finetuneBase = {
  seqLen: posInt.describe("sequence length, tokens"),
  globalBatch: posInt.describe("sequences per optimizer step"),
  precision: trainPrecisionSchema.default("bf16").describe("matmul precision: bf16 | fp16 | fp8 | fp4"),
  /** total training tokens (all epochs); or give samples, meanSampleTokens and epochs */
  tokens: z
    .number()
    .positive()
    .optional()
    .describe("total training tokens, all epochs; or give samples, meanSampleTokens and epochs"),
  samples: posInt
    .optional()
    .describe("training samples (with meanSampleTokens and epochs, instead of tokens)"),
  meanSampleTokens: z.number().positive().optional().describe("mean tokens per sample"),
  epochs: z.number().positive().default(1).describe("passes over the data"),
  /** several samples per sequence (packing) or one sample per padded sequence */
  packing: z
    .boolean()
    .default(true)
    .describe("several samples per sequence (packing), or one sample per padded sequence"),
};

export const sftSchema = z
  .object({ kind: z.literal("sft").describe("sft: full fine-tuning"), ...finetuneBase })
  .strict();

export const LORA_TARGETS = ["q", "k", "v", "o", "gate", "up", "down"] as const;
export const loraTargetSchema = z.enum(LORA_TARGETS);

export const loraSchema = z
  .object({
    kind: z.literal("lora").describe("lora: low-rank adapters on a frozen base"),
    ...finetuneBase,
    rank: posInt.describe("adapter rank r"),
    /** scaling alpha/r: no effect on time or memory, accepted for completeness */
    alpha: z
      .number()
      .positive()
      .optional()
      .describe("scaling alpha/r: no effect on time or memory, accepted for completeness"),
    /** adapted matrices; "attention" = q,k,v,o; "mlp" = gate,up,down; "all" = both */
    targets: z
      .union([z.enum(["attention", "mlp", "all"]), z.array(loraTargetSchema).min(1)])
      .default("attention")
      .describe(
        "adapted matrices: attention (q,k,v,o) | mlp (gate,up,down) | all, or a list of q, k, v, o, gate, up, down",
      ),
    /** also adapt every routed expert of an MoE model (default: shared experts only) */
    experts: z
      .boolean()
      .default(false)
      .describe("also adapt every routed expert of an MoE model (default: shared experts only)"),
    /** frozen base weights: bf16, fp8, or nf4 (QLoRA, Dettmers et al. 2023) */
    baseWeights: z
      .enum(["bf16", "fp8", "nf4"])
      .default("bf16")
      .describe("frozen base weights: bf16 | fp8 | nf4 (QLoRA, Dettmers et al. 2023)"),
  })
  .strict();

export const rolloutSchema = z
  .object({
    /** device kind of the rollout fleet; default: the scenario's hardware */
    hardware: z
      .string()
      .optional()
      .describe("device kind of the rollout fleet; default: the scenario's hardware"),
    /** rollout devices; disaggregated: required; colocated: the scenario's devices */
    devices: posInt
      .optional()
      .describe("rollout devices; disaggregated: required; colocated: the scenario's devices"),
    devicesPerNode: posInt
      .optional()
      .describe("devices per node of the rollout fleet; default from its catalog entry"),
    tp: posInt.default(1).describe("tensor parallel size of one rollout instance"),
    ep: posInt.default(1).describe("expert parallel size of one rollout instance"),
    pp: posInt.default(1).describe("pipeline parallel size of one rollout instance"),
    /** instances; default: devices / (max(tp, ep)·pp) */
    dp: posInt.optional().describe("rollout instances; default: devices / (max(tp, ep)·pp)"),
    weights: weightFormatSchema
      .default("bf16")
      .describe("rollout weight format: bf16 | fp16 | fp8 | int8 | int4 | fp4"),
    activations: weightFormatSchema.optional().describe("rollout matmul input precision"),
    kvCache: kvFormatSchema.default("bf16").describe("rollout KV-cache format"),
    /** share of device memory the rollout engine may use (vLLM gpu_memory_utilization) */
    memoryFraction: z
      .number()
      .positive()
      .max(1)
      .optional()
      .describe("share of device memory the rollout engine may use (vLLM gpu_memory_utilization)"),
    /** most sequences one engine runs at once (vLLM max_num_seqs), per attention group */
    maxNumSeqs: posInt
      .optional()
      .describe("most sequences one engine runs at once, per attention group (vLLM max_num_seqs)"),
  })
  .strict();

export const updateSchema = z
  .object({
    precision: trainPrecisionSchema.default("bf16").describe("the update's matmul precision"),
    /** training sequence length; default: promptTokens + the longest response */
    seqLen: posInt
      .optional()
      .describe("training sequence length; default: promptTokens + the longest response"),
    /** pack samples into sequences of seqLen (verl/NeMo-RL sequence packing) or pad each */
    packing: z
      .boolean()
      .default(true)
      .describe("pack samples into sequences of seqLen (verl/NeMo-RL sequence packing), or pad each"),
    /** optimizer steps per RL step (ppo_mini_batch / train_global_batch_size) */
    miniBatches: posInt
      .default(1)
      .describe("optimizer steps per RL step (ppo_mini_batch / train_global_batch_size)"),
    /** passes over the batch (ppo_epochs) */
    epochs: posInt.default(1).describe("passes over the batch (ppo_epochs)"),
  })
  .strict();

export const rlSchema = z
  .object({
    kind: z.literal("rl").describe("rl: a reinforcement-learning step (generate, score, update)"),
    algorithm: z.enum(["grpo"]).default("grpo").describe("grpo"),
    /** B: prompts per RL step */
    promptsPerStep: posInt.describe("B: prompts per RL step"),
    /** G: samples generated for each prompt */
    samplesPerPrompt: posInt.describe("G: samples generated for each prompt"),
    promptTokens: posInt.describe("prompt length, tokens"),
    responseTokens: lengthDistributionSchema.describe(
      "response lengths: one length, {mean, max}, or {quantiles}",
    ),
    /** a catalog model id, an inline architecture, or null for rule-based rewards (free) */
    rewardModel: z
      .union([z.string(), archSchema])
      .nullable()
      .default(null)
      .describe("a catalog model id, an inline architecture, or null for rule-based rewards (free)"),
    /** forward pass of the frozen reference policy (KL term) */
    reference: z.boolean().default(true).describe("forward pass of the frozen reference policy (KL term)"),
    /** forward pass of the policy that generated (old log-probs for the ratio) */
    oldPolicyLogProbs: z
      .boolean()
      .default(true)
      .describe("forward pass of the policy that generated (old log-probs for the ratio)"),
    placement: z
      .enum(["colocated", "disaggregated"])
      .describe("colocated (generation and training share devices) | disaggregated (two fleets)"),
    /** 1: generation of step k+1 overlaps training on step k (one-step off-policy) */
    offPolicySteps: z
      .union([z.literal(0), z.literal(1)])
      .default(0)
      .describe("1: generation of step k+1 overlaps training on step k (one-step off-policy)"),
    /** achieved GB/s between the fleets; default: the slower side's NICs */
    crossFleetGBps: z
      .number()
      .positive()
      .optional()
      .describe("achieved GB/s between the fleets; default: the slower side's NICs"),
    /** device-host GB/s for the colocated swap; default 32 (PCIe 4.0 x16) */
    hostLinkGBps: z
      .number()
      .positive()
      .optional()
      .describe("device-host GB/s for the colocated swap; default 32 (PCIe 4.0 x16)"),
    /** RL steps, for total hours and device-hours */
    steps: posInt.optional().describe("RL steps, for total hours and device-hours"),
    rollout: rolloutSchema
      .default({
        tp: 1,
        ep: 1,
        pp: 1,
        weights: "bf16",
        kvCache: "bf16",
      })
      .describe("the rollout (generation) fleet: its device kind, count and inference layout"),
    update: updateSchema
      .default({ precision: "bf16", packing: true, miniBatches: 1, epochs: 1 })
      .describe("the policy update: precision, sequence length, packing, mini-batches, epochs"),
  })
  .strict();

export const posttrainSchema = z.discriminatedUnion("kind", [sftSchema, loraSchema, rlSchema]);

export type LengthDistributionSpec = z.infer<typeof lengthDistributionSchema>;
export type SftSpec = z.infer<typeof sftSchema>;
export type LoraSpec = z.infer<typeof loraSchema>;
export type LoraTarget = z.infer<typeof loraTargetSchema>;
export type RolloutSpec = z.infer<typeof rolloutSchema>;
export type UpdateSpec = z.infer<typeof updateSchema>;
export type RlSpec = z.infer<typeof rlSchema>;
export type PosttrainSpec = z.infer<typeof posttrainSchema>;
export type PosttrainInput = z.input<typeof posttrainSchema>;
