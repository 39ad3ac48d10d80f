// Sequence-parallel communication overlapped with the GEMMs (Transformer Engine userbuffers,
// Ascend MC2): each collective hides only behind its own GEMM, in tp pipelined chunks. Worked by
// hand on 8 ms of traffic per direction (2 ms per collective) at tp 8 (one chunk: 0.25 ms).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { overlappedTpSeconds } from "./step.ts";

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
