// Conformance suite for the pipeline schedules, and the papers' bubble formulas by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCHEDULES, type ScheduleKind } from "./schedule.ts";

const even = (pp: number, f: number, b: number) => ({
  forward: Array(pp).fill(f),
  backward: Array(pp).fill(b),
  weightGradFraction: 0.5,
});

describe("pipeline schedules", () => {
  for (const kind of Object.keys(SCHEDULES) as ScheduleKind[]) {
    it(`${kind}: never shorter than the steady state, positive, grows with micro-batches`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 16 }).map((x) => x * 2),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 200 }),
          fc.double({ min: 1e-4, max: 1, noNaN: true }),
          (pp, vpp, m, f) => {
            const s = SCHEDULES[kind];
            const t = s.pipelineSeconds({ pp, vpp, microBatches: m, stages: even(pp, f, 2 * f) });
            expect(t).toBeGreaterThanOrEqual(m * 3 * f * 0.999999);
            expect(Number.isFinite(t)).toBe(true);
            expect(
              s.pipelineSeconds({ pp, vpp, microBatches: m + 1, stages: even(pp, f, 2 * f) }),
            ).toBeGreaterThan(t);
          },
        ),
      );
    });
  }

  it("1F1B bubble is (p-1)(F+B) (Narayanan et al. 2021 Sec. 2.2.1)", () => {
    const t = SCHEDULES["1f1b"].pipelineSeconds({ pp: 8, vpp: 1, microBatches: 32, stages: even(8, 1, 2) });
    expect(t).toBeCloseTo(32 * 3 + 7 * 3, 9);
  });

  it("interleaving divides the bubble by v (Sec. 2.2.2)", () => {
    const t = SCHEDULES.interleaved.pipelineSeconds({
      pp: 8,
      vpp: 4,
      microBatches: 32,
      stages: even(8, 1, 2),
    });
    expect(t).toBeCloseTo(32 * 3 + (7 * 3) / 4, 9);
  });

  it("ZB-H1 leaves (p-1)(F + B - W) with B, W the halves of the backward (Qi et al. 2023)", () => {
    const t = SCHEDULES["zero-bubble"].pipelineSeconds({
      pp: 8,
      vpp: 1,
      microBatches: 32,
      stages: even(8, 1, 2),
    });
    // F = 1, B = W = 1: bubble (p-1)·1 instead of (p-1)·3
    expect(t).toBeCloseTo(32 * 3 + 7 * 1, 9);
  });

  it("DualPipe bubble is (p/2-1)(F&B + B - 3W) (DeepSeek-V3 Table 2) and keeps two parameter copies", () => {
    const t = SCHEDULES.dualpipe.pipelineSeconds({
      pp: 16,
      vpp: 1,
      microBatches: 120,
      stages: even(16, 1, 2),
    });
    // F&B = 3, B = 2, W = 1 -> 7 · (3 + 2 - 3) = 14
    expect(t).toBeCloseTo(120 * 3 + 14, 9);
    expect(SCHEDULES.dualpipe.parameterCopies).toBe(2);
    expect(SCHEDULES.dualpipe.inFlightMicroBatches(16, 1, 120)).toBe(17);
  });

  it("an uneven stage sets the steady state", () => {
    const stages = { forward: [1, 1, 2, 1], backward: [2, 2, 4, 2], weightGradFraction: 0.5 };
    const t = SCHEDULES["1f1b"].pipelineSeconds({ pp: 4, vpp: 1, microBatches: 10, stages });
    expect(t).toBeCloseTo(10 * 6 + (3 + 3 + 3), 9);
  });
});
