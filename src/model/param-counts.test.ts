import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbArch } from "./arch.arbitrary.ts";
import { type Arch, archSchema } from "./arch.ts";
import { loadModelCatalog } from "./catalog.ts";
import { findModel } from "./model-entry.ts";
import { paramCounts } from "./param-counts.ts";

const models = loadModelCatalog();
const counts = (id: string) => paramCounts(findModel(models, id).arch);
const B = 1e9;

/** |ours / published - 1| */
const relErr = (ours: number, published: number) => Math.abs(ours / published - 1);

describe("paramCounts: hand-worked tiny models", () => {
  it("dense GQA SwiGLU", () => {
    // h 8, 2 heads, 1 kv head, head dim 4, ffn 16, vocab 10, 2 layers, untied
    // attention q 8*2*4=64, k 8*1*4=32, v 32, o 8*8=64 -> 192; swiglu 3*8*16=384; norms 2*8=16
    // layer 592; 2 layers 1184; embedding 80, head 80, final norm 8 -> total 1352
    const arch = archSchema.parse({
      layers: 2,
      hidden: 8,
      heads: 2,
      kvHeads: 1,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
    });
    const p = paramCounts(arch);
    expect(p.perLayer.map((l) => l.total)).toEqual([592, 592]);
    expect(p.total).toBe(1352);
    expect(p.active).toBe(1352);
    expect(p.activeExcludingEmbedding).toBe(1272);
    expect(p.excludingEmbeddings).toBe(1192);
    expect(p.mtp).toBe(0);
  });

  it("tied embeddings and gelu (LayerNorm: weight and bias)", () => {
    // h 4, 1 head (hd 4), ffn 16 gelu, vocab 10, 1 layer, tied, q/k/v biases
    // attention 4*16 = 64 + bias 3*4 = 12 -> 76; gelu 2*4*16 = 128; 2 LayerNorms 2*8 = 16 -> 220
    // embedding 40, head 0 (tied), final LayerNorm 8 -> 268
    const arch = archSchema.parse({
      layers: 1,
      hidden: 4,
      heads: 1,
      kvHeads: 1,
      ffn: 16,
      mlp: "gelu",
      vocab: 10,
      tiedEmbeddings: true,
      attentionBias: true,
    });
    const p = paramCounts(arch);
    expect(p.perLayer[0].total).toBe(220);
    expect(p.lmHead).toBe(0);
    expect(p.total).toBe(268);
    // tied: the table is the head, so it stays in the per-token count
    expect(p.activeExcludingEmbedding).toBe(268);
  });

  it("MLA + MoE + MTP", () => {
    // h 8, 2 heads, mla qLora 4, kvLora 3, nope 2, rope 1, v 2; ffn 12; 4 experts top-2, 1 shared,
    // expert ffn 2, first layer dense; vocab 10; 1 MTP module
    // attention: q 8*4 + 4*2*3 = 56, q norm 4, kv 8*(3+1) + 3*2*(2+2) = 56, kv norm 3, o 2*2*8 = 32 -> 151
    // dense layer: 151 + 3*8*12 (288) + norms 16 = 455
    // moe layer: router 32, expert 3*8*2 = 48, routed 192, shared 48 -> 272; 151+272+16 = 439
    //   active: 32 + 2*48 + 48 = 176 -> 151+176+16 = 343
    // total 80 + 455 + 439 + 8 + 80 = 1062; active 80 + 455 + 343 + 8 + 80 = 966
    // mtp: moe block 439 + eh_proj 2*8*8 = 128 + 3 norms 24 = 591; active 343+128+24 = 495
    const arch = archSchema.parse({
      layers: 2,
      hidden: 8,
      heads: 2,
      kvHeads: 2,
      ffn: 12,
      mlp: "swiglu",
      vocab: 10,
      attention: {
        kind: "mla",
        qLoraRank: 4,
        kvLoraRank: 3,
        qkNopeHeadDim: 2,
        qkRopeHeadDim: 1,
        vHeadDim: 2,
      },
      moe: { experts: 4, sharedExperts: 1, topK: 2, expertFfn: 2, denseLayers: 1 },
      mtp: 1,
    });
    const p = paramCounts(arch);
    expect(p.perLayer.map((l) => [l.kind, l.total, l.active])).toEqual([
      ["dense", 455, 455],
      ["moe", 439, 343],
    ]);
    expect(p.total).toBe(1062);
    expect(p.active).toBe(966);
    expect(p.activeExcludingEmbedding).toBe(886);
    expect(p.mtp).toBe(591);
    expect(p.mtpActive).toBe(495);
    expect(p.mtpStored).toBe(591 + 80 + 80);
    expect(p.totalWithMtp).toBe(1062 + 591);
  });

  it("MLA without q compression (V2-Lite style): one direct q projection", () => {
    // q: 8 * 2 * (2+1) = 48 instead of 56, and no q norm (4)
    const base = {
      layers: 1,
      hidden: 8,
      heads: 2,
      kvHeads: 2,
      ffn: 12,
      mlp: "swiglu",
      vocab: 10,
    } as const;
    const mla = { kind: "mla", kvLoraRank: 3, qkNopeHeadDim: 2, qkRopeHeadDim: 1, vHeadDim: 2 } as const;
    const withLora = paramCounts(archSchema.parse({ ...base, attention: { ...mla, qLoraRank: 4 } }));
    const direct = paramCounts(archSchema.parse({ ...base, attention: { ...mla, qLoraRank: null } }));
    expect(withLora.total - direct.total).toBe(56 + 4 - 48);
  });
});

