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
    const c = checkpointCost({ ...base, async: false });
    expect(c.saveSeconds).toBeCloseTo(2.8406, 6);
    expect(c.blockingSeconds).toBe(c.saveSeconds);
    expect(c.durabilityLagSeconds).toBe(0);
    expect(c.reloadSeconds).toBe(c.saveSeconds);
  });

  it("asynchronous: only the per-device snapshot to host memory blocks; durability lags by one write", () => {
    const c = checkpointCost({ ...base, async: true });
    expect(c.blockingSeconds).toBeCloseTo(5.6812e12 / 16_384 / 32e9, 12); // ~10.8 ms
    expect(c.durabilityLagSeconds).toBeCloseTo(2.8406, 6);
  });

  it("rejects sizes and bandwidths that are not positive, naming the field", () => {
    expect(() => checkpointCost({ ...base, checkpointBytes: 0, async: false })).toThrow(/checkpointBytes/);
    expect(() => checkpointCost({ ...base, storageBytesPerSecond: 0, async: false })).toThrow(/storage/);
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
