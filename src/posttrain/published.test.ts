// The RL step against NeMo-RL v0.4's published GRPO step times (published-cases.ts has the
// source and how each input was read); docs/posttrain.md tabulates the result.
import { describe, expect, it } from "vitest";
import { evaluatePostTraining } from "./evaluate.ts";
import { NEMO_RL_V04, type PublishedRlCase } from "./published-cases.ts";
import { input } from "./test-fixtures.ts";

function predict(row: PublishedRlCase) {
  const r = evaluatePostTraining(
    input(row.model, "nvidia-h100-sxm", row.devices, row.parallel, row.posttrain),
  );
  if (!r.ok || r.report.kind !== "rl")
    throw new Error(`${row.id}: ${r.ok ? "not rl" : r.issues.map((i) => i.message).join("; ")}`);
  const predicted = r.report.rl.metrics.stepSeconds;
  return {
    predicted,
    errorPct: (100 * (predicted - row.measuredStepSeconds)) / row.measuredStepSeconds,
    report: r.report.rl,
  };
}

describe("NeMo-RL v0.4 GRPO step times on DGX-H100", () => {
  const results = NEMO_RL_V04.map((row) => ({ row, ...predict(row) }));

  it("every row evaluates and fits", () => {
    for (const x of results) expect(x.report.fits, x.row.id).toBe(true);
  });

  // Recorded 2026-12-02: −14% to −35.1% on the dense rows (the 32B off-policy row moved from −34%
  // to −35.1% when generation took the serving engines' own step costs); the bound guards that.
  it("dense models within 40% (the model leaves out framework overheads: it errs low)", () => {
    for (const x of results.filter(
      (r) => !r.row.model.includes("a3b") && !r.row.model.includes("deepseek"),
    )) {
      expect(Math.abs(x.errorPct), x.row.id).toBeLessThan(40);
      expect(x.errorPct, x.row.id).toBeLessThan(0);
    }
  });

  it("MoE models within 65% (known: the MoE step overheads of the training model, README)", () => {
    for (const x of results) expect(Math.abs(x.errorPct), x.row.id).toBeLessThan(65);
  });

  it("the off-policy rows are faster than their on-policy rows, as measured", () => {
    const by = (id: string) => results.find((r) => r.row.id.startsWith(id))!.predicted;
    expect(by("llama3.1-8b 1-step")).toBeLessThan(by("llama3.1-8b on-policy"));
    expect(by("qwen3-32b 1-step")).toBeLessThan(by("qwen3-32b on-policy"));
  });
});
