// The training GEMM timer on the measured tables: a family's fitted efficiency is one sustained
// fraction of its reference device's kernels, so the devices of a family keep the speed ratio their
// own tables measured (not their datasheet ratio); MXFP8 runs the per-tensor FP8 kernel.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { gemmSeconds } from "../hardware/kernel-table.ts";
import type { Engine } from "../hardware/roofline.ts";
import { computeTablesFor, trainTableDtype } from "./device-tables.ts";
import {
  gemmTimer,
  REFERENCE_SHAPES,
  referenceEfficiency,
  referenceFlopsPerSecond,
  timeGemm,
} from "./gemm-timer.ts";

const cat = loadCatalogs();
const b200 = computeTablesFor(cat.kernels, "nvidia-b200")!;
const gb200 = computeTablesFor(cat.kernels, "nvidia-gb200")!;
const h100 = computeTablesFor(cat.kernels, "nvidia-h100-sxm")!;

function engine(peakTflops: number, max: number): Engine {
  return {
    matmulFlopsPerSecond: peakTflops * 1e12 * max,
    attentionFlopsPerSecond: 1,
    memoryBytesPerSecond: 1,
    kernelSeconds: 5e-6,
  };
}

describe("gemmTimer", () => {
  it("the tables carry their device's datasheet peaks", () => {
    expect(b200.peakTflops?.bf16).toBe(2250);
    expect(gb200.peakTflops?.bf16).toBe(2500);
    expect(gb200.peakTflops?.["fp8-block"]).toBe(5000);
  });

  it("the reference is the mean rate of the large shapes", () => {
    let sum = 0;
    for (const [m, n, k] of REFERENCE_SHAPES)
      sum += (2 * m * n * k) / gemmSeconds(b200, { m, n, k, dtype: "bf16" })!.seconds;
    expect(referenceFlopsPerSecond(b200, "bf16")).toBe(sum / REFERENCE_SHAPES.length);
    // the measured large-GEMM efficiency the Blackwell prior cites (0.67 of 2,250 TFLOP/s)
    expect(referenceEfficiency(b200, "bf16")).toBeGreaterThan(0.66);
    expect(referenceEfficiency(b200, "bf16")).toBeLessThan(0.68);
  });

  it("the reference device reaches the fitted efficiency of its peak at the reference shapes", () => {
    const t = gemmTimer(engine(2250, 0.6), b200, "bf16", b200);
    let sum = 0;
    for (const [m, n, k] of REFERENCE_SHAPES) sum += (2 * m * n * k) / timeGemm(t, m, k, n, 2);
    expect(sum / REFERENCE_SHAPES.length / 2250e12).toBeCloseTo(0.6, 6);
  });

  it("a GB200 is as much faster than a B200 as their tables measured, at any shape and fitted efficiency", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 32768 }),
        fc.integer({ min: 256, max: 32768 }),
        fc.integer({ min: 256, max: 32768 }),
        fc.double({ min: 0.3, max: 0.9, noNaN: true }),
        fc.constantFrom("bf16", "fp8", "fp8-block"),
        (m, n, k, max, dtype) => {
          const peak = dtype === "bf16" ? 1 : 2;
          const tb = gemmTimer(engine(2250 * peak, max), b200, dtype, b200);
          const tg = gemmTimer(engine(2500 * peak, max), gb200, dtype, b200);
          const measured =
            gemmSeconds(gb200, { m, n, k, dtype })!.seconds / gemmSeconds(b200, { m, n, k, dtype })!.seconds;
          expect(timeGemm(tg, m, k, n, 1) / timeGemm(tb, m, k, n, 1)).toBeCloseTo(measured, 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("each FP8 table is normalised on its own reference: the fitted level, the table's shape dependence", () => {
    const block = gemmTimer(engine(1978.9, referenceEfficiency(h100, "fp8-block")!), h100, "fp8-block", h100);
    const tensor = gemmTimer(engine(1978.9, referenceEfficiency(h100, "fp8")!), h100, "fp8", h100);
    // a fitted efficiency equal to the measured one runs the table unscaled
    expect(block.scale).toBeCloseTo(1, 9);
    expect(tensor.scale).toBeCloseTo(1, 9);
    const half = gemmTimer(engine(1978.9, referenceEfficiency(h100, "fp8")! / 2), h100, "fp8", h100);
    expect(timeGemm(half, 512, 4096, 4096, 1)).toBeCloseTo(2 * timeGemm(tensor, 512, 4096, 4096, 1), 12);
  });

  it("without a table the roofline is used", () => {
    const t = gemmTimer(engine(1000, 0.5), undefined, "bf16");
    expect(t.tables).toBeUndefined();
    expect(timeGemm(t, 4096, 4096, 4096, 2)).toBeGreaterThan((2 * 4096 ** 3) / 500e12);
  });

  it("MXFP8 runs the per-tensor kernel, DeepSeek's 128-block recipe the block-scaled one", () => {
    expect(trainTableDtype("fp8", "mx")).toBe("fp8");
    expect(trainTableDtype("fp8", "current")).toBe("fp8");
    expect(trainTableDtype("fp8", "blockwise")).toBe("fp8-block");
    expect(trainTableDtype("bf16", "blockwise")).toBe("bf16");
  });
});
