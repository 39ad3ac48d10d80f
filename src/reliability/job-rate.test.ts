import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jobRate } from "./job-rate.ts";

// Llama 3 Table 5 shares (of 419)
const shares = {
  accelerator: 196 / 419,
  hbm: 72 / 419,
  host: 43 / 419,
  nic: 7 / 419,
  switchCable: 35 / 419,
  storage: 3 / 419,
  software: 63 / 419,
};
const llama = {
  perDeviceHour: 419 / (16_384 * 54 * 24),
  componentShares: shares,
  referenceDevicesPerNode: 8,
  devices: 16_384,
  devicesPerNode: 8,
};

describe("jobRate: devices, hosts and links", () => {
  it("reproduces the measured fleet: 419 interruptions in 54 days on 16,384 H100 in nodes of 8", () => {
    const j = jobRate(llama);
    expect(j.perHour * 54 * 24).toBeCloseTo(419, 9);
    expect((j.byComponent.host + j.byComponent.storage) * 54 * 24).toBeCloseTo(46, 9);
    expect(j.byUnit.links * 54 * 24).toBeCloseTo(42, 9);
  });

  it("hosts scale with nodes: four devices a node doubles the host and local-storage faults, not the rest", () => {
    const eight = jobRate(llama);
    const four = jobRate({ ...llama, devicesPerNode: 4 });
    expect(four.byUnit.nodes).toBeCloseTo(2 * eight.byUnit.nodes, 12);
    expect(four.byUnit.devices).toBeCloseTo(eight.byUnit.devices, 12);
    expect(four.perHour * 54 * 24).toBeCloseTo(419 + 46, 9);
  });

  it("links scale with the scale-out ports a device has", () => {
    const two = jobRate({ ...llama, linksPerDevice: 2 });
    expect(two.byUnit.links).toBeCloseTo(2 * jobRate(llama).byUnit.links, 12);
  });

  it("is linear in devices at a fixed node size and in the multiplier", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (nodes, m) => {
          const a = jobRate({ ...llama, devices: nodes * 8 });
          const b = jobRate({ ...llama, devices: nodes * 16, failureRateMultiplier: m });
          return Math.abs(b.perHour - 2 * m * a.perHour) <= 1e-9 * b.perHour;
        },
      ),
    );
  });
});
