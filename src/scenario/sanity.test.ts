import { describe, expect, it } from "vitest";
import { catalogs } from "../catalog/test-fixtures.ts";
import { evaluateScenario } from "../engine/evaluate.ts";
import { type Resolved, resolveScenario } from "./resolve.ts";
import { SANITY_BOUNDS, sanityWarnings } from "./sanity.ts";
import { type ScenarioInput, scenarioSchema } from "./schema.ts";

const resolved = (s: ScenarioInput): Resolved => {
  const r = resolveScenario(scenarioSchema.parse(s), catalogs);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const base: ScenarioInput = {
  model: "llama3.1-8b",
  hardware: "nvidia-h100-sxm",
  devices: 8,
  train: { seqLen: 4096, globalBatch: 64, tokens: 1e12 },
  parallel: { tp: 1, pp: 1, dp: 8 },
};
const paths = (is: { path: (string | number)[] }[]) => is.map((i) => i.path.join("."));

describe("sanity warnings", () => {
  it("a realistic scenario has none", () => {
    expect(sanityWarnings(resolved(base), { trainDays: 30 })).toEqual([]);
  });

  it("a sequence beyond the model's context (llama3.1-8b: 131,072 from its config.json)", () => {
    const w = sanityWarnings(resolved({ ...base, train: { seqLen: 131_073, globalBatch: 64 } }));
    expect(paths(w)).toEqual(["train.seqLen"]);
    expect(w[0].message).toMatch(/exceeds the model's context length 131,072/);
    expect(sanityWarnings(resolved({ ...base, train: { seqLen: 131_072, globalBatch: 64 } }))).toEqual([]);
    const inf = resolved({
      ...base,
      train: undefined,
      infer: { inputTokens: 130_000, outputTokens: 2_000, dp: 8 },
    });
    expect(paths(sanityWarnings(inf))).toEqual(["infer.inputTokens"]);
  });

  it("more devices than exist, absurd token counts, a century of training", () => {
    const w = sanityWarnings(
      resolved({
        ...base,
        devices: 2 * SANITY_BOUNDS.devices,
        parallel: undefined,
        train: { seqLen: 4096, globalBatch: 64, tokens: 1e30 },
      }),
      { trainDays: 1.3e20 },
    );
    expect(paths(w)).toEqual(["devices", "train.tokens", "train.tokens"]);
    expect(w.every((x) => x.code === "implausible" && x.severity === "warning")).toBe(true);
    expect(w[2].message).toMatch(/more than a century/);
  });

  it("reaches the evaluation's warnings: tokens 1e30 is said, not silently 1e20 days", () => {
    const r = evaluateScenario(
      resolved({ ...base, train: { ...base.train!, tokens: 1e30 } } as ScenarioInput),
      catalogs,
    );
    expect(r.train?.metrics.days).toBeGreaterThan(SANITY_BOUNDS.days);
    expect(r.warnings.filter((w) => w.code === "implausible").map((w) => w.message)).toEqual([
      expect.stringMatching(/1\.00e\+30 tokens is more than/),
      expect.stringMatching(/training would take .* days: more than a century/),
    ]);
    expect(r.issues).toEqual([]);
  });
});