describe("paramCounts: published totals", () => {
  // Exact: the Hugging Face safetensors totals of the published checkpoints.
  it.each([
    ["llama3.1-8b", 8_030_261_248],
    ["llama3.1-70b", 70_553_706_496],
    ["llama3.1-405b", 405_853_388_800],
    ["mixtral-8x7b", 46_702_792_704],
    ["qwen3-0.6b", 596_049_920],
  ])("%s total is exactly the checkpoint's %d", (id, exact) => {
    expect(counts(id).total).toBe(exact);
  });

  it.each([
    // id, published total, source
    ["deepseek-v3", 671e9], // DeepSeek-V3 README_WEIGHTS.md: main model 671B
    ["deepseek-r1", 671e9],
    ["deepseek-v2", 236e9], // DeepSeek-V2 paper abstract
    ["deepseek-v2-lite", 15.7e9], // model card
    ["llama3.1-405b", 405.8e9],
    ["llama3.1-70b", 70.6e9],
    ["llama3.1-8b", 8.03e9],
    ["mixtral-8x7b", 46.7e9], // Mixtral paper
    ["mixtral-8x22b", 141e9], // Mistral announcement
    ["qwen3-235b-a22b", 235e9], // Qwen3 model card
    ["qwen3-30b-a3b", 30.5e9],
    ["qwen3-32b", 32.8e9],
    ["qwen3-14b", 14.8e9],
    ["qwen3-8b", 8.2e9],
    ["qwen3-4b", 4.0e9],
    ["qwen3-1.7b", 1.72e9], // keras-hub preset "1.72B" (the card rounds to 1.7B)
    ["qwen2.5-72b", 72.7e9],
  ])("%s total within one percent of %d", (id, published) => {
    expect(relErr(counts(id).total, published)).toBeLessThan(0.01);
  });

  it("Qwen3 non-embedding counts match the model cards (Qwen counts embedding and head as embedding)", () => {
    expect(relErr(counts("qwen3-0.6b").excludingEmbeddings, 0.44e9)).toBeLessThan(0.01);
    expect(relErr(counts("qwen3-4b").excludingEmbeddings, 3.6e9)).toBeLessThan(0.01);
    expect(relErr(counts("qwen3-8b").excludingEmbeddings, 6.95e9)).toBeLessThan(0.01);
    expect(relErr(counts("qwen3-30b-a3b").excludingEmbeddings, 29.9e9)).toBeLessThan(0.01);
  });

  it("DeepSeek-V3: 671B + 14B MTP = 685B, 36.6B active (37B headline), MTP 11.5B unique", () => {
    const p = counts("deepseek-v3");
    // README_WEIGHTS.md: "Activation parameters: 36.6B (including 0.9B for the output Head)":
    // the input embedding (a lookup) is not counted, the head is.
    expect(relErr(p.activeExcludingEmbedding, 36.6e9)).toBeLessThan(0.01);
    // The paper's "37B activated" is that figure rounded to two digits.
    expect(Math.round(p.activeExcludingEmbedding / B)).toBe(37);
    // "MTP: 11.5B unique parameters (excluding the shared 0.9B Embedding and 0.9B output Head)"
    expect(relErr(p.mtp, 11.5e9)).toBeLessThan(0.01);
    // The checkpoint stores the MTP module with its own embedding and head copies: 685B in all.
    expect(relErr(p.total + p.mtpStored, 685e9)).toBeLessThan(0.01);
    expect(p.totalWithMtp).toBe(p.total + p.mtp);
  });

  it("DeepSeek-V2 21B and V2-Lite 2.4B active (DeepSeek convention: input embedding excluded)", () => {
    expect(relErr(counts("deepseek-v2").activeExcludingEmbedding, 21e9)).toBeLessThan(0.01);
    expect(relErr(counts("deepseek-v2-lite").activeExcludingEmbedding, 2.4e9)).toBeLessThan(0.025);
    // 2.45B rounds to the published two-digit 2.4B? No: 2.45 -> 2.5 by rounding, 2.4 by truncation.
    expect(Math.trunc((counts("deepseek-v2-lite").activeExcludingEmbedding / B) * 10) / 10).toBe(2.4);
  });

  it("Mixtral 12.9B and 39B active, Qwen3 22B active (whole embedding table counted)", () => {
    expect(relErr(counts("mixtral-8x7b").active, 12.9e9)).toBeLessThan(0.01);
    expect(relErr(counts("mixtral-8x22b").active, 39e9)).toBeLessThan(0.01);
    expect(relErr(counts("qwen3-235b-a22b").active, 22e9)).toBeLessThan(0.01);
  });

  it("Qwen3-30B-A3B: 3.3B active is our 3.353B truncated to one decimal (1.6% off, not within 1%)", () => {
    const active = counts("qwen3-30b-a3b").active;
    expect(relErr(active, 3.3e9)).toBeLessThan(0.02);
    expect(Math.trunc((active / B) * 10) / 10).toBe(3.3);
  });

  it("GPT-3 175B: 174.6B without the 2048 x 12288 learned position embeddings (25.2M)", () => {
    const p = counts("gpt3-175b");
    expect(relErr(p.total, 174.6e9)).toBeLessThan(0.001);
    // with positions it would be 174.6B too: the difference is 0.014%
    expect(relErr(p.total + 2048 * 12288, 174.6e9)).toBeLessThan(0.001);
    expect(relErr(p.total, 175e9)).toBeLessThan(0.01);
  });
});

