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
export const attentionKernelSchema = z.enum(["flash", "sdpa", "fa2", "fa1", "unfused"]);
export const selectivePolicySchema = z.enum(["modules", "op"]);

export const stackSchema = z
  .object({
    engine: trainEngineSchema
      .optional()
      .describe(
        "the training engine: megatron-core | megatron-bridge | nemo | mindspeed-llm | torchtitan | deepspeed | other",
      ),
    version: z.string().optional().describe("the engine's version, free text as the source names it"),
    graphs: graphsSchema.optional().describe("CUDA or ACL graphs: none | partial | full"),
    moeDispatch: moeDispatchSchema
      .optional()
      .describe("MoE token dispatch: dropless-sync | capacity-pad | sync-free"),
    capacityFactor: z
      .number()
      .positive()
      .optional()
      .describe("with capacity-pad: each expert's buffer as a multiple of its even share of tokens"),
    groupedGemm: groupedGemmSchema
      .optional()
      .describe("expert matmuls: loop (one per expert) | fused (grouped GEMM)"),
    a2aOverlap: z.boolean().optional().describe("expert all-to-all overlapped with compute"),
    tpCommOverlap: z
      .boolean()
      .optional()
      .describe("tensor-parallel communication overlapped with the neighbouring matmuls"),
    tpAsyncBackward: z
      .boolean()
      .optional()
      .describe(
        "extra: the column-parallel linears' backward collectives run asynchronously behind their own GEMMs (Megatron-LM's --async-tensor-model-parallel-allreduce, default since 2021-09; Transformer Engine's Linear likewise): the input-gradient all-reduce behind the weight-gradient GEMM, or with sequence parallelism the input's all-gather behind the input-gradient GEMM and the reduce-scatter behind the weight-gradient GEMM; false: every backward collective waits in line (Megatron-LM before 2021-09, the Megatron-DeepSpeed forks, PyTorch DTensor)",
      ),
    /** extra: pipeline send/receive overlapped with compute */
    ppOverlap: z.boolean().optional().describe("pipeline send/receive overlapped with compute"),
    fp8Recipe: fp8RecipeSchema.optional().describe("FP8 scaling recipe: delayed | current | blockwise | mx"),
    /** extra: FP8 cast and transpose fused into the neighbouring kernels (no separate passes) */
    fp8Fused: z
      .boolean()
      .optional()
      .describe("FP8 cast and transpose fused into the neighbouring kernels (no separate passes)"),
    expertMlpFused: z
      .boolean()
      .optional()
      .describe(
        "extra: the experts' FC1, activation and FC2 run as one fused grouped-MLP operation (Transformer Engine's op fuser with its CuTe DSL kernels; Megatron-Bridge's cutedsl_fused_grouped_mlp): the activation and the FP8 cast of FC2's input are FC1's epilogue, their gradients FC2's input-gradient epilogue",
      ),
    expertBiasLoop: z
      .boolean()
      .optional()
      .describe(
        "extra: for a model whose experts carry biases (model.moe.expertBias), the engine adds them expert by expert (Megatron-Core's TEGroupedMLP from 2025-09 to 2026-08: split, t + b * p per expert, concatenate, cast) rather than in one packed pass",
      ),
    moeBalance: moeBalanceSchema
      .optional()
      .describe("expert load: forced (benchmark) | aux-loss-free | natural"),
    hostCpu: hostCpuSchema.optional().describe("host CPU: x86 | grace | arm"),
    moeDispatcher: moeDispatcherSchema
      .optional()
      .describe(
        "extra: how tokens reach the expert-parallel ranks: alltoall | allgather (Megatron's dispatchers) | deepep (DeepEP/HybridEP, the flex dispatcher)",
      ),
    fp8ActivationCache: z
      .boolean()
      .optional()
      .describe(
        "extra: the experts' activation inputs (SwiGLU input) cached in FP8 rather than 16 bits (DeepSeek-V3 Sec. 3.3.3)",
      ),
    optimizerMoments: z
      .enum(["fp32", "bf16"])
      .optional()
      .describe(
        "extra: Adam moments kept in fp32 (default) or bf16 (DeepSeek-V3 Sec. 3.3.3; Megatron's precision-aware optimizer)",
      ),
    gradPrecision: z
      .enum(["fp32", "bf16"])
      .optional()
      .describe(
        "extra: the main gradients' buffer and data-parallel reduction: fp32 (Megatron-LM's default for bf16 runs) or the 16-bit parameter dtype (Megatron-Core's grad_reduce_in_fp32 false, as the Megatron-Bridge performance recipes set)",
      ),
    commSmShare: z
      .number()
      .min(0)
      .max(0.5)
      .optional()
      .describe(
        "extra: share of the GPU's SMs the communication kernels hold while the expert all-to-all overlaps compute (DualPipe or a2aOverlap); DeepSeek-V3 Sec. 3.2.2 and 3.5.1: 20 of the H800's 132 (0.152), which limits the computational throughput. Default 0",
      ),
    gradAccumFusion: z
      .boolean()
      .optional()
      .describe(
        "extra: the weight-gradient GEMM accumulates into the main gradient (Megatron --gradient-accumulation-fusion, TE fuse_wgrad_accumulation); false: a separate add of every parameter's gradient into its buffer on every micro-batch",
      ),
    activationOffload: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "extra: share of the activations offloaded to host memory during the forward (their copy overlapped with compute)",
      ),
    selectivePolicy: selectivePolicySchema
      .optional()
      .describe(
        "extra: what selective recompute keeps: modules (Megatron-Core's --recompute-modules) | op (torchtitan's per-op policy: every second matmul's output and the flash attention's saved, the rest recomputed)",
      ),
    softmaxFusion: z
      .boolean()
      .optional()
      .describe(
        "extra: with unfused attention, the scale, mask and softmax run as one fused kernel in 16 bits (Megatron's FusedScaleMaskSoftmax, the default) or, false, as separate operators in fp32 (--no-masked-softmax-fusion with --attention-softmax-in-fp32: cast, scale, mask, softmax and cast back, each a pass over the s x s scores)",
      ),
    attention: attentionKernelSchema
      .optional()
      .describe(
        "extra: the attention kernel: flash (the engine's fused kernel: cuDNN, FlashAttention-3) | sdpa (PyTorch's scaled_dot_product_attention: FlashAttention-2 on Ampere and Hopper) | fa2 (FlashAttention-2 called directly: the same rate as sdpa) | fa1 (FlashAttention 1.x, or the Triton FlashAttention kernel of its time such as llm-foundry's attn_impl triton: about 0.44 of FlashAttention-2) | unfused (batched GEMMs and a softmax). The flash kernels' rates climb with the sequence length where the device family has measured curves",
      ),
  })
  .strict();
