import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateTraining, type TrainInput } from "./evaluate.ts";
import { EXPERT_BIAS_BYTES, expertBiasLoop } from "./layer-cost.ts";

// Qwen3-30B-A3B (catalog) on 8 B200 in MXFP8, EP 8, force-balanced: each device computes 16
// experts of 768 over 32,768 token copies per micro-batch.
const cat = loadCatalogs();
const base: TrainInput = {
  arch: cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch,
  device: cat.devices.find((d) => d.id === "nvidia-b200")!,
  calibration: cat.calibration,
  stacks: cat.stacks,
  kernels: cat.kernels,
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

describe("expertBiasLoop: Megatron-Core's per-expert bias add (gpt-oss)", () => {
  it("moves 28 bytes per output element forward and 36 backward, in 2E + 2 and 5E kernels", () => {
    const v = {
      matmulFlopsPerSecond: 1,
      attentionFlopsPerSecond: 1,
      memoryBytesPerSecond: 100,
      kernelSeconds: 0,
    };
    const b = expertBiasLoop(v, 10, 3);
    expect(b.forward).toBeCloseTo(2.8, 12);
    expect(b.backward).toBeCloseTo(3.6, 12);
    expect([b.kernelsForward, b.kernelsBackward]).toEqual([8, 15]);
    // the byte counts are the operators listed in the code's comment
    expect(EXPERT_BIAS_BYTES.forward).toBe(4 + (2 + 4 + 4) + (4 + 4) + (4 + 2));
    expect(EXPERT_BIAS_BYTES.backward).toBe(2 + 4 + (4 + 2) + 3 * 4 + 3 * 4);
  });

  it("is the Megatron engines' default and costs time only when the experts carry biases", () => {
    const arch = cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch;
    const biased = { ...arch, moe: { ...arch.moe!, expertBias: true } };
    const t = (input: TrainInput) => {
      const r = evaluateTraining(input);
      expect(r.ok).toBe(true);
      return r.ok ? r.report : undefined;
    };
    const plain = t(base)!;
    const loop = t({ ...base, arch: biased })!;
    const packed = t({ ...base, arch: biased, stack: { ...base.stack, expertBiasLoop: false } })!;
    expect(loop.stack.expertBiasLoop).toBe(true);
    expect(loop.stack.from.expertBiasLoop).toBe("megatron-bridge default");
    expect(loop.metrics.stepTimeSeconds).toBeGreaterThan(packed.metrics.stepTimeSeconds);
    expect(packed.metrics.stepTimeSeconds).toBe(plain.metrics.stepTimeSeconds);
    const other = t({
      ...base,
      arch: biased,
      stack: { engine: "other", fp8Recipe: "mx", moeBalance: "forced" },
    })!;
    expect(other.stack.expertBiasLoop).toBe(false);
  });
});

describe("a fused grouped MLP applies the experts' biases itself", () => {
  it("costs the same with and without the bias loop once the MLP is fused", () => {
    const arch = cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch;
    const biased = { ...arch, moe: { ...arch.moe!, expertBias: true } };
    const fused = { ...base.stack, expertMlpFused: true };
    const a = evaluateTraining({ ...base, arch: biased, stack: { ...fused, expertBiasLoop: true } });
    const b = evaluateTraining({ ...base, arch: biased, stack: { ...fused, expertBiasLoop: false } });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.report.metrics.stepTimeSeconds).toBe(b.report.metrics.stepTimeSeconds);
  });
});
