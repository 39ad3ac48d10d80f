import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { emit } from "../export/emit.ts";
import { trainEmitPlan } from "../export/plans.ts";
import { evaluateLifecycle } from "../lifecycle/evaluate.ts";
import { lifecycleSchema } from "../lifecycle/schema.ts";
import { portingAdvice } from "../porting/advise.ts";
import type { Scenario } from "../scenario/schema.ts";
import { compareDevices } from "../search/compare.ts";
import { planTraining } from "../search/plan-training.ts";
import {
  formatCompare,
  formatEmitted,
  formatFindings,
  formatLifecycle,
  formatPlanResult,
  formatProgress,
  table,
} from "./format-plan.ts";

const cat = loadCatalogs();
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;
const device = (id: string) => cat.devices.find((d) => d.id === id)!;
const train = { seqLen: 4096, globalBatch: 256, precision: "fp8" as const, tokens: 1e11 };
const plan = planTraining({
  arch: arch("llama3.1-8b"),
  device: device("nvidia-h100-sxm"),
  calibration: cat.calibration,
  devices: 64,
  deviceCounts: [128],
  train,
  top: 3,
});

describe("formatPlanResult", () => {
  const text = formatPlanResult(plan);

  it("shows the top plans, the front and every rejection reason with its count", () => {
    expect(text).toMatch(/^Training plans by time, 1\.00e\+11 tokens/);
    expect(text).toMatch(/tp 1 pp \d+ dp \d+ cp \d+ ep \d+/);
    expect(text).toContain("Time vs cost (Pareto front):");
    for (const [code, n] of Object.entries(plan.counts.byCode))
      expect(text).toContain(`${n.toLocaleString("en-US")} rejected: ${code}`);
    expect(text).toContain(`${plan.counts.space.toLocaleString("en-US")} candidates`);
  });

  it("explains an empty result", () => {
    const none = planTraining({
      arch: arch("llama3.1-405b"),
      device: device("nvidia-h100-sxm"),
      calibration: cat.calibration,
      devices: 8,
      train: { seqLen: 8192, globalBatch: 8, precision: "bf16" },
    });
    expect(formatPlanResult(none)).toMatch(/no plan fits:\n {2}hbm_overflow: /);
  });

  it("has a one-line progress view", () => {
    const line = formatProgress({ decided: 1000, space: 4000, evaluated: 50, fits: 3, best: plan.plans[0] });
    expect(line).toMatch(/^searching: 1,000 of 4,000 candidates \(25%\), 50 evaluated; best [\d.]+ days, tp/);
    expect(line).not.toContain("\n");
  });
});

describe("formatCompare", () => {
  it("puts devices side by side, marks grown device counts and intervals", () => {
    const r = compareDevices(
      { model: "qwen3-30b-a3b", hardware: "nvidia-h100-sxm", devices: 64, train } as Scenario,
      cat,
      ["nvidia-h100-sxm", "huawei-ascend-910b2"],
      "time",
    );
    const text = formatCompare(r);
    const lines = text.split("\n");
    expect(lines[2]).toMatch(/^device\s+devices\s+prec\s+days/);
    expect(text).toMatch(/huawei-ascend-910b2\s+64\s+bf16\s+[\d.]+ \([\d.]+-[\d.]+\)/);
    expect(text).toContain("no fp8 matmul: planned in bf16");
  });
});

describe("formatFindings", () => {
  it("lists each finding with its number, unit and suggestion", () => {
    const text = formatFindings(
      portingAdvice({ arch: arch("deepseek-v3"), device: device("huawei-ascend-910b2") }),
    );
    expect(text).toMatch(/info {4}fp8_unavailable: .* \[\d+ GiB of bf16 weights\]\n {8}-> convert FP8/);
    expect(formatFindings([])).toBe("Porting findings: none");
  });
});

describe("formatEmitted and table", () => {
  it("prints engine settings with notes as comments", () => {
    const e = emit(trainEmitPlan(plan.plans[0], arch("qwen3-30b-a3b"), train), "megatron");
    const text = formatEmitted(e);
    expect(text.startsWith("# megatron\n")).toBe(true);
    expect(text).toContain("--tensor-model-parallel-size");
  });

  it("aligns columns", () => {
    expect(
      table(
        ["a", "bb"],
        [
          ["x", "1"],
          ["yyy", "22"],
        ],
      ),
    ).toBe("a    bb\n---  --\nx     1\nyyy  22");
    expect(table(["a", "b"], [["1", "x"]], [1])).toBe("a  b\n-  -\n1  x");
  });
});

describe("formatLifecycle", () => {
  it("marks the chosen device per phase and totals them", () => {
    const lc = lifecycleSchema.parse({
      phases: [
        { kind: "pretrain", tokens: 1e10, hardware: ["nvidia-h100-sxm", "huawei-ascend-910b2"] },
        {
          kind: "serve",
          hardware: "nvidia-h20",
          requestsPerSecond: 2,
          months: 6,
          inputTokens: 1024,
          outputTokens: 256,
        },
      ],
    });
    const text = formatLifecycle(
      evaluateLifecycle(
        lc,
        { model: "qwen3-30b-a3b", hardware: "nvidia-h100-sxm", devices: 64, train } as Scenario,
        cat,
      ),
    );
    expect(text).toMatch(/pretrain 1 \(pretrain\):/);
    expect(text).toMatch(/\n> \S+/);
    expect(text).toMatch(/\ntotal: [\d.]+ days, [\d,]+ device-hours/);
  });
});
