import { describe, expect, it } from "vitest";
import { DEFAULT_HOST_LINK_GBPS, swapSeconds } from "./swap.ts";
import { weightTransfer } from "./weight-transfer.ts";

const Gb = 1e9 / 8;
// 256 H800 with 400 Gb/s NICs; 64 Ascend 910C with 300 Gb/s; instances of 32 devices
const trainer = { devices: 256, outBytesPerSecond: 400 * Gb, upBytesPerSecond: 200e9, domainSize: 8 };
const rollout = {
  devices: 64,
  outBytesPerSecond: 300 * Gb,
  upBytesPerSecond: 392e9,
  domainSize: 384,
  devicesPerInstance: 32,
};

describe("weightTransfer", () => {
  it("disaggregated, hand-worked: 671 GB of int8 weights over the slower side's NICs", () => {
    // link: min(256 × 50 GB/s, 64 × 37.5 GB/s) = 2.4 TB/s; fan-out: 32 × 37.5 = 1.2 TB/s per copy
    const t = weightTransfer({
      weightBytes: 671e9,
      placement: "disaggregated",
      trainer,
      rollout,
      latencySeconds: 0,
    });
    expect(t.bytesPerSecond).toBeCloseTo(1.2e12, 0);
    expect(t.seconds).toBeCloseTo(671e9 / 1.2e12, 12);
    expect(t.over).toBe("scale-out NICs");
  });

  it("a given cross-fleet rate (a 100 Gb/s inter-DC link) sets the time when it is the slowest leg", () => {
    const t = weightTransfer({
      weightBytes: 671e9,
      placement: "disaggregated",
      trainer,
      rollout,
      crossFleetBytesPerSecond: 12.5e9,
      latencySeconds: 1e-3,
    });
    expect(t.seconds).toBeCloseTo(671e9 / 12.5e9 + 1e-3, 9);
    expect(t.over).toBe("cross-fleet link");
  });

  it("colocated: each device gathers its shard over the scale-up fabric", () => {
    const t = weightTransfer({
      weightBytes: 65.6e9,
      placement: "colocated",
      trainer,
      rollout: { ...rollout, devices: 8, devicesPerInstance: 4, domainSize: 8, upBytesPerSecond: 360e9 },
      latencySeconds: 0,
    });
    // 16.4 GB per device at 360 GB/s
    expect(t.seconds).toBeCloseTo(65.6e9 / 4 / 360e9, 12);
    expect(t.over).toBe("scale-up fabric");
  });
});

describe("swapSeconds", () => {
  it("optimizer and gradients out and back over a 32 GB/s PCIe 4.0 x16 link: 2 × 20 GB / 32 GB/s", () => {
    expect(DEFAULT_HOST_LINK_GBPS).toBe(32);
    expect(swapSeconds(20e9).seconds).toBeCloseTo(1.25, 12);
    expect(swapSeconds(20e9, 64).seconds).toBeCloseTo(0.625, 12);
  });
});
