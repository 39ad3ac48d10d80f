// The architecture record: the inline `model:` block of the scenario format
// (validation/README.md), also the shape of catalog/models/*.yaml.
import { z } from "zod";

const posInt = z.number().int().positive();

export const mlaSchema = z
  .object({
    kind: z.literal("mla").describe("mla: DeepSeek multi-head latent attention"),
    qLoraRank: posInt
      .nullable()
      .describe("rank of the compressed query projection; null for a direct query projection (V2-Lite)"),
    kvLoraRank: posInt.describe("rank of the compressed key-value latent (DeepSeek-V3: 512)"),
    qkNopeHeadDim: posInt.describe(
      "per-head query/key dimension without rotary embedding (DeepSeek-V3: 128)",
    ),
    qkRopeHeadDim: posInt.describe("per-head query/key dimension with rotary embedding (DeepSeek-V3: 64)"),
    vHeadDim: posInt.describe("per-head value dimension (DeepSeek-V3: 128)"),
  })
  .strict()
  .describe("multi-head latent attention (DeepSeek-V2/V3)");

export const attentionSchema = z
  .union([
    z
      .object({
        kind: z.enum(["mha", "gqa"]).describe("mha: kvHeads = heads; gqa: fewer key-value heads than heads"),
      })
      .strict(),
    mlaSchema,
  ])
  .describe("the attention kind; default mha or gqa from heads and kvHeads");

export const moeSchema = z
  .object({
    experts: posInt.describe("routed experts per MoE layer"),
    sharedExperts: z
      .number()
      .int()
      .nonnegative()
      .describe("always-active shared experts per MoE layer, each of size expertFfn"),
    topK: posInt.describe("routed experts each token goes to"),
    expertFfn: posInt.describe("intermediate size of one expert's MLP"),
    denseLayers: z
      .number()
      .int()
      .nonnegative()
      .describe("the first N layers use the dense MLP of size ffn (Mixtral: 0; DeepSeek-V3: 3)"),
    expertBias: z.boolean().optional().describe("the experts' linear layers carry biases (gpt-oss)"),
    /** optional: DeepSeek node-limited routing, max nodes a token's experts span */
    routedNodes: posInt
      .optional()
      .describe("node-limited routing: the most nodes one token's experts may span (DeepSeek-V3: 4)"),
  })
  .strict()
  .describe("mixture of experts: present for an MoE model");

export const slidingWindowSchema = z
  .object({
    window: posInt.describe(
      "keys a query attends to on a windowed layer, itself included (Mistral 7B v0.1: 4096; gpt-oss: 128)",
    ),
    globalEvery: posInt
      .optional()
      .describe(
        "every Nth layer attends to the whole context and the others to the window (gpt-oss, Gemma 2: 2; Gemma 3: 6); absent: every layer is windowed",
      ),
  })
  .strict()
  .describe("sliding-window attention: windowed layers see only the last `window` tokens");

export const archSchema = z
  .object({
    name: z.string().optional().describe("display name"),
    layers: posInt.describe("transformer layers (decoder blocks)"),
    hidden: posInt.describe("hidden size (model dimension)"),
    heads: posInt.describe("attention (query) heads"),
    kvHeads: posInt.describe("key-value heads: = heads for MHA, fewer for GQA/MQA"),
    headDim: posInt.optional().describe("per-head dimension; default hidden / heads"),
    ffn: posInt.describe("intermediate size of the dense MLP"),
    mlp: z.enum(["gelu", "swiglu"]).describe("gelu: 2 matrices (up, down); swiglu: 3 (gate, up, down)"),
    vocab: posInt.describe("vocabulary size"),
    tiedEmbeddings: z
      .boolean()
      .default(false)
      .describe("the output projection shares the input embedding's weights"),
    attention: attentionSchema.optional(),
    slidingWindow: slidingWindowSchema.optional(),
    moe: moeSchema.optional(),
    mtp: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("multi-token-prediction modules (DeepSeek-V3: 1)"),
    /** optional extras the importers fill in; not part of the case format */
    qkNorm: z.boolean().optional().describe("RMSNorm on queries and keys per head (Qwen3)"),
    attentionBias: z.boolean().optional().describe("biases on the query, key and value projections (Qwen2)"),
    maxContext: posInt
      .optional()
      .describe(
        "the longest sequence the model was trained for, in tokens (config.json max_position_embeddings); " +
          "a longer training sequence or prompt plus output is a warning",
      ),
  })
  .strict()
  .describe("an inline architecture (the shape of catalog/models/*.yaml arch:)");

export type Arch = z.infer<typeof archSchema>;
export type ArchInput = z.input<typeof archSchema>;
export type Mla = z.infer<typeof mlaSchema>;
export type Moe = z.infer<typeof moeSchema>;

/** Query head dimension (MLA: nope + rope). */
export function headDim(a: Arch): number {
  if (a.attention?.kind === "mla") return a.attention.qkNopeHeadDim + a.attention.qkRopeHeadDim;
  return a.headDim ?? a.hidden / a.heads;
}
