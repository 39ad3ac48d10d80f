import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { attentionRate, FA1_OVER_FA2, interpolateCurve, occupancy } from "./attention-rate.ts";
import { attentionCurveSchema, calibrationFor, type FamilyCalibration } from "./calibration.ts";

const cat = loadCatalogs();
const family = (device: string) => calibrationFor(cat.calibration, device).family;

describe("interpolateCurve: log-linear in the sequence length, flat past the ends", () => {
  const pts = [
    { seq: 512, efficiency: 0.317 },
    { seq: 1024, efficiency: 0.426 },
    { seq: 4096, efficiency: 0.554 },
  ];
  it("reads the measured points exactly", () => {
    for (const p of pts) expect(interpolateCurve(pts, p.seq)).toBe(p.efficiency);
  });
  it("halfway in log between two points is the mean of their values", () => {
    // sqrt(1024 x 4096) = 2048: (0.426 + 0.554) / 2 = 0.49
    expect(interpolateCurve(pts, 2048)).toBeCloseTo(0.49, 12);
    // 724.08 = sqrt(512 x 1024): (0.317 + 0.426) / 2 = 0.3715
    expect(interpolateCurve(pts, Math.sqrt(512 * 1024))).toBeCloseTo(0.3715, 12);
  });
  it("holds the end values outside the measured range", () => {
    expect(interpolateCurve(pts, 128)).toBe(0.317);
    expect(interpolateCurve(pts, 131072)).toBe(0.554);
  });
  it("stays between its neighbours and rises with the sequence on a rising curve (any points)", () => {
    const curve = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 1 << 20 }), fc.double({ min: 0.01, max: 1, noNaN: true })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((xs) => {
        const seqs = [...new Set(xs.map(([s]) => s))].sort((a, b) => a - b);
        const effs = xs.map(([, e]) => e).sort((a, b) => a - b);
        return seqs.map((seq, i) => ({ seq, efficiency: effs[i] }));
      });
    fc.assert(
      fc.property(
        curve,
        fc.integer({ min: 1, max: 1 << 21 }),
        fc.integer({ min: 1, max: 1 << 21 }),
        (c, a, b) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const [x, y] = [interpolateCurve(c, lo), interpolateCurve(c, hi)];
          expect(y).toBeGreaterThanOrEqual(x - 1e-12);
          expect(x).toBeGreaterThanOrEqual(c[0].efficiency - 1e-12);
          expect(y).toBeLessThanOrEqual(c[c.length - 1].efficiency + 1e-12);
        },
      ),
    );
  });
  it("the calibration schema refuses points out of order", () => {
    expect(
      attentionCurveSchema.safeParse([
        { seq: 2048, efficiency: 0.4 },
        { seq: 1024, efficiency: 0.3 },
      ]).success,
    ).toBe(false);
  });
});

describe("attentionRate: the kernel generation and the sequence each rank attends over", () => {
  it("FlashAttention-2 on A100 is Dao 2023 Fig. 4(d): 155 of 312 TFLOP/s at 2k, 189 at 16k", () => {
    const a100 = family("nvidia-a100-80gb-sxm");
    expect(attentionRate(a100, "fa2", 2048)).toEqual({ efficiency: 0.497, basis: "curve" });
    expect(attentionRate(a100, "fa2", 16384).efficiency).toBeCloseTo(189 / 312, 2);
    // the engines' fused kernel on Ampere is the same algorithm
    expect(attentionRate(a100, "flash", 4096)).toEqual(attentionRate(a100, "fa2", 4096));
    expect(attentionRate(a100, "sdpa", 4096)).toEqual(attentionRate(a100, "fa2", 4096));
  });
  it("a FlashAttention-1-generation kernel runs at 0.44 of FlashAttention-2 (Dao 2023: 69/155 = 0.445 at 2k)", () => {
    const a100 = family("nvidia-a100-80gb-sxm");
    expect(attentionRate(a100, "fa1", 2048).efficiency).toBeCloseTo(0.497 * FA1_OVER_FA2, 12);
    expect(Math.abs(FA1_OVER_FA2 - 69 / 155)).toBeLessThan(0.01);
  });
  it("on H100 the measured cuDNN kernel beats FlashAttention-2 and both climb from 2k to 8k tokens", () => {
    const h100 = family("nvidia-h100-sxm");
    for (const seq of [1024, 2048, 4096, 8192]) {
      expect(attentionRate(h100, "flash", seq).efficiency).toBeGreaterThan(
        attentionRate(h100, "fa2", seq).efficiency,
      );
    }
    expect(attentionRate(h100, "flash", 8192).efficiency).toBeGreaterThan(
      attentionRate(h100, "flash", 2048).efficiency,
    );
    expect(attentionRate(h100, "fa2", 2048).efficiency).toBe(0.228);
  });
  it("Blackwell reads NVIDIA's cuDNN training benchmark on GB200: 1,212 of 2,500 TFLOP/s at 4k tokens", () => {
    // forward 1408, backward 1148: 3.5 / (1/1408 + 2.5/1148) = 1212
    const gb200 = family("nvidia-gb200");
    expect(attentionRate(gb200, "flash", 4096).efficiency).toBeCloseTo(
      3.5 / (1 / 1408 + 2.5 / 1148) / 2500,
      3,
    );
    expect(attentionRate(family("nvidia-b200"), "flash", 4096)).toEqual(attentionRate(gb200, "flash", 4096));
  });
  it("a family without curves keeps its constants (fused kernel; sdpa ratio for FlashAttention-2)", () => {
    const f: FamilyCalibration = { ...family("nvidia-h100-sxm"), attentionCurves: undefined };
    expect(attentionRate(f, "flash", 2048)).toEqual({ efficiency: f.attention, basis: "constant" });
    expect(attentionRate(f, "fa2", 65536).efficiency).toBeCloseTo(f.attention * (f.sdpa ?? 1), 12);
    expect(attentionRate(f, "fa1", 512).efficiency).toBeCloseTo(
      f.attention * (f.sdpa ?? 1) * FA1_OVER_FA2,
      12,
    );
  });
});