describe("paramCounts: invariants", () => {
  it("positive; active <= total; layer totals add up; mtp shares embedding and head", () => {
    fc.assert(
      fc.property(arbArch, (arch: Arch) => {
        const p = paramCounts(arch);
        expect(p.total).toBeGreaterThan(0);
        expect(p.active).toBeGreaterThan(0);
        expect(p.active).toBeLessThanOrEqual(p.total);
        expect(p.activeExcludingEmbedding).toBeLessThanOrEqual(p.active);
        const layers = p.perLayer.reduce((s, l) => s + l.total, 0);
        expect(p.embedding + layers + p.finalNorm + p.lmHead).toBe(p.total);
        expect(p.perLayer).toHaveLength(arch.layers);
        expect(p.mtp === 0).toBe((arch.mtp ?? 0) === 0);
        expect(p.mtpStored - p.mtp).toBe((arch.mtp ?? 0) * 2 * arch.vocab * arch.hidden);
      }),
    );
  });

  it("more routed experts raise total but not active parameters", () => {
    fc.assert(
      fc.property(arbArch, fc.integer({ min: 1, max: 16 }), (arch, extra) => {
        if (!arch.moe || arch.moe.denseLayers >= arch.layers) return;
        const more = { ...arch, moe: { ...arch.moe, experts: arch.moe.experts + extra } };
        const a = paramCounts(arch);
        const b = paramCounts(more);
        expect(b.total).toBeGreaterThan(a.total);
        // the router grows by h per expert per MoE layer; nothing else that is active does
        const moeLayers = arch.layers - arch.moe.denseLayers;
        expect(b.active - a.active).toBe(moeLayers * arch.hidden * extra);
      }),
    );
  });
});
