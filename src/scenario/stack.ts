// The software that ran (validation/README.md, "The software that ran"): the training engine and
// what it does, and the serving engine. Every key is optional; an omitted key takes the named
// engine's documented default (src/stack/), or the tool's default when no engine is named.
import { z } from "zod";

export const TRAIN_ENGINES = [
  "megatron-core",
  "megatron-bridge",
  "nemo",
  "mindspeed-llm",
  "torchtitan",
  "deepspeed",
  "other",
] as const;

export const trainEngineSchema = z.enum(TRAIN_ENGINES);
export type TrainEngine = z.infer<typeof trainEngineSchema>;

export const graphsSchema = z.enum(["none", "partial", "full"]);
export const moeDispatchSchema = z.enum(["dropless-sync", "capacity-pad", "sync-free"]);
export const groupedGemmSchema = z.enum(["loop", "fused"]);
export const fp8RecipeSchema = z.enum(["delayed", "current", "blockwise", "mx"]);
export const moeBalanceSchema = z.enum(["forced", "aux-loss-free", "natural"]);
export const hostCpuSchema = z.enum(["x86", "grace", "arm"]);
export const moeDispatcherSchema = z.enum(["alltoall", "allgather", "deepep"]);
export const attentionKernelSchema = z.enum(["flash", "unfused"]);

export const stackSchema = z
  .object({
    engine: trainEngineSchema.optional(),
    version: z.string().optional(),
    graphs: graphsSchema.optional(),
    moeDispatch: moeDispatchSchema.optional(),
    capacityFactor: z.number().positive().optional(),
    groupedGemm: groupedGemmSchema.optional(),
    a2aOverlap: z.boolean().optional(),
    tpCommOverlap: z.boolean().optional(),
    /** extra: pipeline send/receive overlapped with compute */
    ppOverlap: z.boolean().optional(),
    fp8Recipe: fp8RecipeSchema.optional(),
    /** extra: FP8 cast and transpose fused into the neighbouring kernels (no separate passes) */
    fp8Fused: z.boolean().optional(),
    moeBalance: moeBalanceSchema.optional(),
    hostCpu: hostCpuSchema.optional(),
    /** extra: how tokens reach the expert-parallel ranks (Megatron's alltoall / allgather dispatchers, DeepEP) */
    moeDispatcher: moeDispatcherSchema.optional(),
    /** extra: the attention kernel (flash: FlashAttention-class fused kernel; unfused: batched GEMMs and a softmax) */
    attention: attentionKernelSchema.optional(),
  })
  .strict();
export type StackSpec = z.infer<typeof stackSchema>;

export const SERVE_ENGINES = ["vllm", "sglang", "trtllm", "mindie", "vllm-ascend", "other"] as const;
export const serveEngineSchema = z.enum(SERVE_ENGINES);
export type ServeEngine = z.infer<typeof serveEngineSchema>;

export const SPECULATIVE_METHODS = ["mtp", "eagle", "eagle3", "draft-model", "ngram"] as const;

export const speculativeSchema = z
  .object({
    method: z.enum(SPECULATIVE_METHODS),
    draftTokens: z.number().int().positive(),
    /** probability that each draft token is accepted given the previous one was */
    acceptance: z.number().min(0).max(1).optional(),
    /** mean tokens accepted per verification step, the verified token included (1 to draftTokens+1) */
    acceptLength: z.number().min(1).optional(),
    /** draft-model: the draft's catalog id or inline architecture is resolved by the engine */
    draftModel: z.string().optional(),
  })
  .strict();
export type SpeculativeSpec = z.infer<typeof speculativeSchema>;
