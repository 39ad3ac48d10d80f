import { describe, expect, it } from "vitest";
import { evaluateInference } from "../infer/evaluate.ts";
import { planInference } from "../infer/plan.ts";
import { catalogs, device, infer, model } from "../infer/test-fixtures.ts";
import { formatInfer, formatInferPlan } from "./format-infer.ts";

const base = { device: device("nvidia-h100-sxm"), calibration: catalogs.calibration };

describe("formatInfer", () => {
  it("prints the metrics, the iteration breakdown and the curve with the chosen batch marked", () => {
    const r = evaluateInference({
      ...base,
      arch: model("llama3.1-8b"),
      devices: 1,
      infer: infer({ inputTokens: 1000, outputTokens: 1000, weights: "fp8", kvCache: "fp8" }),
    });
    if (!r.ok) throw new Error("eval");
    const text = formatInfer(r.report);
    for (const k of [
      "outputTokensPerSecond",
      "tpotSeconds",
      "ttftSeconds",
      "memoryPerDeviceGiB",
      "costPerMillionTokensUSD",
    ]) {
      expect(text).toContain(k);
    }
    expect(text).toContain("continuous batching");
    expect(text).toContain("attention core");
    expect(text).toContain("latency / throughput by batch");
    expect(text.split("\n").filter((l) => l.includes("◀"))).toHaveLength(1);
    expect(text).toContain("█");
  });

  it("prints the engine, the load and the simulated distributions when a load is given", () => {
    const r = evaluateInference({
      ...base,
      arch: model("llama3.1-8b"),
      devices: 1,
      infer: infer({ inputTokens: 1000, outputTokens: 200, concurrency: 8, engine: "sglang" }),
      servingEngines: catalogs.servingEngines,
    });
    if (!r.ok) throw new Error("eval");
    const text = formatInfer(r.report);
    expect(text).toContain("engine: SGLang");
    expect(text).toContain("closed loop, 8 clients");
    expect(text).toMatch(/TTFT ms\s+[\d.,]+\s+[\d.,]+\s+[\d.,]+\s+[\d.,]+/);
    expect(text).toContain("p99");
    expect(text).toContain("prefill first");
    expect(text).toContain("not simulated");
  });

  it("prints a prefill report without TPOT columns and a disaggregated one with its pools", () => {
    const pre = evaluateInference({
      ...base,
      arch: model("llama3.1-8b"),
      devices: 1,
      infer: infer({ phase: "prefill", inputTokens: 2000, outputTokens: 1, batchPerDevice: 4 }),
    });
    if (!pre.ok) throw new Error("eval");
    expect(formatInfer(pre.report)).toContain("prompt tok/s/dev");
    expect(formatInfer(pre.report)).not.toContain("TPOT ms");
    const dis = evaluateInference({
      ...base,
      arch: model("llama3.1-8b"),
      devices: 4,
      infer: infer({
        inputTokens: 2000,
        outputTokens: 200,
        weights: "fp8",
        kvCache: "fp8",
        pools: { prefill: { devices: 1, tp: 1, ep: 1, dp: 1 }, decode: { devices: 3, tp: 1, ep: 1, dp: 3 } },
      }),
    });
    if (!dis.ok) throw new Error("eval");
    const text = formatInfer(dis.report);
    expect(text).toContain("prefill pool: 1 devices");
    expect(text).toContain("decode pool: 3 devices");
    expect(text).toContain("KV transfer");
    expect(text).toContain("balanced split");
  });
});

describe("formatInferPlan", () => {
  it("prints the best configuration and the rejections", () => {
    const r = planInference({
      ...base,
      arch: model("llama3.1-70b"),
      infer: infer({ inputTokens: 1000, outputTokens: 500, requestsPerSecond: 10, tpotSloMs: 50 }),
    });
    if (!r.ok) throw new Error("plan");
    const text = formatInferPlan(r.plan);
    expect(text).toMatch(/^serving 10 requests\/s/);
    expect(text).toContain("best:");
    expect(text).toContain("rejected: hbm_overflow");
  });
});
