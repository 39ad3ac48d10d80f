import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breakEven, wallClockAt } from "./break-even.ts";
import type { RunPhysics } from "./goodput-at.ts";

// DeepSeek-V3-class on 4,096 NPUs: 9.56 TB checkpoint over 512 GB/s (18.7 s), 10.8 min restart
const physics: RunPhysics = {
  blockingSeconds: 18.7,
  durabilityLagSeconds: 0,
  restartSeconds: 648,
  plannedPerSecond: 0,
  plannedCostSeconds: 0,
  jobSeconds: 60 * 86400,
};
const nominal = { nominalJobPerHour: 0.074, nominalPerDeviceHour: 1.8e-5 };

describe("break-even failure rate", () => {
  it("at the break-even rate the expected wall clock is the deadline", () => {
    const b = breakEven({ physics, usefulDays: 61.7, deadlineDays: 70, ...nominal });
    expect(b.status).toBe("found");
    expect(wallClockAt(physics, 61.7, b.jobPerHour!)).toBeCloseTo(70, 6);
    expect(b.perDeviceHour! / b.multiplier!).toBeCloseTo(1.8e-5, 15);
    expect(b.jobMtbfHours).toBeCloseTo(1 / b.jobPerHour!, 12);
  });

  it("a deadline shorter than the failure-free run is missed at any rate; a loose one is met at any rate", () => {
    // without failures only the checkpoints cost: 61.7 days of work cannot finish in 61 days
    expect(breakEven({ physics, usefulDays: 61.7, deadlineDays: 61, ...nominal }).status).toBe(
      "misses-at-any-rate",
    );
    // a million times the rate still finishes within an unbounded deadline; a job that never fails always does
    expect(breakEven({ physics, usefulDays: 61.7, deadlineDays: Infinity, ...nominal }).status).toBe(
      "meets-at-any-rate",
    );
    expect(
      breakEven({
        physics,
        usefulDays: 61.7,
        deadlineDays: 70,
        nominalJobPerHour: 0,
        nominalPerDeviceHour: 0,
      }).status,
    ).toBe("meets-at-any-rate");
  });

  it("rises with the deadline and falls with the restart time (monotone)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 63, max: 120, noNaN: true }),
        fc.double({ min: 1, max: 30, noNaN: true }),
        fc.double({ min: 1.1, max: 5, noNaN: true }),
        (deadline, extra, slower) => {
          const a = breakEven({ physics, usefulDays: 61.7, deadlineDays: deadline, ...nominal });
          const later = breakEven({ physics, usefulDays: 61.7, deadlineDays: deadline + extra, ...nominal });
          const slow = breakEven({
            physics: { ...physics, restartSeconds: physics.restartSeconds * slower },
            usefulDays: 61.7,
            deadlineDays: deadline,
            ...nominal,
          });
          return later.multiplier! >= a.multiplier! && slow.multiplier! <= a.multiplier!;
        },
      ),
      { numRuns: 30 },
    );
  });
});
