import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrationFor } from "../hardware/calibration.ts";
import { buildDeployment } from "./deployment.ts";
import { evaluateInference } from "./evaluate.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import { resolveInferPrecision } from "./precision.ts";
import { servingPoint } from "./serving-point.ts";
import { catalogs, device, infer, model } from "./test-fixtures.ts";

// The issue's first symptom: co-located TTFT equal to one decode step, below the time the prompt's
// own prefill takes. Whatever the load, batch, engine or chunk budget, the first token cannot come
// before the prompt alone has been computed.
const cases = fc.record({
  model: fc.constantFrom("llama3.1-8b", "qwen3-32b", "qwen3-30b-a3b", "deepseek-v2-lite"),
  hardware: fc.constantFrom("nvidia-h100-sxm", "nvidia-h20", "nvidia-h200-sxm", "huawei-ascend-910b2"),
  engine: fc.constantFrom("vllm", "sglang", "trtllm", "mindie", "vllm-ascend", "other"),
  inputTokens: fc.integer({ min: 16, max: 12_000 }),
  outputTokens: fc.integer({ min: 2, max: 600 }),
  load: fc.oneof(
    fc.record({ concurrency: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ batchPerDevice: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ requestsPerSecond: fc.double({ min: 0.05, max: 2, noNaN: true }) }),
  ),
  budget: fc.option(fc.integer({ min: 256, max: 16_384 }), { nil: undefined }),
});

describe("TTFT is never below one prompt's own prefill", () => {
  it("holds over models, lengths, devices, engines and loads (steady state and simulated)", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const arch = model(c.model);
        const dev = device(c.hardware);
        const spec = infer({
          phase: "both",
          inputTokens: c.inputTokens,
          outputTokens: c.outputTokens,
          engine: c.engine,
          ...c.load,
          ...(c.budget ? { scheduler: { maxBatchedTokens: c.budget } } : {}),
          seed: 3,
        });
        const r = evaluateInference({
          arch,
          device: dev,
          calibration: catalogs.calibration,
          devices: 1,
          infer: spec,
          servingEngines: catalogs.servingEngines,
        });
        if (!r.ok) return; // does not fit, or overloaded: nothing to bound
        const prec = resolveInferPrecision(dev, spec);
        if (!prec.ok) return;
        const d = buildDeployment({
          arch,
          device: dev,
          family: inferenceFamily(calibrationFor(catalogs.calibration, dev.id).family),
          precision: prec.value,
          parallel: { tp: 1, ep: 1, dp: 1, pp: 1 },
          speculative: null,
          serving: { catalog: catalogs.servingEngines, infer: spec },
        });
        if (!d.ok) return;
        const w = { inputTokens: c.inputTokens, outputTokens: c.outputTokens, prefixCacheHitRate: 0 };
        const alone = servingPoint(d.value, w, "prefill", 1).ttftSeconds;
        expect(r.report.metrics.ttftSeconds!).toBeGreaterThanOrEqual(alone * (1 - 1e-9));
        if (r.report.metrics.ttftP50Seconds !== undefined)
          expect(r.report.metrics.ttftP50Seconds).toBeGreaterThanOrEqual(alone * (1 - 1e-9));
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it("DeepSeek-R1 on 8 H200, 2,000-token prompts, batch 1: TTFT at least the prompt's prefill", () => {
    // The issue's example: the steady-state TTFT used to be one decode step (13.6 ms).
    const r = evaluateInference({
      arch: model("deepseek-r1"),
      device: device("nvidia-h200-sxm"),
      calibration: catalogs.calibration,
      devices: 8,
      infer: infer({
        inputTokens: 2000,
        outputTokens: 1000,
        weights: "fp8",
        kvCache: "fp8",
        tp: 8,
        ep: 8,
        batchPerDevice: 1 / 8,
      }),
      servingEngines: catalogs.servingEngines,
    });
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
    // 2,000 tokens x 2 x 37e9 active parameters = 1.5e14 FLOP over 8 x 1,979 TFLOP/s (fp8 dense)
    // is 9.3 ms at full peak: any achieved efficiency puts TTFT well above one decode step.
    expect(r.report.metrics.ttftSeconds!).toBeGreaterThan((2000 * 2 * 37e9) / (8 * 1979e12));
    expect(r.report.metrics.ttftSeconds!).toBeGreaterThan(2 * r.report.metrics.tpotSeconds!);
  });

  it("disaggregated pools under load: TTFT is the prompt's prefill plus the KV transfer, at least", () => {
    const arch = model("llama3.1-8b");
    const dev = device("nvidia-h100-sxm");
    const spec = infer({
      inputTokens: 2000,
      outputTokens: 200,
      concurrency: 64,
      engine: "sglang",
      weights: "fp8",
      kvCache: "fp8",
      pools: { prefill: { devices: 1, tp: 1, ep: 1, dp: 1 }, decode: { devices: 3, tp: 1, ep: 1, dp: 3 } },
    });
    const r = evaluateInference({
      arch,
      device: dev,
      calibration: catalogs.calibration,
      devices: 4,
      infer: spec,
      servingEngines: catalogs.servingEngines,
    });
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
    const dis = r.report.disaggregated!;
    const prefillAlone = dis.prefill.curve[0].ttftSeconds; // one prompt per device, no queue
    expect(r.report.serving?.load.mode).toBe("closed-loop");
    expect(r.report.metrics.ttftSeconds!).toBeGreaterThanOrEqual(prefillAlone + dis.kvTransfer.seconds);
    // Little's law over the whole system: 64 clients = request rate x end-to-end latency
    const m = r.report.metrics;
    expect(m.requestsPerSecond! * m.e2eSeconds!).toBeGreaterThan(64 * 0.97);
    expect(m.requestsPerSecond! * m.e2eSeconds!).toBeLessThan(64 * 1.03);
  });
});
