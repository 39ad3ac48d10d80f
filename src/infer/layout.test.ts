import { describe, expect, it } from "vitest";
import { resolveInferLayout, splitStages } from "./layout.ts";
import { model } from "./test-fixtures.ts";

describe("resolveInferLayout", () => {
  it("DP attention: ep > tp makes ep/tp attention groups, experts spread over ep", () => {
    const r = resolveInferLayout(model("deepseek-v3"), { tp: 1, ep: 8, dp: 2, pp: 1 }, 16);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.attentionGroups).toBe(8);
    expect(r.value.localExperts).toBe(32);
    expect(r.value.devicesPerInstance).toBe(8);
  });

  it("names the layout mismatch", () => {
    const r = resolveInferLayout(model("llama3.1-70b"), { tp: 4, ep: 1, dp: 1, pp: 1 }, 8);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe("layout_mismatch");
  });

  it("rejects ep on a dense model and tp that does not split the heads", () => {
    const a = resolveInferLayout(model("llama3.1-8b"), { tp: 1, ep: 2, dp: 1, pp: 1 });
    const b = resolveInferLayout(model("llama3.1-8b"), { tp: 3, ep: 1, dp: 1, pp: 1 });
    expect(a.ok || b.ok).toBe(false);
  });

  it("places experts unevenly with a warning (CloudMatrix: 256 experts on 160 packages)", () => {
    const r = resolveInferLayout(model("deepseek-v3"), { tp: 1, ep: 160, dp: 1, pp: 1 }, 160);
    expect(r.ok && r.value.maxLocalExperts).toBe(2);
    expect(r.ok && r.warnings[0].code).toBe("not_divisible");
  });

  it("balances stages with the remainder first", () => {
    expect(splitStages(Array(61).fill("moe"), 4).map((s) => s.length)).toEqual([16, 15, 15, 15]);
  });
});
