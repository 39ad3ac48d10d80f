import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import {
  effectiveTrainingTimeFraction,
  expectedInterruptions,
  jobMtbfSeconds,
  lostWorkPerFailureSeconds,
  wallClockDays,
} from "./goodput.ts";
import { ratesFor } from "./rates-for.ts";
import { type ReliabilityInput, reliabilityReport } from "./report.ts";

const hopper = ratesFor("nvidia-h100-sxm", "NVIDIA", loadReliabilityCatalog());

describe("goodput, worked by hand", () => {
  it("expected interruptions and job MTBF", () => {
    expect(expectedInterruptions(1.9733e-5, 16_384, 54 * 24)).toBeCloseTo(419, 0);
    expect(expectedInterruptions(1e-5, 1000, 10, 2)).toBeCloseTo(0.2, 12);
    expect(jobMtbfSeconds(1e-5, 1000)).toBeCloseTo(360_000, 6);
    expect(jobMtbfSeconds(0, 1000)).toBe(Infinity);
  });

  // M = 10,000 s, tau = 1,000 s, delta = 100 s, R = 500 s:
  // f = tau / (M e^(R/M) (e^((tau+delta)/M) - 1)) = 1000 / (10000 x e^0.05 x (e^0.11 - 1)) = 0.818064;
  // first order: 1 - delta/tau - tau/2M - R/M = 1 - 0.1 - 0.05 - 0.05 = 0.80.
  it("Daly's complete model, and its first-order reading", () => {
    const g = {
      intervalSeconds: 1000,
      blockingSeconds: 100,
      durabilityLagSeconds: 0,
      restartSeconds: 500,
      mtbfSeconds: 10_000,
      plannedPerSecond: 0,
      plannedCostSeconds: 0,
    };
    const f = effectiveTrainingTimeFraction(g);
    expect(f).toBeCloseTo(1000 / (10_000 * Math.exp(0.05) * (Math.exp(0.11) - 1)), 12);
    expect(f).toBeCloseTo(0.81806, 5);
    expect(Math.abs(f - 0.8)).toBeLessThan(0.02);
    // planned stops: one per 20,000 s costing 200 s -> divide by 1.01
    expect(
      effectiveTrainingTimeFraction({ ...g, plannedPerSecond: 1 / 20_000, plannedCostSeconds: 200 }),
    ).toBeCloseTo(f / 1.01, 12);
    // no failures: only the checkpoint writes cost
    expect(effectiveTrainingTimeFraction({ ...g, mtbfSeconds: Infinity })).toBeCloseTo(1000 / 1100, 12);
    expect(lostWorkPerFailureSeconds(1000, 0, 500)).toBe(1000);
    expect(wallClockDays(45, 0.9)).toBeCloseTo(50, 12);
  });
});

describe("goodput invariants (fast-check, through reliabilityReport)", () => {
  const scenario = fc.record({
    devices: fc.integer({ min: 1, max: 100_000 }),
    extraDevices: fc.integer({ min: 0, max: 100_000 }),
    multiplier: fc.double({ min: 0.05, max: 10, noNaN: true }),
    multiplierFactor: fc.double({ min: 1, max: 10, noNaN: true }),
    checkpointBytes: fc.double({ min: 1e9, max: 2e13, noNaN: true }),
    storageGBps: fc.double({ min: 10, max: 10_000, noNaN: true }),
    asyncCheckpoint: fc.boolean(),
    restartMinutes: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: undefined }),
    hotSpares: fc.integer({ min: 0, max: 2 }),
    durationDays: fc.double({ min: 1, max: 100, noNaN: true }),
    intervalMinutes: fc.option(fc.double({ min: 1, max: 600, noNaN: true }), { nil: undefined }),
  });
  type S = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const fraction = (s: S, devices: number, multiplier: number) => {
    const input: ReliabilityInput = {
      deviceId: "nvidia-h100-sxm",
      vendor: "NVIDIA",
      devices,
      devicesPerNode: 8,
      checkpointBytes: s.checkpointBytes,
      rates: hopper,
      spec: {
        durationDays: s.durationDays,
        failureRateMultiplier: multiplier,
        storageGBps: s.storageGBps,
        asyncCheckpoint: s.asyncCheckpoint,
        restartMinutes: s.restartMinutes,
        hotSpares: s.hotSpares,
        checkpointIntervalMinutes: s.intervalMinutes,
        trials: 1,
      },
    };
    return reliabilityReport(input).effectiveTrainingTimeFraction;
  };

  it("the fraction lies in (0, 1]", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const f = fraction(s, s.devices, s.multiplier);
        return f > 0 && f <= 1;
      }),
      { numRuns: 300 },
    );
  });

  // Synchronous checkpoints cost the same whatever the device count (bytes / aggregate storage
  // bandwidth), so more devices only add failures. Asynchronous snapshots are not covered: each
  // device copies bytes/devices to host memory, so more devices make each checkpoint cheaper, and
  // with rare failures that can win (the last test shows it); that is physics, not a bug.
  it("more devices never raise the fraction (synchronous checkpoints)", () => {
    fc.assert(
      fc.property(scenario, (s0) => {
        const s = { ...s0, asyncCheckpoint: false };
        const f1 = fraction(s, s.devices, s.multiplier);
        const f2 = fraction(s, s.devices + s.extraDevices, s.multiplier);
        return f2 <= f1 * (1 + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("a higher failure multiplier never raises the fraction", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const f1 = fraction(s, s.devices, s.multiplier);
        const f2 = fraction(s, s.devices, s.multiplier * s.multiplierFactor);
        return f2 <= f1 * (1 + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("asynchronous snapshots get cheaper with more devices, which can outweigh rare failures", () => {
    const s = {
      devices: 1,
      extraDevices: 1,
      multiplier: 0.05,
      multiplierFactor: 1,
      checkpointBytes: 1e9,
      storageGBps: 10,
      asyncCheckpoint: true,
      restartMinutes: 0,
      hotSpares: 0,
      durationDays: 1,
      intervalMinutes: 1,
    };
    expect(fraction(s, 2, s.multiplier)).toBeGreaterThan(fraction(s, 1, s.multiplier));
  });
});
