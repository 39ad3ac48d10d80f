import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbArch } from "./arch.arbitrary.ts";
import { archSchema } from "./arch.ts";
import { loadModelCatalog } from "./catalog.ts";
import { findModel } from "./model-entry.ts";
import { modelFlopsPerToken } from "./model-flops.ts";
import { paramCounts } from "./param-counts.ts";

const sum = (xs: { total: number }[]) => xs.reduce((s, x) => s + x.total, 0);

/** A GPT as in Narayanan et al. 2021: gelu, ffn 4h, MHA, a·hd = h. */
const gpt = (l: number, heads: number, hd: number, V: number) =>
  archSchema.parse({
    layers: l,
    hidden: heads * hd,
    heads,
    kvHeads: heads,
    ffn: 4 * heads * hd,
    mlp: "gelu",
    vocab: V,
  });

describe("modelFlopsPerToken", () => {
  it("hand-worked tiny dense model", () => {
    // h 8, 2 heads (hd 4), 1 kv head, ffn 16 swiglu, vocab 10, 2 layers, s = 6
    // matmul weights per layer: attention 192 + mlp 384 = 576 -> 1152 FLOPs
    // attention core: 2 * 6 * 2 heads * (4 + 4) = 192 (full square); causal: 96
    // total 2 * (1152 + 192) + head 2 * 10 * 8 = 2848; causal 2 * (1152 + 96) + 160 = 2656
    const arch = archSchema.parse({
      layers: 2,
      hidden: 8,
      heads: 2,
      kvHeads: 1,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
    });
    const f = modelFlopsPerToken(arch, 6);
    expect(f.perLayer[0]).toEqual({ kind: "dense", matmul: 1152, attention: 192, total: 1344 });
    expect(f.lmHead).toBe(160);
    expect(f.total).toBe(2848);
    expect(modelFlopsPerToken(arch, 6, { causal: true }).total).toBe(2656);
  });

  it("hand-worked MLA + MoE + MTP", () => {
    // the tiny model of param-counts.test.ts; s = 6
    // moe layer active matmul: attention 144 + router 32 + 2 experts 96 + shared 48 = 320 -> 640
    // attention core: 2 * 6 * 2 heads * ((2+1) + 2) = 120
    // mtp: block 640 + eh_proj 2 * 128 + head 2 * 80 = 1056 matmul, + 120 attention = 1176
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
    const f = modelFlopsPerToken(arch, 6, { mtp: true });
    expect(f.perLayer[1]).toEqual({ kind: "moe", matmul: 640, attention: 120, total: 760 });
    expect(f.perLayer[0].matmul).toBe(2 * (144 + 288));
    expect(f.mtp).toEqual([{ kind: "mtp", matmul: 1056, attention: 120, total: 1176 }]);
    expect(modelFlopsPerToken(arch, 6).mtp).toEqual([]);
  });

  it("reproduces Narayanan et al. 2021 Eq. 3: 3 x forward x B·s = 72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h))", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 128 }), // l
        fc.integer({ min: 1, max: 128 }), // heads
        fc.integer({ min: 1, max: 256 }), // head dim
        fc.integer({ min: 1, max: 200_000 }), // V
        fc.integer({ min: 1, max: 65_536 }), // s
        fc.integer({ min: 1, max: 64 }), // B
        (l, heads, hd, V, s, B) => {
          const h = heads * hd;
          const ours = 3 * modelFlopsPerToken(gpt(l, heads, hd, V), s).total * B * s;
          const paper = 72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
          expect(Math.abs(ours / paper - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it("GPT-3 175B, 300B tokens: the paper's 3.14e23 is 6·N·D; attention adds 12·l·s·h per token", () => {
    const arch = findModel(loadModelCatalog(), "gpt3-175b").arch;
    const f = modelFlopsPerToken(arch, 2048);
    const matmul = f.perLayer.reduce((s, l) => s + l.matmul, 0) + f.lmHead;
    // Brown et al. 2020 Table D.1: 3.14e23 training FLOPs (6 x 174.6B x 300B tokens, no attention)
    expect((3 * matmul * 300e9) / 1e23).toBeCloseTo(3.14, 2);
    const attention = 3 * f.perLayer.reduce((s, l) => s + l.attention, 0);
    expect(attention).toBe(12 * 96 * 2048 * 12288);
    expect(3 * f.total).toBe(3 * matmul + attention);
  });

  it("per-layer FLOPs add up to the total (with and without MTP, causal or not)", () => {
    fc.assert(
      fc.property(
        arbArch,
        fc.integer({ min: 1, max: 8192 }),
        fc.boolean(),
        fc.boolean(),
        (arch, s, causal, mtp) => {
          const f = modelFlopsPerToken(arch, s, { causal, mtp });
          expect(sum(f.perLayer) + f.lmHead + sum(f.mtp)).toBe(f.total);
          expect(f.perLayer).toHaveLength(arch.layers);
          for (const l of f.perLayer) expect(l.matmul + l.attention).toBe(l.total);
          expect(f.mtp).toHaveLength(mtp ? (arch.mtp ?? 0) : 0);
        },
      ),
    );
  });

  it("matmul FLOPs are 2 x active parameters, less the embedding lookup and the norms and biases", () => {
    fc.assert(
      fc.property(arbArch, (arch) => {
        const f = modelFlopsPerToken(arch, 1);
        const p = paramCounts(arch);
        const matmul = f.perLayer.reduce((s, l) => s + l.matmul, 0) + f.lmHead;
        const activeMatmul = p.perLayer.reduce((s, l) => s + l.activeMatmul, 0) + arch.vocab * arch.hidden;
        expect(matmul).toBe(2 * activeMatmul);
        expect(activeMatmul).toBeLessThanOrEqual(p.active);
      }),
    );
  });

  it("causal attention is half the square; longer sequences never cost less", () => {
    fc.assert(
      fc.property(
        arbArch,
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 0, max: 8192 }),
        (arch, s, ds) => {
          const full = modelFlopsPerToken(arch, s);
          const causal = modelFlopsPerToken(arch, s, { causal: true });
          expect(causal.perLayer[0].attention * 2).toBe(full.perLayer[0].attention);
          expect(modelFlopsPerToken(arch, s + ds).total).toBeGreaterThanOrEqual(full.total);
        },
      ),
    );
  });
});
