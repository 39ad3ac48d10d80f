import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { keepsDropout } from "../model/activation-bytes.ts";
import type { Arch } from "../model/arch.ts";
import { evaluateTraining, type TrainInput } from "./evaluate.ts";
import { ATTENTION_DROPOUT_BYTES, SOFTMAX_BYTES, unfusedAttention } from "./layer-cost.ts";

// A toy attention: 2 heads of width 4, 8 tokens of an 8-token sequence, on an engine that does
// 1024 FLOP/s of matmul and streams 128 bytes/s, with no per-kernel cost.
const arch: Arch = {
  layers: 1,
  hidden: 8,
  heads: 2,
  kvHeads: 2,
  ffn: 32,
  mlp: "gelu",
  vocab: 16,
  tiedEmbeddings: true,
};
const vector = {
  matmulFlopsPerSecond: 1024,
  attentionFlopsPerSecond: 1024,
  memoryBytesPerSecond: 128,
  kernelSeconds: 0,
};
const c = { arch, seqLen: 8, vector };

describe("unfusedAttention: batched GEMMs over the whole score matrix and the softmax's passes", () => {
  it("a fused 16-bit softmax: 8 bytes per score forward, 12 backward", () => {
    // scores 8 x 8 x 2 = 128; GEMM FLOPs 2 x 8 x 8 x 2 x (4 + 4) = 2048 -> 2 s forward, 4 s backward
    const u = unfusedAttention(c, 8, 2, true);
    expect(u.forward).toBeCloseTo(2 + (128 * 8) / 128, 12);
    expect(u.backward).toBeCloseTo(4 + (128 * 12) / 128, 12);
    expect([u.kernelsForward, u.kernelsBackward]).toEqual([3, 6]);
  });

  it("separate fp32 operators: 40 bytes per score forward, 46 backward", () => {
    const u = unfusedAttention(c, 8, 2, false);
    expect(u.forward).toBeCloseTo(2 + 40, 12);
    expect(u.backward).toBeCloseTo(4 + 46, 12);
    expect([u.kernelsForward, u.kernelsBackward]).toEqual([7, 14]);
  });

  it("attention dropout: 5 more bytes per score and one more kernel each way", () => {
    // forward: read 2, write 2 and a 1-byte mask; backward: read the gradient 2 and the mask 1, write 2
    expect(ATTENTION_DROPOUT_BYTES).toEqual({ forward: 2 + 2 + 1, backward: 2 + 1 + 2 });
    const u = unfusedAttention(c, 8, 2, true, true);
    expect(u.forward).toBeCloseTo(2 + (128 * (8 + 5)) / 128, 12);
    expect(u.backward).toBeCloseTo(4 + (128 * (12 + 5)) / 128, 12);
    expect([u.kernelsForward, u.kernelsBackward]).toEqual([4, 7]);
  });

  it("GPT-style (GeLU) recipes keep Megatron's dropout, SwiGLU recipes set it to 0", () => {
    expect(keepsDropout({ mlp: "gelu" })).toBe(true);
    expect(keepsDropout({ mlp: "swiglu" })).toBe(false);
  });

  it("the byte counts add up to the operators listed in the code's comment", () => {
    // forward: baddbmm write, float(), scale, mask, softmax, cast back, bmm read
    expect(SOFTMAX_BYTES.separate.forward).toBe(2 + (2 + 4) + (4 + 4) + (4 + 4) + (4 + 4) + (4 + 2) + 2);
    expect(SOFTMAX_BYTES.separate.backward).toBe(
      2 + (2 + 4) + (4 + 4 + 4) + (4 + 4) + (4 + 4) + (4 + 2) + 2 * 2,
    );
    expect(SOFTMAX_BYTES.fused.forward).toBe(2 + 2 + 2 + 2);
    expect(SOFTMAX_BYTES.fused.backward).toBe(2 + 6 + 2 * 2);
  });

  it("costs no less with separate operators, and grows with the sequence at a fixed token count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 64 }),
        (tokens, s, more, heads) => {
          const a = unfusedAttention({ ...c, seqLen: s }, tokens, heads, true);
          const b = unfusedAttention({ ...c, seqLen: s }, tokens, heads, false);
          expect(b.forward).toBeGreaterThanOrEqual(a.forward);
          expect(b.backward).toBeGreaterThanOrEqual(a.backward);
          const longer = unfusedAttention({ ...c, seqLen: s + more }, tokens, heads, false);
          expect(longer.forward + longer.backward).toBeGreaterThan(b.forward + b.backward);
        },
      ),
    );
  });
});

describe("softmaxFusion in a training step", () => {
  const cat = loadCatalogs();
  const base: TrainInput = {
    arch: { ...arch, layers: 24, hidden: 2048, heads: 16, kvHeads: 16, ffn: 8192, vocab: 50304 },
    device: cat.devices.find((d) => d.id === "huawei-ascend-910b2")!,
    calibration: cat.calibration,
    devices: 8,
    train: { seqLen: 2048, globalBatch: 64, precision: "bf16" },
    parallel: { tp: 8, pp: 1, dp: 1, microBatch: 1, recompute: "none", sequenceParallel: true },
    stack: { engine: "mindspeed-llm", attention: "unfused" },
  };

  it("separate fp32 softmax operators slow the step; flash attention is faster than either", () => {
    const fused = evaluateTraining(base);
    const separate = evaluateTraining({ ...base, stack: { ...base.stack, softmaxFusion: false } });
    const flash = evaluateTraining({ ...base, stack: { engine: "mindspeed-llm" } });
    expect(fused.ok && separate.ok && flash.ok).toBe(true);
    if (!fused.ok || !separate.ok || !flash.ok) return;
    const t = (r: typeof fused) => (r.ok ? r.report.metrics.stepTimeSeconds : Number.NaN);
    expect(t(separate)).toBeGreaterThan(t(fused));
    expect(t(flash)).toBeLessThan(t(fused));
    // the setting is reported with where it came from
    expect(separate.report.stack.softmaxFusion).toBe(false);
    expect(separate.report.stack.from.softmaxFusion).toBe("scenario");
    expect(fused.report.stack.from.softmaxFusion).toBe("tool default");
  });
});
