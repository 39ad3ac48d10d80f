import { describe, expect, it } from "vitest";
import { modelFlopsPerToken } from "../model/model-flops.ts";
import { paramCounts } from "../model/param-counts.ts";
import { loraParams, resolveTargets } from "./lora.ts";
import { loraFlopsPerToken } from "./lora-flops.ts";
import { model } from "./test-fixtures.ts";

describe("loraParams", () => {
  it("GPT-3 175B, Wq and Wv at r = 1: 96 × 2 × (12288 + 12288) = 4,718,592 (Hu et al. 2021 Table 4: 4.7M)", () => {
    expect(loraParams(model("gpt3-175b"), 1, ["q", "v"], false).total).toBe(4_718_592);
  });

  it("Llama 3.1 8B, r = 16: q,k,v,o 13,631,488 and all linear layers 41,943,040 (as PEFT prints)", () => {
    const arch = model("llama3.1-8b");
    // per layer: q, o 16·(4096 + 4096) = 131,072 each; k, v 16·(4096 + 1024) = 81,920 each
    expect(loraParams(arch, 16, resolveTargets("attention"), false).total).toBe(
      32 * (2 * 131_072 + 2 * 81_920),
    );
    expect(loraParams(arch, 16, resolveTargets("attention"), false).total).toBe(13_631_488);
    // + gate, up, down: 16·(4096 + 14336) = 294,912 each
    expect(loraParams(arch, 16, resolveTargets("all"), false).total).toBe(41_943_040);
  });

  it("MoE: shared experts by default, every routed expert when asked, topK of them per token", () => {
    const v3 = model("deepseek-v3");
    const m = v3.moe!;
    const shared = loraParams(v3, 8, ["up"], false);
    const all = loraParams(v3, 8, ["up"], true);
    const moeLayers = v3.layers - m.denseLayers;
    const one = 8 * (v3.hidden + m.expertFfn);
    const dense = m.denseLayers * 8 * (v3.hidden + v3.ffn);
    expect(shared.total).toBe(dense + moeLayers * m.sharedExperts * one);
    expect(all.total - shared.total).toBe(moeLayers * m.experts * one);
    expect(all.active - shared.active).toBe(moeLayers * m.topK * one);
  });

  it("MLA: q adapts wq_a and wq_b, k or v adapts the joint wkv_a and wkv_b once", () => {
    const v3 = model("deepseek-v3");
    const kv = loraParams(v3, 4, ["k"], false).perLayer.dense.matrices.map((x) => x.name);
    expect(kv).toEqual(["wkv_a", "wkv_b"]);
    expect(loraParams(v3, 4, ["k", "v"], false).total).toBe(loraParams(v3, 4, ["v"], false).total);
    expect(loraParams(v3, 4, ["q"], false).perLayer.moe.matrices.map((x) => x.name)).toEqual([
      "wq_a",
      "wq_b",
    ]);
  });

  it("gelu MLPs have no gate to adapt", () => {
    expect(loraParams(model("gpt3-175b"), 4, ["gate"], false).total).toBe(0);
  });
});

describe("loraFlopsPerToken", () => {
  it("4P + 6Pa + 3A against full fine-tuning's 6P + 3A", () => {
    const arch = model("llama3.1-8b");
    const seq = 4096;
    const f = modelFlopsPerToken(arch, seq);
    const A = f.perLayer.reduce((s, l) => s + l.attention, 0);
    const P = (f.total - A) / 2;
    const Pa = 13_631_488;
    const lf = loraFlopsPerToken(arch, seq, Pa);
    expect(lf.total).toBeCloseTo(4 * P + 6 * Pa + 3 * A, -3);
    expect(lf.fullTotal).toBeCloseTo(6 * P + 3 * A, -3);
    // Llama 3.1 8B at 4k: P = 7.5e9 matmul weights, A ≈ 1.1e9/token: about 0.7 of full
    expect(lf.ratio).toBeGreaterThan(0.68);
    expect(lf.ratio).toBeLessThan(0.74);
    // no adapter, no attention: exactly 2/3
    const noAttn = loraFlopsPerToken(arch, 1, 0);
    expect(noAttn.ratio).toBeCloseTo(2 / 3, 3);
  });

  it("trainable fraction of a rank-16 attention LoRA on Llama 3.1 8B is 0.17%", () => {
    const arch = model("llama3.1-8b");
    expect(13_631_488 / paramCounts(arch).total).toBeCloseTo(0.0017, 4);
  });
});
