import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateTraining, type TrainInput } from "./evaluate.ts";

// Qwen3-30B-A3B (catalog) on 8 B200 in MXFP8, EP 8, force-balanced: each device computes 16
// experts of 768 over 32,768 token copies per micro-batch.
const cat = loadCatalogs();
const base: TrainInput = {
  arch: cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch,
  device: cat.devices.find((d) => d.id === "nvidia-b200")!,
  calibration: cat.calibration,
  devices: 8,
  train: { seqLen: 4096, globalBatch: 64, precision: "fp8" },
  parallel: { tp: 1, pp: 1, dp: 8, ep: 8, microBatch: 1, recompute: "none" },
  stack: { engine: "megatron-bridge", fp8Recipe: "mx", moeBalance: "forced" },
};

describe("expertMlpFused: the grouped MLP's activation and casts in its GEMM epilogues", () => {
  it("removes the activation pass and two expert casts and nothing else", () => {
    const a = evaluateTraining(base);
    const b = evaluateTraining({ ...base, stack: { ...base.stack, expertMlpFused: true } });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const sa = a.report.step;
    const sb = b.report.step;
    // fewer cast passes (FC2's input forward, FC1's output gradient backward) ...
    expect(sb.quant).toBeLessThan(sa.quant);
    // ... and no activation pass over the 32,768 x 1,536 intermediate
    expect(sb.compute).toBeLessThan(sa.compute);
    // the GEMMs, the dispatch and the data-parallel reduction are the same
    expect(sb.epComm).toBeCloseTo(sa.epComm, 12);
    expect(sb.dpComm).toBeCloseTo(sa.dpComm, 12);
    expect(b.report.metrics.flopsPerStep).toBe(a.report.metrics.flopsPerStep);
    expect(b.report.stack.from.expertMlpFused).toBe("scenario");
  });

  it("changes nothing for a dense model", () => {
    const dense: TrainInput = {
      ...base,
      arch: cat.models.find((m) => m.id === "qwen3-8b")!.arch,
      parallel: { ...base.parallel, ep: 1 },
    };
    const a = evaluateTraining(dense);
    const b = evaluateTraining({ ...dense, stack: { ...dense.stack, expertMlpFused: true } });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.report.metrics.stepTimeSeconds).toBe(a.report.metrics.stepTimeSeconds);
  });
});
