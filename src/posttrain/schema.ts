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
export const lengthDistributionSchema = z.union([
  posInt,
  z
    .object({ mean: z.number().positive(), max: posInt })
    .strict()
    .refine((d) => d.mean <= d.max, { message: "mean exceeds max", path: ["mean"] }),
  z
    .object({
      /** quantile q (0..1) → tokens; must reach q = 1 (the generation cap) and not decrease */
      quantiles: z.array(z.object({ q: fraction, tokens: z.number().nonnegative() }).strict()).min(1),
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
]);

/** The fine-tuning data: either total tokens, or samples of a mean length over some epochs. */
const finetuneBase = {
  seqLen: posInt,
  globalBatch: posInt,
  precision: trainPrecisionSchema.default("bf16"),
  /** total training tokens (all epochs); or give samples, meanSampleTokens and epochs */
  tokens: z.number().positive().optional(),
  samples: posInt.optional(),
  meanSampleTokens: z.number().positive().optional(),
  epochs: z.number().positive().default(1),
  /** several samples per sequence (packing) or one sample per padded sequence */
  packing: z.boolean().default(true),
};

export const sftSchema = z.object({ kind: z.literal("sft"), ...finetuneBase }).strict();

export const LORA_TARGETS = ["q", "k", "v", "o", "gate", "up", "down"] as const;
export const loraTargetSchema = z.enum(LORA_TARGETS);

export const loraSchema = z
  .object({
    kind: z.literal("lora"),
    ...finetuneBase,
    rank: posInt,
    /** scaling alpha/r: no effect on time or memory, accepted for completeness */
    alpha: z.number().positive().optional(),
    /** adapted matrices; "attention" = q,k,v,o; "mlp" = gate,up,down; "all" = both */
    targets: z
      .union([z.enum(["attention", "mlp", "all"]), z.array(loraTargetSchema).min(1)])
      .default("attention"),
    /** also adapt every routed expert of an MoE model (default: shared experts only) */
    experts: z.boolean().default(false),
    /** frozen base weights: bf16, fp8, or nf4 (QLoRA, Dettmers et al. 2023) */
    baseWeights: z.enum(["bf16", "fp8", "nf4"]).default("bf16"),
  })
  .strict();

export const rolloutSchema = z
  .object({
    /** device kind of the rollout fleet; default: the scenario's hardware */
    hardware: z.string().optional(),
    /** rollout devices; disaggregated: required; colocated: the scenario's devices */
    devices: posInt.optional(),
    devicesPerNode: posInt.optional(),
    tp: posInt.default(1),
    ep: posInt.default(1),
    pp: posInt.default(1),
    /** instances; default: devices / (max(tp, ep)·pp) */
    dp: posInt.optional(),
    weights: weightFormatSchema.default("bf16"),
    activations: weightFormatSchema.optional(),
    kvCache: kvFormatSchema.default("bf16"),
    /** share of device memory the rollout engine may use (vLLM gpu_memory_utilization) */
    memoryFraction: z.number().positive().max(1).optional(),
    /** most sequences one engine runs at once (vLLM max_num_seqs), per attention group */
    maxNumSeqs: posInt.optional(),
  })
  .strict();

export const updateSchema = z
  .object({
    precision: trainPrecisionSchema.default("bf16"),
    /** training sequence length; default: promptTokens + the longest response */
    seqLen: posInt.optional(),
    /** pack samples into sequences of seqLen (verl/NeMo-RL sequence packing) or pad each */
    packing: z.boolean().default(true),
    /** optimizer steps per RL step (ppo_mini_batch / train_global_batch_size) */
    miniBatches: posInt.default(1),
    /** passes over the batch (ppo_epochs) */
    epochs: posInt.default(1),
  })
  .strict();

export const rlSchema = z
  .object({
    kind: z.literal("rl"),
    algorithm: z.enum(["grpo"]).default("grpo"),
    /** B: prompts per RL step */
    promptsPerStep: posInt,
    /** G: samples generated for each prompt */
    samplesPerPrompt: posInt,
    promptTokens: posInt,
    responseTokens: lengthDistributionSchema,
    /** a catalog model id, an inline architecture, or null for rule-based rewards (free) */
    rewardModel: z.union([z.string(), archSchema]).nullable().default(null),
    /** forward pass of the frozen reference policy (KL term) */
    reference: z.boolean().default(true),
    /** forward pass of the policy that generated (old log-probs for the ratio) */
    oldPolicyLogProbs: z.boolean().default(true),
    placement: z.enum(["colocated", "disaggregated"]),
    /** 1: generation of step k+1 overlaps training on step k (one-step off-policy) */
    offPolicySteps: z.union([z.literal(0), z.literal(1)]).default(0),
    /** achieved GB/s between the fleets; default: the slower side's NICs */
    crossFleetGBps: z.number().positive().optional(),
    /** device-host GB/s for the colocated swap; default 32 (PCIe 4.0 x16) */
    hostLinkGBps: z.number().positive().optional(),
    /** RL steps, for total hours and device-hours */
    steps: posInt.optional(),
    rollout: rolloutSchema.default({
      tp: 1,
      ep: 1,
      pp: 1,
      weights: "bf16",
      kvCache: "bf16",
    }),
    update: updateSchema.default({ precision: "bf16", packing: true, miniBatches: 1, epochs: 1 }),
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
