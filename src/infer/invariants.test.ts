import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbArch } from "../model/arch.arbitrary.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { evaluateInference, type InferReport } from "./evaluate.ts";
import { catalogs, device, infer } from "./test-fixtures.ts";

const devices = ["nvidia-h100-sxm", "nvidia-b200", "huawei-ascend-910c", "nvidia-a100-80gb-sxm"].map(device);
const arbDevice = fc.constantFrom(...devices);
const arbWork = fc.record({
  inputTokens: fc.integer({ min: 1, max: 8192 }),
  outputTokens: fc.integer({ min: 1, max: 4096 }),
});

function evaluate(
  arch: Arch,
  dev: (typeof devices)[number],
  n: number,
  spec: Partial<InferSpec> & { inputTokens: number; outputTokens: number },
): InferReport | undefined {
  const r = evaluateInference({
    arch,
    device: dev,
    calibration: catalogs.calibration,
    devices: n,
    infer: infer(spec),
  });
  return r.ok ? r.report : undefined;
}

const kvFor = (d: (typeof devices)[number]) =>
  ((d.peakTflops.fp8?.value ?? 0) > 0 ? "fp8" : "int8") as "fp8" | "int8";

describe("inference invariants", () => {
  it("more replicas never lower outputTokensPerSecond for the same per-device batch", () => {
    fc.assert(
      fc.property(
        arbArch,
        arbDevice,
        arbWork,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 2, max: 6 }),
        (arch, dev, w, b, k) => {
          const one = evaluate(arch, dev, 1, { ...w, phase: "both", batchPerDevice: b });
          const many = evaluate(arch, dev, k, { ...w, phase: "both", batchPerDevice: b, dp: k });
          if (!one || !many) return true;
          return many.metrics.outputTokensPerSecond! >= one.metrics.outputTokensPerSecond! * (1 - 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a larger batch never lowers throughput while it fits", () => {
    fc.assert(
      fc.property(
        arbArch,
        arbDevice,
        arbWork,
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 256 }),
        fc.constantFrom("decode" as const, "both" as const),
        (arch, dev, w, b1, extra, phase) => {
          const spec = { ...w, phase, kvCache: kvFor(dev) };
          const small = evaluate(arch, dev, 1, { ...spec, batchPerDevice: b1 });
          const big = evaluate(arch, dev, 1, { ...spec, batchPerDevice: b1 + extra });
          if (!small || !big) return true;
          return big.metrics.outputTokensPerSecond! >= small.metrics.outputTokensPerSecond! * (1 - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("TPOT and TTFT are positive and finite", () => {
    fc.assert(
      fc.property(
        arbArch,
        arbDevice,
        arbWork,
        fc.option(fc.integer({ min: 1, max: 512 })),
        (arch, dev, w, b) => {
          const r = evaluate(arch, dev, 1, { ...w, phase: "both", batchPerDevice: b });
          if (!r) return true;
          const { tpotSeconds, ttftSeconds } = r.metrics;
          return (
            tpotSeconds! > 0 &&
            Number.isFinite(tpotSeconds) &&
            ttftSeconds! > 0 &&
            Number.isFinite(ttftSeconds)
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a prefix-cache hit never slows prefill", () => {
    fc.assert(
      fc.property(
        arbArch,
        arbDevice,
        fc.integer({ min: 2, max: 16384 }),
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (arch, dev, I, b, h1, h2) => {
          const [lo, hi] = h1 < h2 ? [h1, h2] : [h2, h1];
          const spec = { phase: "prefill" as const, inputTokens: I, outputTokens: 1, batchPerDevice: b };
          const cold = evaluate(arch, dev, 1, { ...spec, prefixCacheHitRate: lo });
          const warm = evaluate(arch, dev, 1, { ...spec, prefixCacheHitRate: hi });
          if (!cold || !warm) return true;
          return (
            warm.metrics.ttftSeconds! <= cold.metrics.ttftSeconds! * (1 + 1e-9) &&
            warm.metrics.prefillTokensPerSecondPerDevice! >=
              cold.metrics.prefillTokensPerSecondPerDevice! * (1 - 1e-9)
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is deterministic to the last digit", () => {
    const arch = catalogs.models.find((m) => m.id === "deepseek-v3")!.arch;
    const a = evaluate(arch, devices[1], 8, {
      inputTokens: 1024,
      outputTokens: 2048,
      ep: 8,
      weights: "fp4",
      kvCache: "fp8",
    });
    const b = evaluate(arch, devices[1], 8, {
      inputTokens: 1024,
      outputTokens: 2048,
      ep: 8,
      weights: "fp4",
      kvCache: "fp8",
    });
    expect(a).toBeDefined();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
