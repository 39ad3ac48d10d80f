import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import { familyRates, ratesFor } from "./rates-for.ts";
import { type ReliabilityInput, reliabilityReport } from "./report.ts";

const catalog = loadReliabilityCatalog();

// validation/cases/reliability/llama3-405b-interruptions.yaml, inlined: 16,384 H100 SXM,
// 8 per server, a 54-day snapshot; measured 419 unexpected interruptions and an effective
// training time "higher than 90%". Checkpoint: Llama 3.1 405B, 405.8e9 params x (2 bytes bf16
// weights + 12 bytes fp32 master weights and Adam moments).
const llama3: ReliabilityInput = {
  deviceId: "nvidia-h100-sxm",
  vendor: "NVIDIA",
  devices: 16_384,
  devicesPerNode: 8,
  checkpointBytes: 405.8e9 * (2 + 12),
  spec: { durationDays: 54 },
  rates: ratesFor("nvidia-h100-sxm", "NVIDIA", catalog),
};
const MEASURED = { interruptions: 419, effectiveTrainingTimeFraction: 0.9 };
const errorPct = (predicted: number, measured: number) => (100 * (predicted - measured)) / measured;

describe("validation: llama3-405b-interruptions", () => {
  const r = reliabilityReport(llama3);

  it("interruptions within 25% of the measured 419 (rate from the catalog's Hopper entry)", () => {
    // in-sample: Llama 3's own count is the median of the NVIDIA fleets (src/reliability/cross-validate
    // .test.ts predicts it with Llama 3 left out)
    expect(r.rates.entryId).toBe("nvidia-hopper");
    expect(r.interruptionsInterval.low).toBeLessThanOrEqual(419);
    expect(r.interruptionsInterval.high).toBeGreaterThanOrEqual(419);
    expect(Math.abs(errorPct(r.interruptions, MEASURED.interruptions))).toBeLessThan(25);
    expect(r.interruptions).toBeCloseTo(419, 0);
    expect(r.plannedInterruptions).toBeCloseTo(47, 0);
    expect(r.rates.jobMtbfHours).toBeCloseTo(3.09, 2);
  });

  it("effective training time within 25% of the measured 0.9, from restart, interval and save time", () => {
    expect(
      Math.abs(errorPct(r.effectiveTrainingTimeFraction, MEASURED.effectiveTrainingTimeFraction)),
    ).toBeLessThan(25);
    // the paper's figure is a lower bound ("higher than 90%"); the physics lands just above it
    expect(r.effectiveTrainingTimeFraction).toBeGreaterThan(0.9);
    expect(r.effectiveTrainingTimeFraction).toBeLessThan(0.95);
    expect(r.checkpoint.saveSeconds).toBeCloseTo(2.84, 2); // 5.68 TB at 2 TB/s: 2,048 nodes x 1 GB/s, capped
    expect(r.checkpoint.storageBasis).toBe("capped");
    expect(r.restart.totalSeconds).toBeCloseTo(632.84, 2); // 300 detect + 300 reschedule + 2.84 reload + 30 warm-up
    expect(r.interval.usedMinutes).toBeCloseTo(4.16, 2);
    expect(r.interval.youngMinutes).toBeCloseTo(4.19, 2);
  });

  it("the fraction is physics, not a constant: it moves with the restart time", () => {
    const slow = reliabilityReport({
      ...llama3,
      spec: { durationDays: 54, restartMinutes: 60, trials: 200 },
    });
    expect(slow.effectiveTrainingTimeFraction).toBeLessThan(0.75);
    const spares = reliabilityReport({ ...llama3, spec: { durationDays: 54, hotSpares: 4, trials: 200 } });
    expect(spares.restart.rescheduleSeconds).toBe(20);
    expect(spares.restart.spareDevices).toBe(32);
    expect(spares.effectiveTrainingTimeFraction).toBeGreaterThan(r.effectiveTrainingTimeFraction);
  });

  it("Monte Carlo at a point rate: mean completion equals the 54-day span, per-component counts add up", () => {
    const f = llama3.rates.unexpectedPerDeviceHour;
    const point = {
      ...llama3.rates,
      unexpectedPerDeviceHour: { value: f.value, sources: f.sources, confidence: f.confidence },
    };
    const mc = reliabilityReport({ ...llama3, rates: point }).monteCarlo!;
    expect(mc.rateDrawn).toBe(false);
    expect(mc.trials).toBe(10_000);
    expect(mc.meanDays / 54).toBeCloseTo(1, 2);
    expect(mc.p50Days).toBeLessThan(mc.p90Days);
    expect(mc.histogram.reduce((n, b) => n + b.count, 0)).toBe(10_000);
    const sum = Object.values(r.byComponent).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(r.interruptions, 9);
  });
});

