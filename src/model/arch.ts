// The architecture record: the inline `model:` block of the scenario format
// (validation/README.md), also the shape of catalog/models/*.yaml.
import { z } from "zod";

const posInt = z.number().int().positive();

export const mlaSchema = z
  .object({
    kind: z.literal("mla"),
    qLoraRank: posInt.nullable(),
    kvLoraRank: posInt,
    qkNopeHeadDim: posInt,
    qkRopeHeadDim: posInt,
    vHeadDim: posInt,
  })
  .strict();

export const attentionSchema = z.union([z.object({ kind: z.enum(["mha", "gqa"]) }).strict(), mlaSchema]);

export const moeSchema = z
  .object({
    experts: posInt,
    sharedExperts: z.number().int().nonnegative(),
    topK: posInt,
    expertFfn: posInt,
    denseLayers: z.number().int().nonnegative(),
    /** optional: DeepSeek node-limited routing, max nodes a token's experts span */
    routedNodes: posInt.optional(),
  })
  .strict();

export const archSchema = z
  .object({
    name: z.string().optional(),
    layers: posInt,
    hidden: posInt,
    heads: posInt,
    kvHeads: posInt,
    headDim: posInt.optional(),
    ffn: posInt,
    mlp: z.enum(["gelu", "swiglu"]),
    vocab: posInt,
    tiedEmbeddings: z.boolean().default(false),
    attention: attentionSchema.optional(),
    moe: moeSchema.optional(),
    mtp: z.number().int().nonnegative().optional(),
    /** optional extras the importers fill in; not part of the case format */
    qkNorm: z.boolean().optional(),
    attentionBias: z.boolean().optional(),
  })
  .strict();

export type Arch = z.infer<typeof archSchema>;
export type ArchInput = z.input<typeof archSchema>;
export type Mla = z.infer<typeof mlaSchema>;
export type Moe = z.infer<typeof moeSchema>;

/** Query head dimension (MLA: nope + rope). */
export function headDim(a: Arch): number {
  if (a.attention?.kind === "mla") return a.attention.qkNopeHeadDim + a.attention.qkRopeHeadDim;
  return a.headDim ?? a.hidden / a.heads;
}
