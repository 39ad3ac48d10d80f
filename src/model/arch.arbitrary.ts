// fast-check generator of valid architectures (dense, GQA, MLA, MoE, MTP) for property tests.
import fc from "fast-check";
import { type Arch, archSchema } from "./arch.ts";

export const arbArch: fc.Arbitrary<Arch> = fc
  .record({
    layers: fc.integer({ min: 1, max: 12 }),
    kvHeads: fc.integer({ min: 1, max: 8 }),
    groups: fc.integer({ min: 1, max: 4 }),
    headDim: fc.integer({ min: 1, max: 64 }),
    hidden: fc.integer({ min: 1, max: 512 }),
    ffn: fc.integer({ min: 1, max: 2048 }),
    mlp: fc.constantFrom("gelu" as const, "swiglu" as const),
    vocab: fc.integer({ min: 1, max: 4000 }),
    tiedEmbeddings: fc.boolean(),
    qkNorm: fc.boolean(),
    attentionBias: fc.boolean(),
    mla: fc.option(
      fc.record({
        qLoraRank: fc.option(fc.integer({ min: 1, max: 64 })),
        kvLoraRank: fc.integer({ min: 1, max: 64 }),
        qkNopeHeadDim: fc.integer({ min: 1, max: 32 }),
        qkRopeHeadDim: fc.integer({ min: 1, max: 32 }),
        vHeadDim: fc.integer({ min: 1, max: 32 }),
      }),
    ),
    moe: fc.option(
      fc.record({
        experts: fc.integer({ min: 1, max: 64 }),
        sharedExperts: fc.integer({ min: 0, max: 2 }),
        topKFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        expertFfn: fc.integer({ min: 1, max: 256 }),
        denseLayers: fc.integer({ min: 0, max: 3 }),
      }),
    ),
    mtp: fc.integer({ min: 0, max: 2 }),
  })
  .map((r) =>
    archSchema.parse({
      layers: r.layers,
      hidden: r.hidden,
      heads: r.kvHeads * r.groups,
      kvHeads: r.mla ? r.kvHeads * r.groups : r.kvHeads,
      headDim: r.headDim,
      ffn: r.ffn,
      mlp: r.mlp,
      vocab: r.vocab,
      tiedEmbeddings: r.tiedEmbeddings,
      qkNorm: r.qkNorm,
      attentionBias: r.attentionBias,
      ...(r.mla ? { attention: { kind: "mla", ...r.mla } } : {}),
      ...(r.moe
        ? {
            moe: {
              experts: r.moe.experts,
              sharedExperts: r.moe.sharedExperts,
              topK: Math.max(1, Math.ceil(r.moe.topKFraction * r.moe.experts)),
              expertFfn: r.moe.expertFfn,
              denseLayers: Math.min(r.moe.denseLayers, r.layers),
            },
          }
        : {}),
      ...(r.mtp > 0 ? { mtp: r.mtp } : {}),
    }),
  );
