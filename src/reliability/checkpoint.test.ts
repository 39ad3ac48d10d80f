import { describe, expect, it } from "vitest";
import { checkpointCost } from "./checkpoint.ts";
import { restartCost } from "./restart.ts";

describe("checkpoint cost", () => {
  const base = {
    checkpointBytes: 5.6812e12, // Llama 3.1 405B: 405.8e9 params x 14 bytes
    devices: 16_384,
    storageBytesPerSecond: 2e12,
    hostCopyBytesPerSecond: 32e9,
  };

  it("synchronous: training waits for the whole write at the aggregate bandwidth", () => {
    const c = checkpointCost({ ...base, tier: "sync" });
    expect(c.saveSeconds).toBeCloseTo(2.8406, 6);
    expect(c.blockingSeconds).toBe(c.saveSeconds);
    expect(c.durabilityLagSeconds).toBe(0);
    expect(c.reloadSeconds).toBe(c.saveSeconds);
  });

  it("asynchronous: only the per-device snapshot to host memory blocks; durability lags by one write", () => {
    const c = checkpointCost({ ...base, tier: "async" });
    expect(c.blockingSeconds).toBeCloseTo(5.6812e12 / 16_384 / 32e9, 12); // ~10.8 ms
    expect(c.durabilityLagSeconds).toBeCloseTo(2.8406, 6);
  });

  it("in memory (GEMINI): the snapshot blocks, a peer replica over the scale-out NIC makes it durable and restores it", () => {
    // 346.8 MB shard per device over 400 Gb/s = 50 GB/s: 6.9 ms; storage is written in the background
    const c = checkpointCost({ ...base, tier: "memory", scaleOutBytesPerSecond: 50e9 });
    const shard = 5.6812e12 / 16_384;
    expect(c.blockingSeconds).toBeCloseTo(shard / 32e9, 12);
    expect(c.durabilityLagSeconds).toBeCloseTo(shard / 50e9, 12);
    expect(c.reloadSeconds).toBeCloseTo(shard / 32e9, 12); // the host-to-device copy is the slower leg here
    expect(c.reloadSeconds).toBeLessThan(checkpointCost({ ...base, tier: "async" }).reloadSeconds / 100);
    expect(() => checkpointCost({ ...base, tier: "memory" })).toThrow(/scale-out/);
  });

  it("rejects sizes and bandwidths that are not positive, naming the field", () => {
    expect(() => checkpointCost({ ...base, checkpointBytes: 0, tier: "sync" })).toThrow(/checkpointBytes/);
    expect(() => checkpointCost({ ...base, storageBytesPerSecond: 0, tier: "sync" })).toThrow(/storage/);
  });
});

describe("restart cost", () => {
  const phases = {
    detectSeconds: 300,
    rescheduleSeconds: 300,
    spareSwapSeconds: 20,
    reloadSeconds: 3,
    warmupSeconds: 30,
  };

  it("sums detect, reschedule, reload and warm-up; a planned stop skips detection", () => {
    const r = restartCost({ ...phases, hotSpares: 0 });
    expect(r.totalSeconds).toBe(633);
    expect(r.plannedSeconds).toBe(333);
  });

  it("a hot spare turns the reschedule into a swap", () => {
    const r = restartCost({ ...phases, hotSpares: 2 });
    expect(r.rescheduleSeconds).toBe(20);
    expect(r.totalSeconds).toBe(353);
  });

  it("the scenario's restartMinutes replaces the sum", () => {
    const r = restartCost({ ...phases, hotSpares: 0, overrideSeconds: 900 });
    expect(r).toMatchObject({
      totalSeconds: 900,
      plannedSeconds: 900,
      overridden: true,
      detectSeconds: null,
    });
  });
});
