import { describe, expect, it } from "vitest";
import type { Observation } from "./catalog-schema.ts";
import { coveredShare, observationRate } from "./observation-rate.ts";

const llamaShares = {
  accelerator: 196 / 419,
  hbm: 72 / 419,
  host: 43 / 419,
  nic: 7 / 419,
  switchCable: 35 / 419,
  storage: 3 / 419,
  software: 63 / 419,
};
const base = { source: "s", generation: "g", vendor: "V", confidence: "paper", fleet: "mature" } as const;

describe("observationRate", () => {
  it("a count over devices x days x 24 h (Llama 3: 419 / 21,233,664 GPU-h = 1.9733e-5)", () => {
    const o: Observation = {
      ...base,
      id: "l",
      kind: "count",
      devices: 16_384,
      devicesPerNode: 8,
      days: 54,
      interruptions: 419,
    };
    const r = observationRate(o, llamaShares);
    expect(r.perDeviceHour).toBeCloseTo(1.9733e-5, 9);
    expect(r.low).toBe(r.perDeviceHour);
    expect(r.highAllCauses).toBe(r.high);
  });

  it("a count given as a range over a loose period spans both (BLOOM 17-33 in 117 days; MegaScale 100 in 2-6 weeks)", () => {
    const bloom: Observation = {
      ...base,
      id: "b",
      kind: "count",
      devices: 384,
      devicesPerNode: 8,
      days: 117,
      interruptions: 25,
      interruptionsLow: 17,
      interruptionsHigh: 33,
      covers: ["accelerator", "hbm"],
    };
    const r = observationRate(bloom, llamaShares);
    expect(r.low).toBeCloseTo(17 / 1_078_272, 12);
    expect(r.high).toBeCloseTo(33 / 1_078_272, 12);
    // GPU failures only: (196 + 72) / 419 of interruptions, so all causes = 33 / 1,078,272 / 0.6396
    expect(r.coveredShare).toBeCloseTo(268 / 419, 12);
    expect(r.highAllCauses).toBeCloseTo(33 / 1_078_272 / (268 / 419), 12);
    const mega: Observation = {
      ...base,
      id: "m",
      kind: "count",
      devices: 12_288,
      devicesPerNode: 8,
      days: 21,
      daysLow: 14,
      daysHigh: 42,
      interruptions: 100,
    };
    const m = observationRate(mega, llamaShares);
    expect(m.low).toBeCloseTo(100 / (12_288 * 42 * 24), 12);
    expect(m.high).toBeCloseTo(100 / (12_288 * 14 * 24), 12);
  });

  it("a bound keeps its ends; its nominal is the geometric centre", () => {
    const b: Observation = {
      ...base,
      id: "h",
      kind: "bound",
      perDeviceHourLow: 4e-6,
      perDeviceHourHigh: 1e-4,
      vendorClaim: true,
    };
    const r = observationRate(b, llamaShares);
    expect(r.perDeviceHour).toBeCloseTo(2e-5, 12);
    expect([r.low, r.high]).toEqual([4e-6, 1e-4]);
  });

  it("covered share: every cause without a list; a list of components with no weight says nothing", () => {
    expect(coveredShare(undefined, llamaShares)).toBe(1);
    expect(coveredShare(["host"], { ...llamaShares, host: 0 })).toBe(1);
    expect(coveredShare(["nic", "switchCable"], llamaShares)).toBeCloseTo(42 / 419, 12);
  });
});
