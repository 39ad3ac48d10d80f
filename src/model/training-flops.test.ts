import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbArch } from "./arch.arbitrary.ts";
import { archSchema } from "./arch.ts";
import { modelFlopsPerToken } from "./model-flops.ts";
import { trainingFlopsPerToken } from "./training-flops.ts";

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

describe("trainingFlopsPerToken", () => {
  it("hand-worked: model = 3 x forward; full recompute re-runs the layers, not the head", () => {
    // the tiny dense model of model-flops.test.ts: layers 2 x 1344, head 160, forward 2848
    const arch = archSchema.parse({
      layers: 2,
      hidden: 8,
      heads: 2,
      kvHeads: 1,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
    });
    const none = trainingFlopsPerToken(arch, 6);
    expect(none.model).toBe(3 * 2848);
    expect(none.hardware).toBe(3 * 2848);
    expect(trainingFlopsPerToken(arch, 6, { recompute: "full" }).recompute).toBe(2 * 1344);
    // selective: the attention core only, 2 x 192
    expect(trainingFlopsPerToken(arch, 6, { recompute: "selective" }).recompute).toBe(2 * 192);
  });

  it("reproduces Narayanan et al. 2021 Eq. 3 with full recompute: 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h))", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 65_536 }),
        (l, heads, hd, V, s) => {
          const h = heads * hd;
          const t = trainingFlopsPerToken(gpt(l, heads, hd, V), s, { recompute: "full" });
          const paper = 96 * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
          expect(Math.abs((t.hardware * s) / paper - 1)).toBeLessThan(1e-12);
          // the MFU numerator stays the no-recompute 72·B·s·l·h²(...) count
          const model = 72 * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
          expect(Math.abs((t.model * s) / model - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it("MTP is counted in training by default when the model has MTP modules", () => {
    fc.assert(
      fc.property(arbArch, fc.integer({ min: 1, max: 4096 }), (arch, s) => {
        const t = trainingFlopsPerToken(arch, s);
        const mtp = (arch.mtp ?? 0) > 0;
        expect(t.forward.total).toBe(modelFlopsPerToken(arch, s, { mtp }).total);
        expect(trainingFlopsPerToken(arch, s, { mtp: false }).model).toBeLessThanOrEqual(t.model);
      }),
    );
  });

  it("none <= selective <= full; backward = 2 x forward", () => {
    fc.assert(
      fc.property(arbArch, fc.integer({ min: 1, max: 4096 }), fc.boolean(), (arch, s, causal) => {
        const [none, sel, full] = (["none", "selective", "full"] as const).map((recompute) =>
          trainingFlopsPerToken(arch, s, { causal, recompute }),
        );
        expect(none.backward).toBe(2 * none.forward.total);
        expect(none.recompute).toBe(0);
        expect(sel.hardware).toBeGreaterThan(none.hardware);
        expect(full.hardware).toBeGreaterThan(sel.hardware);
        expect(full.model).toBe(none.model);
      }),
    );
  });
});