export type StackSpec = z.infer<typeof stackSchema>;

export const SERVE_ENGINES = ["vllm", "sglang", "trtllm", "mindie", "vllm-ascend", "other"] as const;
export const serveEngineSchema = z.enum(SERVE_ENGINES);
export type ServeEngine = z.infer<typeof serveEngineSchema>;

export const SPECULATIVE_METHODS = ["mtp", "eagle", "eagle3", "draft-model", "ngram"] as const;

export const speculativeSchema = z
  .object({
    method: z.enum(SPECULATIVE_METHODS).describe("mtp | eagle | eagle3 | draft-model | ngram"),
    draftTokens: z.number().int().positive().describe("tokens drafted per verification step"),
    /** probability that each draft token is accepted given the previous one was */
    acceptance: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("probability that each draft token is accepted given the previous one was"),
    /** mean tokens accepted per verification step, the verified token included (1 to draftTokens+1) */
    acceptLength: z
      .number()
      .min(1)
      .optional()
      .describe(
        "mean tokens accepted per verification step, the verified one included (1 to draftTokens + 1)",
      ),
    /** draft-model: the draft's catalog id or inline architecture is resolved by the engine */
    draftModel: z.string().optional().describe("draft-model: the draft's catalog model id"),
  })
  .strict();
export type SpeculativeSpec = z.infer<typeof speculativeSchema>;
