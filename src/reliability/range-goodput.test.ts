import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import type { RunPhysics } from "./goodput-at.ts";
import { entryGoodput } from "./range-goodput.ts";
import { ratesFor } from "./rates-for.ts";

const catalog = loadReliabilityCatalog();
const physics: RunPhysics = {
  blockingSeconds: 18.7,
  durabilityLagSeconds: 0,
  restartSeconds: 648,
  plannedPerSecond: 0,
  plannedCostSeconds: 0,
  jobSeconds: 60 * 86400,
};
const units = {
  devices: 4096,
  devicesPerNode: 8,
  failureRateMultiplier: 1,
  usefulDays: 61.7,
  deadlineDays: 70,
};

describe("a plan across an entry's failure-rate range", () => {
  it("goodput falls and the wall clock and lost device-hours grow from the low to the high rate", () => {
    const g = entryGoodput(physics, units, ratesFor("huawei-ascend-910c", "Huawei", catalog));
    expect(g.vendorClaim).toBe(true);
    const pts = [g.low, g.value, g.high];
    for (let i = 1; i < 3; i++) {
      expect(pts[i].effectiveTrainingTimeFraction).toBeLessThan(pts[i - 1].effectiveTrainingTimeFraction);
      expect(pts[i].wallClockDays).toBeGreaterThan(pts[i - 1].wallClockDays);
      expect(pts[i].lostDeviceHours).toBeGreaterThan(pts[i - 1].lostDeviceHours);
    }
    // lost device-hours are the devices times the days not spent training
    expect(g.value.lostDeviceHours).toBeCloseTo(4096 * (g.value.wallClockDays - 61.7) * 24, 6);
  });

  it("the job rate scales with the per-device rate across the range", () => {
    const g = entryGoodput(physics, units, ratesFor("nvidia-h100-sxm", "NVIDIA", catalog));
    expect(g.high.jobPerHour / g.value.jobPerHour).toBeCloseTo(
      g.high.perDeviceHour / g.value.perDeviceHour,
      12,
    );
    expect(g.value.meetsDeadline).toBe(g.value.wallClockDays <= 70);
  });
});