describe("a training step prices its attention at the kernel's rate for its sequence", () => {
  const llama = cat.models.find((m) => m.id === "llama3.1-8b")!.arch;
  const run = (attention: "flash" | "fa2" | "fa1", seqLen: number) => {
    const r = evaluateTraining({
      arch: llama,
      device: cat.devices.find((d) => d.id === "nvidia-h100-sxm")!,
      calibration: cat.calibration,
      stacks: cat.stacks,
      stack: { attention },
      devices: 8,
      train: { seqLen, globalBatch: 16, precision: "bf16" },
      parallel: { tp: 1, pp: 1, dp: 8, microBatch: 1, recompute: "full", zero: 3 },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report;
  };
  it("the older the kernel, the slower the step: fa1 > fa2 > flash", () => {
    const [f, a2, a1] = [run("flash", 8192), run("fa2", 8192), run("fa1", 8192)];
    expect(a2.step.compute).toBeGreaterThan(f.step.compute);
    expect(a1.step.compute).toBeGreaterThan(a2.step.compute);
  });
  it("says which rate it used and from where", () => {
    // Llama 3.1 8B at tp 1, one sequence a micro-batch: 32 heads × 4096 / 128 = 1,024 query tiles
    const r = run("fa2", 4096);
    expect(r.attention?.kernel).toBe("fa2");
    expect(r.attention?.seq).toBe(4096);
    expect(r.attention?.batchHeads).toBe(32);
    expect(r.attention?.basis).toBe("curve");
    expect(r.attention?.efficiency).toBeCloseTo(0.274 * 0.92, 12);
  });
});

describe("occupancy: a flash kernel with few query tiles runs below its full-occupancy rate", () => {
  it("reads the H100 measurements: 0.80 at 512 tiles, 0.92 at 1,024, full from 2,048", () => {
    expect(occupancy(512)).toBe(0.8);
    expect(occupancy(1024)).toBe(0.92);
    expect(occupancy(2048)).toBe(1);
    expect(occupancy(1 << 20)).toBe(1);
    // 724 = sqrt(512 x 1024) tiles: halfway, 0.86; below the measured range, flat
    expect(occupancy(Math.sqrt(512 * 1024))).toBeCloseTo(0.86, 12);
    expect(occupancy(64)).toBe(0.8);
  });
  it("reproduces the measured cuDNN rate at batch × heads 32, 2k tokens: 0.414 x 0.80 = 0.331", () => {
    // catalog/measured/nvidia-h100-sxm.yaml: cudnn, batch 1, heads 32, seq 2048: fwdBwdEfficiency 0.3309
    const r = attentionRate(family("nvidia-h100-sxm"), "flash", 2048, 32);
    expect(r.efficiency).toBeCloseTo(0.414 * 0.8, 12);
    expect(Math.abs(r.efficiency - 0.3309)).toBeLessThan(0.002);
  });
  it("never exceeds the full-occupancy curve and never falls as more sequences or heads launch", () => {
    const f = family("nvidia-h100-sxm");
    fc.assert(
      fc.property(
        fc.constantFrom("flash", "fa2", "fa1" as const),
        fc.integer({ min: 128, max: 131072 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 0, max: 512 }),
        (kernel, seq, bh, more) => {
          const full = attentionRate(f, kernel, seq).efficiency;
          const a = attentionRate(f, kernel, seq, bh).efficiency;
          expect(a).toBeLessThanOrEqual(full + 1e-15);
          expect(a).toBeGreaterThanOrEqual(0.8 * full - 1e-15);
          expect(attentionRate(f, kernel, seq, bh + more).efficiency).toBeGreaterThanOrEqual(a - 1e-15);
        },
      ),
    );
  });
  it("leaves a family constant as it is (no stated occupancy)", () => {
    const f: FamilyCalibration = { ...family("nvidia-h100-sxm"), attentionCurves: undefined };
    expect(attentionRate(f, "flash", 2048, 8)).toEqual({ efficiency: f.attention, basis: "constant" });
  });
});
