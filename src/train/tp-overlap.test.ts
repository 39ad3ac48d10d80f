// Sequence-parallel communication overlapped with the GEMMs (Transformer Engine userbuffers,
// Ascend MC2): each collective hides only behind its own GEMM, in tp pipelined chunks. Worked by
// hand on 8 ms of traffic per direction (2 ms per collective) at tp 8 (one chunk: 0.25 ms).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateTraining } from "./evaluate.ts";
import { asyncBackwardTpSeconds, overlappedTpSeconds } from "./step.ts";

describe("overlappedTpSeconds", () => {
  it("leaves one chunk of each collective exposed when every GEMM is longer than its collective", () => {
    // 4 x 2 ms / 8 = 1 ms, the same as one layer-wide pipeline would give
    expect(overlappedTpSeconds(0.008, [0.003, 0.004, 0.01, 0.005], 8)).toBeCloseTo(0.001, 12);
  });

  it("exposes what a short GEMM cannot cover, however long the others", () => {
    // attention input 1 ms and output 0.5 ms: (2 - 1) + (2 - 0.5) + 0.25 + 0.25 = 3 ms;
    // the layer's 21.5 ms of GEMMs would have hidden all but one chunk (1 ms) as a whole
    expect(overlappedTpSeconds(0.008, [0.001, 0.0005, 0.012, 0.008], 8)).toBeCloseTo(0.003, 12);
  });

  it("is never below 1/tp of the traffic nor above it, and never grows with longer GEMMs", () => {
    const gemm = fc.double({ min: 0, max: 0.05, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.tuple(gemm, gemm, gemm, gemm),
        fc.integer({ min: 2, max: 16 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (comm, partners, tp, i, more) => {
          const x = overlappedTpSeconds(comm, partners, tp);
          expect(x).toBeGreaterThanOrEqual(comm / tp - 1e-15);
          expect(x).toBeLessThanOrEqual(comm + 1e-15);
          const longer = [...partners];
          longer[i] += more;
          expect(overlappedTpSeconds(comm, longer, tp)).toBeLessThanOrEqual(x + 1e-15);
        },
      ),
    );
  });
});

// Megatron-LM's column-parallel linears in the backward (megatron/mpu/layers.py at 80389ef, 2022):
// the input-gradient all-reduce issued with async_op=True and waited for after the weight-gradient
// GEMM; with sequence parallelism the input all-gathered again behind the input-gradient GEMM and
// the input gradient reduce-scattered behind the weight-gradient GEMM. Worked on 4 ms of traffic
// per direction (a quarter, one all-gather or reduce-scatter, is 1 ms; an all-reduce 2 ms).
describe("asyncBackwardTpSeconds", () => {
  it("without sequence parallelism: what each all-reduce's weight-gradient GEMM cannot cover", () => {
    // attention input 0.5 ms: 2 - 0.5 = 1.5 ms exposed; MLP input 3 ms hides its 2 ms entirely
    expect(asyncBackwardTpSeconds(0.004, [0.0005, 0.003], false)).toBeCloseTo(0.0015, 12);
    expect(asyncBackwardTpSeconds(0.004, [0.003, 0.003], false)).toBe(0);
  });

  it("with sequence parallelism: the row-parallel all-gathers in line, the column-parallel pair behind GEMMs", () => {
    // 2 x 1 ms in line + (1 - 0.5) behind the dgrad and again behind the wgrad GEMM of the
    // attention input + nothing behind the MLP's 3 ms GEMMs = 3 ms
    expect(asyncBackwardTpSeconds(0.004, [0.0005, 0.003], true)).toBeCloseTo(0.003, 12);
    // with no GEMM to hide behind, six quarters: the input all-gathered a second time
    expect(asyncBackwardTpSeconds(0.004, [0, 0], true)).toBeCloseTo(0.006, 12);
    expect(asyncBackwardTpSeconds(0.004, [0, 0], false)).toBeCloseTo(0.004, 12);
  });

  it("stays within its bounds and never grows with longer GEMMs", () => {
    const gemm = fc.double({ min: 0, max: 0.05, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.tuple(gemm, gemm),
        fc.boolean(),
        fc.integer({ min: 0, max: 1 }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (comm, cols, sp, i, more) => {
          const x = asyncBackwardTpSeconds(comm, cols, sp);
          expect(x).toBeGreaterThanOrEqual((sp ? comm / 2 : 0) - 1e-15);
          expect(x).toBeLessThanOrEqual((sp ? 1.5 * comm : comm) + 1e-15);
          const longer: [number, number] = [cols[0], cols[1]];
          longer[i] += more;
          expect(asyncBackwardTpSeconds(comm, longer, sp)).toBeLessThanOrEqual(x + 1e-15);
        },
      ),
    );
  });
});

describe("the backward's asynchronous TP collectives in a training step", () => {
  // GPT-3 175B on 64 A100 (tp 8 · pp 8), without userbuffer overlap: its column-parallel GEMMs
  // (2048 tokens x 12288 x 4608 and x 6144 per rank) take longer than an all-reduce of the
  // 2048 x 12288 activations, so the async backward exposes nothing and the reported TP time is
  // the forward's alone, half of what the in-line backward leaves.
  const cat = loadCatalogs();
  const gpt3 = cat.models.find((m) => m.id === "gpt3-175b")!.arch;
  const run = (tpAsyncBackward: boolean, sequenceParallel: boolean) => {
    const r = evaluateTraining({
      arch: gpt3,
      device: cat.devices.find((d) => d.id === "nvidia-a100-80gb-sxm")!,
      calibration: cat.calibration,
      stacks: cat.stacks,
      stack: { engine: "megatron-core", tpCommOverlap: false, tpAsyncBackward },
      devices: 64,
      train: { seqLen: 2048, globalBatch: 64, precision: "bf16" },
      parallel: { tp: 8, pp: 8, dp: 1, microBatch: 1, recompute: "selective", zero: 0, sequenceParallel },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report;
  };

  it("hides the backward all-reduces entirely behind long weight-gradient GEMMs", () => {
    const inLine = run(false, false);
    const hidden = run(true, false);
    expect(hidden.step.tpComm).toBeCloseTo(inLine.step.tpComm / 2, 9);
    expect(hidden.step.stepSeconds).toBeLessThan(inLine.step.stepSeconds);
    expect(hidden.stack.from.tpAsyncBackward).toBe("scenario");
  });

  it("with sequence parallelism leaves the row-parallel all-gathers: three quarters of the in-line total", () => {
    const inLine = run(false, true);
    const hidden = run(true, true);
    // forward 4 quarters + backward 2 in line, against 4 + 4
    expect(hidden.step.tpComm).toBeCloseTo((inLine.step.tpComm * 6) / 8, 9);
  });

  it("is each Megatron engine's default, and off for the engines whose collectives run in line", () => {
    const stackOf = (
      engine: "megatron-core" | "megatron-bridge" | "nemo" | "mindspeed-llm" | "torchtitan" | "deepspeed",
    ) =>
      evaluateTraining({
        arch: gpt3,
        device: cat.devices.find((d) => d.id === "nvidia-a100-80gb-sxm")!,
        calibration: cat.calibration,
        stacks: cat.stacks,
        stack: { engine },
        devices: 64,
        train: { seqLen: 2048, globalBatch: 64, precision: "bf16" },
        parallel: { tp: 8, pp: 8, dp: 1 },
      });
    for (const [engine, on] of [
      ["megatron-core", true],
      ["megatron-bridge", true],
      ["nemo", true],
      ["mindspeed-llm", true],
      ["torchtitan", false],
      ["deepspeed", false],
    ] as const) {
      const r = stackOf(engine);
      if (!r.ok) throw new Error("evaluation failed");
      expect(r.report.stack.tpAsyncBackward).toBe(on);
    }
  });
});
