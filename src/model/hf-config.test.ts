import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Arch } from "./arch.ts";
import { loadModelCatalog } from "./catalog.ts";
import { archFromHfConfig } from "./hf-config.ts";
import { findModel } from "./model-entry.ts";
import { paramCounts } from "./param-counts.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.config.json`, import.meta.url), "utf8"));
const models = loadModelCatalog();

/** The catalog's arch without the fields a config.json does not carry. */
function catalogArch(id: string): Arch {
  const { name: _name, ...arch } = findModel(models, id).arch;
  if (arch.moe?.routedNodes !== undefined) {
    const { routedNodes: _r, ...moe } = arch.moe;
    return { ...arch, moe };
  }
  return arch;
}

describe("archFromHfConfig", () => {
  it.each([
    "deepseek-v3",
    "deepseek-v2-lite",
    "qwen3-30b-a3b",
    "qwen3-0.6b",
    "llama3.1-8b",
    "mixtral-8x7b",
    "qwen2.5-72b",
  ])("the published %s config.json gives the catalog's architecture", (id) => {
    const arch = archFromHfConfig(fixture(id), `${id}/config.json`);
    expect(arch).toEqual(catalogArch(id));
    expect(paramCounts(arch).total).toBe(paramCounts(findModel(models, id).arch).total);
  });

  it("reads mlp_only_layers as leading dense layers; Qwen3 head_dim defaults to 128", () => {
    const c = fixture("qwen3-30b-a3b");
    const { head_dim: _h, ...noHeadDim } = c;
    expect(archFromHfConfig({ ...noHeadDim, mlp_only_layers: [0, 1] }).moe?.denseLayers).toBe(2);
    expect(archFromHfConfig(noHeadDim).headDim).toBe(128);
  });

  it("a DeepSeek config without routed experts is dense; absent MTP stays absent", () => {
    const { n_routed_experts: _n, num_nextn_predict_layers: _m, ...dense } = fixture("deepseek-v3");
    const arch = archFromHfConfig(dense);
    expect(arch.moe).toBeUndefined();
    expect(arch.mtp).toBeUndefined();
    expect(arch.attention?.kind).toBe("mla");
  });

  it("errors name the file and the field", () => {
    expect(() => archFromHfConfig({ model_type: "gpt2" }, "m/config.json")).toThrow(
      /^m\/config\.json: model_type: unsupported "gpt2" \(supported: llama, /,
    );
    expect(() => archFromHfConfig({}, "c.json")).toThrow(/^c\.json: model_type: missing key/);
    const { hidden_size: _h, ...noHidden } = fixture("llama3.1-8b");
    expect(() => archFromHfConfig(noHidden, "c.json")).toThrow(
      /^c\.json: hidden_size: missing key \(model_type llama\)/,
    );
    expect(() => archFromHfConfig({ ...fixture("llama3.1-8b"), vocab_size: "big" })).toThrow(
      /vocab_size: expected an integer >= 1, got "big"/,
    );
    expect(() => archFromHfConfig({ ...fixture("qwen3-30b-a3b"), decoder_sparse_step: 2 })).toThrow(
      /decoder_sparse_step: only 1/,
    );
    expect(() => archFromHfConfig({ ...fixture("qwen3-30b-a3b"), mlp_only_layers: [3] })).toThrow(
      /mlp_only_layers: only leading dense layers/,
    );
    expect(() => archFromHfConfig({ ...fixture("deepseek-v3"), moe_layer_freq: 2 })).toThrow(
      /moe_layer_freq/,
    );
    expect(() => archFromHfConfig([1, 2])).toThrow(/expected a JSON object/);
  });
});
