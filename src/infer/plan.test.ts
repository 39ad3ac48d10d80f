import { describe, expect, it } from "vitest";
import { planInference } from "./plan.ts";
import { catalogs, device, infer, model } from "./test-fixtures.ts";

describe("planInference", () => {
  it("sizes a fleet that carries the load within the SLOs, cheapest first", () => {
    const r = planInference({
      arch: model("llama3.1-70b"),
      device: device("nvidia-h100-sxm"),
      calibration: catalogs.calibration,
      infer: infer({
        inputTokens: 1000,
        outputTokens: 500,
        requestsPerSecond: 10,
        tpotSloMs: 50,
        ttftSloMs: 2000,
      }),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const best = r.plan.best;
    expect(best.capacityOutputTokensPerSecond).toBeGreaterThanOrEqual(10 * 500);
    expect(best.tpotSeconds).toBeLessThanOrEqual(0.05);
    expect(best.ttftSeconds).toBeLessThanOrEqual(2);
    expect(best.devices % best.devicesPerInstance).toBe(0);
    expect(best.costPerMillionTokensUSD).toBeGreaterThan(0);
    const sizes = r.plan.candidates.map((c) => c.devices);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    // 70B in bf16 needs two H100s at least; one is rejected as an overflow
    expect(r.plan.rejected.hbm_overflow).toBeGreaterThan(0);
  });

  it("doubling the load never needs fewer devices", () => {
    const base = {
      arch: model("llama3.1-8b"),
      device: device("nvidia-h100-sxm"),
      calibration: catalogs.calibration,
    };
    const a = planInference({
      ...base,
      infer: infer({ inputTokens: 2000, outputTokens: 200, requestsPerSecond: 5, tpotSloMs: 30 }),
    });
    const b = planInference({
      ...base,
      infer: infer({ inputTokens: 2000, outputTokens: 200, requestsPerSecond: 10, tpotSloMs: 30 }),
    });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.plan.best.devices).toBeGreaterThanOrEqual(a.plan.best.devices);
  });

  it("plans Ascend in int8 or bf16, never fp8", () => {
    const r = planInference({
      arch: model("deepseek-v3"),
      device: device("huawei-ascend-910c"),
      calibration: catalogs.calibration,
      infer: infer({ inputTokens: 2000, outputTokens: 500, requestsPerSecond: 20, tpotSloMs: 100 }),
    });
    expect(r.ok).toBe(true);
    if (r.ok) for (const c of r.plan.candidates) expect(c.weights).not.toBe("fp8");
  });

  it("needs a request rate", () => {
    const r = planInference({
      arch: model("llama3.1-8b"),
      device: device("nvidia-h100-sxm"),
      calibration: catalogs.calibration,
      infer: infer({ inputTokens: 100, outputTokens: 100 }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe("missing_key");
  });

  it("co-located TTFT includes the prompt's prefill and its queue: an objective below it is refused", () => {
    const base = {
      arch: model("llama3.1-70b"),
      device: device("nvidia-h100-sxm"),
      calibration: catalogs.calibration,
      servingEngines: catalogs.servingEngines,
    };
    const r = planInference({
      ...base,
      infer: infer({ inputTokens: 1000, outputTokens: 500, requestsPerSecond: 10, engine: "vllm" }),
    });
    if (!r.ok) throw new Error("no plan");
    for (const c of r.plan.candidates.filter((x) => !x.pools)) {
      // 2 x 70e9 x 1,000 FLOP on devicesPerInstance devices at the fp8 dense peak (1,979 TFLOP/s):
      // no schedule gets the first token out sooner
      expect(c.ttftSeconds).toBeGreaterThan((2 * 70e9 * 1000) / (c.devicesPerInstance * 1979e12));
    }
    // 5 ms is below any 1,000-token prefill of a 70B model on 8 H100s: nothing qualifies
    const tight = planInference({
      ...base,
      infer: infer({ inputTokens: 1000, outputTokens: 500, requestsPerSecond: 10, ttftSloMs: 5 }),
    });
    expect(tight.ok).toBe(false);
  });
});
