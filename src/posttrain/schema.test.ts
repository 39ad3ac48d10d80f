import { describe, expect, it } from "vitest";
import {
  kvFormatSchema,
  scenarioSchema,
  trainPrecisionSchema,
  weightFormatSchema,
} from "../scenario/schema.ts";
import {
  lengthDistributionSchema,
  loraSchema,
  posttrainSchema,
  rlSchema,
  rolloutSchema,
  updateSchema,
} from "./schema.ts";
import { readExample } from "./test-fixtures.ts";

describe("posttrainSchema", () => {
  it("the examples are full scenarios with a posttrain block", () => {
    for (const f of ["rl-deepseek-v3-r1.yaml", "rl-qwen3-32b-grpo-1node.yaml", "sft-qwen3-8b-lora.yaml"]) {
      const r = scenarioSchema.safeParse(readExample(f));
      expect(r.success, `${f}: ${r.success ? "" : r.error.message}`).toBe(true);
    }
  });

  it("fills defaults: synchronous, reference and old-policy passes, rule-based reward", () => {
    const s = rlSchema.parse({
      kind: "rl",
      promptsPerStep: 4,
      samplesPerPrompt: 8,
      promptTokens: 100,
      responseTokens: { mean: 500, max: 2000 },
      placement: "colocated",
    });
    expect(s).toMatchObject({
      offPolicySteps: 0,
      reference: true,
      oldPolicyLogProbs: true,
      rewardModel: null,
      rollout: { tp: 1, ep: 1, pp: 1, weights: "bf16", kvCache: "bf16" },
      update: { precision: "bf16", packing: true, miniBatches: 1, epochs: 1 },
    });
    expect(loraSchema.parse({ kind: "lora", seqLen: 2048, globalBatch: 8, rank: 8 })).toMatchObject({
      targets: "attention",
      baseWeights: "bf16",
      experts: false,
      packing: true,
    });
  });

  it("unknown keys are errors, in the block and in the scenario", () => {
    const bad = { kind: "sft", seqLen: 2048, globalBatch: 8, tokenz: 1e9 };
    expect(posttrainSchema.safeParse(bad).success).toBe(false);
    const scenario = readExample("rl-qwen3-32b-grpo-1node.yaml") as Record<string, unknown>;
    expect(scenarioSchema.safeParse({ ...scenario, postrain: {} }).success).toBe(false);
    expect(posttrainSchema.safeParse({ kind: "dpo" }).success).toBe(false);
  });

  it("length distributions: a number, {mean, max} with mean ≤ max, quantiles up to q = 1", () => {
    expect(lengthDistributionSchema.safeParse(1024).success).toBe(true);
    expect(lengthDistributionSchema.safeParse({ mean: 900, max: 800 }).success).toBe(false);
    const q = (quantiles: { q: number; tokens: number }[]) =>
      lengthDistributionSchema.safeParse({ quantiles }).success;
    expect(
      q([
        { q: 0.5, tokens: 300 },
        { q: 0.99, tokens: 3000 },
        { q: 1, tokens: 4096 },
      ]),
    ).toBe(true);
    expect(
      q([
        { q: 0.5, tokens: 300 },
        { q: 0.99, tokens: 3000 },
      ]),
    ).toBe(false);
    expect(
      q([
        { q: 0.5, tokens: 3000 },
        { q: 1, tokens: 300 },
      ]),
    ).toBe(false);
  });

  it("repeats the scenario's number formats exactly (kept local to avoid an import cycle)", () => {
    expect(updateSchema.shape.precision.unwrap().options).toEqual(trainPrecisionSchema.options);
    expect(rolloutSchema.shape.weights.unwrap().options).toEqual(weightFormatSchema.options);
    expect(rolloutSchema.shape.kvCache.unwrap().options).toEqual(kvFormatSchema.options);
  });
});