describe("reliabilityReport", () => {
  const small = { ...llama3, spec: { durationDays: 54, trials: 500 } };

  it("same seed, same report; another seed, another distribution", () => {
    const a = reliabilityReport(small);
    expect(reliabilityReport(small)).toEqual(a);
    const b = reliabilityReport({ ...small, spec: { ...small.spec, seed: 2 } });
    expect(b.monteCarlo!.p50Days).not.toBe(a.monteCarlo!.p50Days);
    expect(b.effectiveTrainingTimeFraction).toBe(a.effectiveTrainingTimeFraction);
  });

  it("a train estimate's useful days: the wall clock is useful / goodput", () => {
    const r = reliabilityReport({ ...small, durationDays: 45 });
    expect(r.durationBasis).toBe("useful");
    expect(r.wallClockDays).toBeCloseTo(45 / r.effectiveTrainingTimeFraction, 12);
    expect(r.interruptions).toBeCloseTo((419 / (16_384 * 54 * 24)) * 16_384 * r.wallClockDays * 24, 9);
    // the drawn rates have a median at the value but a longer upper tail: the mean run is longer
    expect(r.monteCarlo!.rateDrawn).toBe(true);
    expect(r.monteCarlo!.p50Days / r.wallClockDays).toBeCloseTo(1, 1);
    expect(r.monteCarlo!.meanDays).toBeGreaterThan(r.wallClockDays);
  });

  it("deadline probability and the break-even failure rate", () => {
    const r = reliabilityReport({ ...small, spec: { ...small.spec, deadlineDays: 54 } });
    expect(r.monteCarlo!.probabilityByDeadline).toBeGreaterThan(0.2);
    expect(r.monteCarlo!.probabilityByDeadline).toBeLessThan(0.8);
    // the useful work of a 54-day span at the value's goodput finishes in 54 days at the value itself
    expect(r.breakEven).toMatchObject({ status: "found", deadlineDays: 54 });
    expect(r.breakEven!.multiplier).toBeCloseTo(1, 6);
    const late = reliabilityReport({ ...small, spec: { ...small.spec, deadlineDays: 80 } });
    expect(late.monteCarlo!.probabilityByDeadline).toBe(1);
    expect(late.breakEven!.multiplier!).toBeGreaterThan(1);
    expect(late.rangeGoodput.high.meetsDeadline).toBe(late.rangeGoodput.high.wallClockDays <= 80);
    expect(reliabilityReport(small).breakEven).toBeNull();
  });

  it("a small job checkpoints at its nodes' share of storage; an in-memory tier restores from a peer", () => {
    const sixtyFour = reliabilityReport({ ...small, devices: 64, checkpointBytes: 70e9 * 14 });
    expect(sixtyFour.checkpoint).toMatchObject({ storageGBps: 8, storageBasis: "per-node" });
    expect(sixtyFour.checkpoint.saveSeconds).toBeCloseTo((70e9 * 14) / 8e9, 9);
    const mem = reliabilityReport({
      ...small,
      devices: 64,
      checkpointBytes: 70e9 * 14,
      scaleOutGbpsPerDevice: 400,
      spec: { ...small.spec, inMemoryCheckpoint: true },
    });
    expect(mem.checkpoint.tier).toBe("memory");
    // 15.3 GB shard over 50 GB/s to a peer, against 122.5 s from 8 GB/s storage
    expect(mem.checkpoint.reloadSeconds).toBeCloseTo((70e9 * 14) / 64 / 32e9, 9);
    expect(mem.restart.totalSeconds).toBeLessThan(sixtyFour.restart.totalSeconds - 100);
    expect(mem.effectiveTrainingTimeFraction).toBeGreaterThan(sixtyFour.effectiveTrainingTimeFraction);
  });

  it("hosts scale per node: nodes of four add Llama 3's host share again", () => {
    const four = reliabilityReport({ ...small, devicesPerNode: 4 });
    expect(four.interruptions).toBeCloseTo(419 + 46, 6);
    expect(four.jobRate.byUnit.nodes).toBeCloseTo(2 * reliabilityReport(small).jobRate.byUnit.nodes, 12);
  });

  it("counts lost device-hours and runs the plan at every family's range when asked", () => {
    const r = reliabilityReport({ ...small, compare: familyRates(catalog) });
    expect(r.lostDeviceHours.value).toBeCloseTo(16_384 * (r.wallClockDays - r.usefulDays) * 24, 6);
    expect(r.lostDeviceHours.low).toBeLessThan(r.lostDeviceHours.value);
    expect(r.lostDeviceHours.high).toBeGreaterThan(r.lostDeviceHours.value);
    const ids = r.comparison.map((c) => c.entryId);
    expect(ids).toEqual(expect.arrayContaining(["nvidia-hopper", "huawei-ascend-910c"]));
    const ascend = r.comparison.find((c) => c.entryId === "huawei-ascend-910c")!;
    expect(ascend.vendorClaim).toBe(true);
    expect(ascend.high.effectiveTrainingTimeFraction).toBeLessThan(ascend.low.effectiveTrainingTimeFraction);
    expect(reliabilityReport(small).comparison).toEqual([]);
  });

  it("asynchronous checkpoints: only the snapshot blocks, the interval shortens, goodput rises", () => {
    const r = reliabilityReport({ ...small, spec: { ...small.spec, asyncCheckpoint: true } });
    expect(r.checkpoint.blockingSeconds).toBeLessThan(0.05);
    expect(r.checkpoint.durabilityLagSeconds).toBeCloseTo(2.84, 2);
    expect(r.interval.usedMinutes * 60).toBeGreaterThanOrEqual(r.checkpoint.durabilityLagSeconds);
    expect(r.effectiveTrainingTimeFraction).toBeGreaterThan(
      reliabilityReport(small).effectiveTrainingTimeFraction,
    );
  });

  it("the failure multiplier scales interruptions; the scenario's interval is used as given", () => {
    const r = reliabilityReport({
      ...small,
      spec: { ...small.spec, failureRateMultiplier: 2, checkpointIntervalMinutes: 30 },
    });
    expect(r.interruptions).toBeCloseTo(838, 0);
    expect(r.interval).toMatchObject({ usedMinutes: 30, chosen: "scenario" });
  });

  it("flags default and ranged rates, vendor claims, and lists every assumption with its source", () => {
    const mlu = reliabilityReport({
      ...small,
      deviceId: "cambricon-mlu590",
      vendor: "Cambricon",
      rates: ratesFor("cambricon-mlu590", "Cambricon", catalog),
    });
    expect(mlu.rates.isDefault).toBe(true);
    expect(mlu.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["default_used", "figure_is_range"]),
    );
    expect(mlu.interruptionsRange!.low).toBeLessThan(mlu.interruptions);
    const ascend = reliabilityReport({ ...small, rates: ratesFor("huawei-ascend-910c", "Huawei", catalog) });
    expect(ascend.rates.vendorClaim).toBe(true);
    const names = reliabilityReport(small).assumptions.map((a) => a.name);
    expect(names).toEqual([
      "storageGBpsPerNode",
      "storageCapGBps",
      "detectSeconds",
      "rescheduleSeconds",
      "warmupSeconds",
    ]);
  });

  it("skips the Monte Carlo when failures swamp the run, and says why", () => {
    const r = reliabilityReport({
      ...small,
      spec: { durationDays: 54, failureRateMultiplier: 1000, trials: 10_000 },
    });
    expect(r.monteCarlo).toBeNull();
    expect(r.monteCarloSkipped).toMatch(/budget/);
  });

  it("bad input names the field", () => {
    expect(() => reliabilityReport({ ...small, spec: {} })).toThrow(/reliability\.durationDays/);
    expect(() => reliabilityReport({ ...small, spec: { durationDays: 5, seed: -1 } })).toThrow(
      /reliability\.seed/,
    );
    expect(() =>
      reliabilityReport({ ...small, spec: { durationDays: 5, durationDayz: 5 } as never }),
    ).toThrow(/durationDayz/);
    expect(() => reliabilityReport({ ...small, devices: 0 })).toThrow(/devices/);
    expect(() => reliabilityReport({ ...small, checkpointBytes: 0 })).toThrow(/checkpointBytes/);
  });
});
