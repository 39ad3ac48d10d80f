// The data-parallel time a schedule cannot hide: the chunk whose gradients finish last is reduced
// behind its own last backward only, the chunk first needed is gathered behind its own first
// forward, and the bucket that completes a chunk behind nothing (Megatron-Core buckets of
// max(40M, 1M x dp) parameters). Worked by hand on a 4-member group inside one node with no
// latency: a reduce-scatter or all-gather of X bytes takes (3/4) X / 1e11 s.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Group } from "../collectives/group.ts";
import { bucketParams, dataParallelSeconds } from "./step-terms.ts";

const g: Group = {
  n: 4,
  intra: 4,
  inter: 1,
  kind: "switched",
  upBytesPerSecond: 1e11,
  peerBytesPerSecond: 1e11,
  outBytesPerSecond: 1e10,
  latencySeconds: 0,
};

type Layout = Parameters<typeof dataParallelSeconds>[0]["layout"];
const layout = (o: Partial<Layout>) =>
  ({ microBatches: 8, zero: 1, vpp: 1, pp: 4, dp: 4, cp: 1, schedule: "1f1b", ...o }) as Layout;

const exposed = (l: Layout, B: number, F: number, psi = 4e9) =>
  dataParallelSeconds({
    layout: l,
    denseParams: psi,
    expertParams: 0,
    gradientBytes: 2,
    paramBytes: 2,
    forwardSeconds: F,
    backwardSeconds: B,
    groups: { dp: g, edp: g },
  }).exposedSeconds;

describe("data-parallel exposure", () => {
  // 4e9 parameters x 2 bytes: reduce-scatter 0.06 s, all-gather 0.06 s
  it("interleaved: the last chunk's reduction shows even where the window covers the total", () => {
    // v 4, pp 4, m 8: window 1 + (3/4)(4 - 1) = 3.25 backward passes of 0.02 s = 0.065 s > 0.06 s;
    // but the last chunk (1/4 of it) only has its own 0.02/4 s: (0.06 - 0.02) / 4 = 0.01 s, and
    // the same for the first chunk's gather behind its forward: 0.02 s in all
    const l = layout({ schedule: "interleaved", vpp: 4 });
    expect(exposed(l, 0.02, 0.02)).toBeCloseTo(0.02, 12);
  });
  it("interleaved: where the window is short the queue sets it (0.06 - 3.25 x 0.01 = 0.0275 s each)", () => {
    const l = layout({ schedule: "interleaved", vpp: 4 });
    expect(exposed(l, 0.01, 0.01)).toBeCloseTo(2 * 0.0275, 12);
  });
  it("1F1B behind a long backward: one bucket each way (40M of 4e9 parameters: 0.0006 s)", () => {
    expect(exposed(layout({}), 1, 1)).toBeCloseTo(2 * 0.0006, 12);
    // 64-way data parallelism: buckets of 64M parameters
    expect(bucketParams(layout({ dp: 64 }))).toBe(64e6);
    expect(exposed(layout({ dp: 64 }), 1, 1)).toBeCloseTo(2 * 0.06 * (64e6 / 4e9), 12);
  });
  it("a model smaller than one bucket shows all of its reduction and gather", () => {
    // 2e7 parameters: 0.0003 s each way, nothing to overlap with
    expect(exposed(layout({}), 1, 1, 2e7)).toBeCloseTo(2 * 0.0003, 12);
  });
  // virtual stages, micro-batches, backward and forward seconds of one micro-batch
  const schedules = [
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 16 }),
    fc.double({ min: 1e-4, max: 1, noNaN: true }),
    fc.double({ min: 1e-4, max: 1, noNaN: true }),
  ] as const;
  it("never less than the window formula, never more than the traffic, and no worse with more compute", () => {
    fc.assert(
      fc.property(...schedules, fc.double({ min: 1, max: 3, noNaN: true }), (v, m, B, F, k) => {
        const l = layout({ schedule: v > 1 ? "interleaved" : "1f1b", vpp: v, microBatches: m });
        const w = v > 1 ? 1 + ((v - 1) / v) * (Math.min(m, 4) - 1) : 1;
        const e = exposed(l, B, F);
        expect(e).toBeGreaterThanOrEqual(Math.max(0, 0.06 - w * B) + Math.max(0, 0.06 - w * F) - 1e-15);
        expect(e).toBeLessThanOrEqual(0.12 + 1e-15);
        expect(exposed(l, k * B, k * F)).toBeLessThanOrEqual(e + 1e-15);
      }),
    );
  });
  it("ZeRO-2 and ZeRO-3 expose at least what the level below does: their last reduction has the same floor", () => {
    fc.assert(
      fc.property(...schedules, (v, m, B, F) => {
        const at = (zero: 1 | 2 | 3) =>
          exposed(layout({ schedule: v > 1 ? "interleaved" : "1f1b", vpp: v, microBatches: m, zero }), B, F);
        expect(at(2)).toBeGreaterThanOrEqual(at(1) - 1e-15);
        expect(at(3)).toBeGreaterThanOrEqual(at(2) - 1e-15);
      }),
    );
    // one micro-batch behind a long backward: ZeRO-2 shows the same bucket as ZeRO-1
    expect(exposed(layout({ zero: 2, microBatches: 1 }), 1, 1)).toBeCloseTo(2 * 0.0006, 12);
  });
});
