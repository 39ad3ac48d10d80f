import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PHASES, type PhaseSeconds, rlStep } from "./rl-step.ts";

const phases: PhaseSeconds = { generation: 100, logProbs: 10, reward: 5, update: 40, transfer: 2, swap: 0 };

describe("rlStep", () => {
  it("synchronous: the phases one after another; busy shares of that", () => {
    const s = rlStep(phases, "disaggregated", 0);
    expect(s.stepSeconds).toBe(157);
    expect(s.rolloutBusyFraction).toBeCloseTo(100 / 157, 12);
    expect(s.trainerBusyFraction).toBeCloseTo(55 / 157, 12);
    expect(s.bottleneck).toBe("generation");
    expect(s.overlapped).toBe(false);
  });

  it("one step off-policy on two fleets: max(generation, scoring + update + transfer)", () => {
    const s = rlStep(phases, "disaggregated", 1);
    expect(s.stepSeconds).toBe(100);
    expect(s.rolloutBusyFraction).toBe(1);
    expect(s.trainerBusyFraction).toBeCloseTo(0.55, 12);
    const trainerBound = rlStep({ ...phases, update: 120 }, "disaggregated", 1);
    expect(trainerBound.stepSeconds).toBe(137);
    expect(trainerBound.bottleneck).toBe("update");
  });

  it("colocated: no overlap, the swap is on the path", () => {
    const p = { ...phases, swap: 3 };
    expect(rlStep(p, "colocated", 1).stepSeconds).toBe(160);
    expect(rlStep(p, "colocated", 1)).toEqual(rlStep(p, "colocated", 0));
  });

  it("off-policy is never slower than synchronous; the step is never shorter than any phase", () => {
    const arbPhases = fc.record(
      Object.fromEntries(PHASES.map((k) => [k, fc.double({ min: 0, max: 1e4, noNaN: true })])) as Record<
        keyof PhaseSeconds,
        fc.Arbitrary<number>
      >,
    );
    fc.assert(
      fc.property(
        arbPhases,
        fc.constantFrom("colocated" as const, "disaggregated" as const),
        (p, placement) => {
          const sync = rlStep(p, placement, 0);
          const off = rlStep(p, placement, 1);
          expect(off.stepSeconds).toBeLessThanOrEqual(sync.stepSeconds);
          for (const k of PHASES) expect(off.stepSeconds).toBeGreaterThanOrEqual(p[k] - 1e-9 * p[k]);
          expect(off.rolloutBusyFraction).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});
