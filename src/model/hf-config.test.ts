import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Arch } from "./arch.ts";
import { loadModelCatalog } from "./catalog.ts";
import { archFromHfConfig, HfConfigError } from "./hf-config.ts";
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

  // Fixtures written by hand from the public config.json of each model on Hugging Face
  // (mistralai/Mistral-7B-v0.1, microsoft/Phi-3-mini-4k-instruct, Qwen/Qwen1.5-MoE-A2.7B); the totals
  // are the model cards' and the safetensors metadata's: Mistral 7,241,732,096 (7.24B), Phi-3-mini
  // 3.82B, Qwen1.5-MoE-A2.7B 14.3B (it also has a per-layer shared-expert gate of hidden weights,
  // not modelled: 24 x 2,048 = 49k, far below the rounding).
  it.each([
    ["mistral-7b", 7.24e9, 0.001, 32768],
    ["phi3-mini-4k", 3.82e9, 0.002, 4096],
    ["qwen1.5-moe-a2.7b", 14.3e9, 0.004, 8192],
  ])("%s: the total matches the published parameter count", (name, published, tol, context) => {
    const arch = archFromHfConfig(fixture(name));
    expect(Math.abs(paramCounts(arch).total / published - 1)).toBeLessThan(tol);
    expect(arch.maxContext).toBe(context);
  });

  it("mistral: exactly the parameters of its safetensors (7,241,732,096), hand-summed from the shapes", () => {
    // embedding and head 2·32000·4096; per layer q,o 4096², k,v 4096·1024, MLP 3·4096·14336, 2 norms
    const perLayer = 2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096;
    expect(paramCounts(archFromHfConfig(fixture("mistral-7b"))).total).toBe(
      2 * 32000 * 4096 + 32 * perLayer + 4096,
    );
    expect(2 * 32000 * 4096 + 32 * perLayer + 4096).toBe(7_241_732_096);
  });

  it("qwen2_moe: one shared expert of 4 expert sizes, q/k/v biases; a non-multiple shared size is refused", () => {
    const arch = archFromHfConfig(fixture("qwen1.5-moe-a2.7b"));
    expect(arch.moe).toEqual({ experts: 60, sharedExperts: 4, topK: 4, expertFfn: 1408, denseLayers: 0 });
    expect(arch.attentionBias).toBe(true);
    expect(() =>
      archFromHfConfig({ ...fixture("qwen1.5-moe-a2.7b"), shared_expert_intermediate_size: 1000 }, "q.json"),
    ).toThrow(
      /^q\.json: shared_expert_intermediate_size: 1000 is not a multiple of moe_intermediate_size 1408/,
    );
  });

  it("the error carries the field for the API's issue path", () => {
    try {
      archFromHfConfig({ model_type: "gpt_neox" }, "x/config.json");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HfConfigError);
      expect((e as HfConfigError).key).toBe("model_type");
      expect((e as HfConfigError).file).toBe("x/config.json");
    }
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
      /^m\/config\.json: model_type: "gpt2" is not supported; supported: llama, mistral, /,
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
