import { describe, expect, it } from "vitest";
import { loadModelCatalog } from "../model/catalog.ts";
import { findModel } from "../model/model-entry.ts";
import { formatCount, formatModel, formatModelList, modelListJson } from "./format-models.ts";

const models = loadModelCatalog();

describe("format-models", () => {
  it("formatCount uses decimal units", () => {
    expect(formatCount(671_026_404_352)).toBe("671.0B");
    expect(formatCount(596_049_920)).toBe("596.0M");
    expect(formatCount(1.2e12)).toBe("1.2T");
    expect(formatCount(12)).toBe("12");
  });

  it("formatModelList: a header and one aligned row per model", () => {
    const text = formatModelList(models);
    const lines = text.split("\n");
    expect(lines).toHaveLength(models.length + 1);
    expect(lines[0]).toMatch(/^id\s+name\s+total\s+active\s+layers\s+hidden\s+attention\s+experts$/);
    const v3 = lines.find((l) => l.startsWith("deepseek-v3 "));
    expect(v3).toMatch(/671\.0B\s+37\.6B\s+61\s+7168\s+mla\s+8\/256\+1$/);
    expect(lines.find((l) => l.startsWith("llama3.1-8b "))).toMatch(/8\.0B\s+8\.0B\s+32\s+4096\s+gqa\s+-$/);
    // columns line up: "name" starts at the same offset on every line
    const col = lines[0].indexOf("name");
    for (const l of lines.slice(1)) expect(l[col - 1]).toBe(" ");
  });

  it("formatModel: architecture, parameters, KV bytes/token in bf16, FLOPs/token at 4096", () => {
    const text = formatModel(findModel(models, "deepseek-v3"));
    expect(text).toContain("mla: 128 heads, q lora 1536, kv lora 512, qk 128+64 (nope+rope), v 128");
    expect(text).toContain("256 routed experts (top 8), 1 shared, expert ffn 2048, first 3 layers dense");
    expect(text).toMatch(/total params\s+671\.0B/);
    expect(text).toMatch(/mtp modules\s+1 \(11\.6B parameters, not in total\)/);
    expect(text).toMatch(/kv cache \(bf16\)\s+70272 bytes\/token/);
    expect(text).toMatch(/forward flops\s+93\.7 GFLOP\/token at 4096 tokens/);
    const qwen = formatModel(findModel(models, "qwen3-0.6b"));
    expect(qwen).toContain("gqa: 16 heads, 8 kv heads, head dim 128");
    expect(qwen).toContain("151936 (tied embeddings)");
  });

  it("modelListJson: plain data per model", () => {
    const list = modelListJson(models);
    expect(list).toHaveLength(models.length);
    const mixtral = list.find((m) => m.id === "mixtral-8x7b");
    expect(mixtral).toMatchObject({
      name: "Mixtral-8x7B-v0.1",
      totalParams: 46_702_792_704,
      attention: "gqa",
      moe: { experts: 8, sharedExperts: 0, topK: 2 },
      kvCacheBytesPerTokenBf16: 131072,
    });
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});
