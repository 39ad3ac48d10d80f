import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbArch } from "./arch.arbitrary.ts";
import { archSchema } from "./arch.ts";
import { loadModelCatalog } from "./catalog.ts";
import { kvCacheBytes, kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayer } from "./kv-cache-bytes.ts";
import { findModel } from "./model-entry.ts";

const models = loadModelCatalog();
const arch = (id: string) => findModel(models, id).arch;

describe("kvCacheBytesPerToken", () => {
  it("hand-worked GQA: 2 x kvHeads x headDim x bytes per layer", () => {
    // 3 layers, 2 kv heads of dim 4, bf16: 2 * 2 * 4 * 2 = 32 bytes per layer, 96 per token
    const a = archSchema.parse({
      layers: 3,
      hidden: 16,
      heads: 4,
      kvHeads: 2,
      ffn: 8,
      mlp: "swiglu",
      vocab: 10,
    });
    expect(kvCacheBytesPerTokenPerLayer(a, 2)).toBe(32);
    expect(kvCacheBytesPerToken(a, 2)).toBe(96);
  });

  it("DeepSeek-V3 MLA: (512 + 64) x 2 bytes x 61 layers = 70,272 bytes/token in bf16", () => {
    expect(kvCacheBytesPerTokenPerLayer(arch("deepseek-v3"), 2)).toBe(1152);
    expect(kvCacheBytesPerToken(arch("deepseek-v3"), 2)).toBe(70_272);
    // with the MTP module's own cache (speculative decoding): 62 layers
    expect(kvCacheBytesPerToken(arch("deepseek-v3"), 2, { mtp: true })).toBe(62 * 1152);
    // fp8 cache halves it
    expect(kvCacheBytesPerToken(arch("deepseek-v3"), 1)).toBe(35_136);
  });

  it("Llama 3.1: 128 KiB/token (8B), 320 KiB/token (70B) in bf16", () => {
    expect(kvCacheBytesPerToken(arch("llama3.1-8b"), 2)).toBe(2 * 8 * 128 * 2 * 32);
    expect(kvCacheBytesPerToken(arch("llama3.1-8b"), 2)).toBe(128 * 1024);
    expect(kvCacheBytesPerToken(arch("llama3.1-70b"), 2)).toBe(320 * 1024);
    // Qwen3-235B-A22B: 4 kv heads x 128 x 2 x 2 bytes x 94 layers
    expect(kvCacheBytesPerToken(arch("qwen3-235b-a22b"), 2)).toBe(4 * 128 * 2 * 2 * 94);
  });

  it("scales linearly with tokens and bytes per element", () => {
    fc.assert(
      fc.property(
        arbArch,
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(0.5, 1, 2, 4),
        (a, x, y, bytes) => {
          expect(kvCacheBytes(a, x + y, bytes)).toBe(kvCacheBytes(a, x, bytes) + kvCacheBytes(a, y, bytes));
          expect(kvCacheBytes(a, x, 2 * bytes)).toBe(2 * kvCacheBytes(a, x, bytes));
          expect(kvCacheBytesPerToken(a, bytes)).toBe(a.layers * kvCacheBytesPerTokenPerLayer(a, bytes));
        },
      ),
    );
  });
});
