// The host-issue flow line (src/train/step-terms.ts hostBoundSeconds), worked by hand and as
// properties: a stretch between synchronisations ends at G + max_i(H_1..i - G_1..i-1).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ForwardItem, LayerCost } from "./layer-cost.ts";
import type { Layout } from "./layout.ts";
import {
  gradAccumulationSeconds,
  hostBoundSeconds,
  type LayerTimes,
  optimizerBytesPerParam,
  optimizerSeconds,
} from "./step-terms.ts";

function layer(segments: ForwardItem[][], backward = 0, hostOpsBackward = 0): { t: LayerTimes } {
  const cost = {
    forwardSegments: segments,
    syncsForward: segments.length - 1,
    backward,
    hostOpsBackward,
    hostOpsForward: segments.flat().reduce((s, x) => s + x.hostOps, 0),
  } as unknown as LayerCost;
  return {
    t: {
      cost,
      tpExposed: 0,
      tpExposedBackward: 0,
      cpExposed: 0,
      epExposed: 0,
      recompute: 0,
      recomputeOps: 0,
    },
  };
}

const host = { secondsPerKernel: 1, syncSeconds: 0 };

describe("hostBoundSeconds", () => {
  // one stretch of (device seconds, host operations) in issue order, one second per operation
  const stretch = (items: [number, number][]) =>
    hostBoundSeconds([layer([items.map(([gpu, hostOps]) => ({ gpu, hostOps }))])], 0, 0, 0, host);

  it("a stretch's small operations ahead of its long kernel stall the device (hand-worked)", () => {
    // issue order (device s, host ops): (0, 3) (5, 0) (1, 1). Host done at 3, 3, 4; device before
    // each at 0, 0, 5: the lead is max(3, 3, -1) = 3 and the stretch ends at 6 + 3 = 9, where
    // max(device 6, host 4) would say 6.
    const r = stretch([
      [0, 3],
      [5, 0],
      [1, 1],
    ]);
    expect(r.forward).toBeCloseTo(9, 12);
    expect(r.gpuForward).toBeCloseTo(6, 12);
  });

  it("with the long kernel first the host hides behind it", () => {
    // host done at 1, 4, 5; device before each at 0, 5, 5: lead 1, end 7
    const r = stretch([
      [5, 1],
      [0, 3],
      [1, 1],
    ]);
    expect(r.forward).toBeCloseTo(7, 12);
  });

  it("a synchronisation restarts the host from behind: two stretches, each its own flow line", () => {
    const l = layer(
      [
        [{ gpu: 4, hostOps: 1 }],
        [
          { gpu: 0, hostOps: 2 },
          { gpu: 4, hostOps: 1 },
        ],
      ],
      0,
    );
    // first stretch: lead 1, ends at 5; second: host 2, 3 against device 0, 0: lead 3, ends at 7;
    // two layers: the second stretch of the first continues into the first of the second
    const one = hostBoundSeconds([l], 0, 0, 0, { secondsPerKernel: 1, syncSeconds: 0.5 });
    expect(one.forward).toBeCloseTo(5 + 0.5 + 7, 12);
    const two = hostBoundSeconds([l, l], 0, 0, 0, { secondsPerKernel: 1, syncSeconds: 0.5 });
    // stretch 2+3: items (0,2) (4,1) (4,1): host 2, 3, 4; device 0, 0, 4: lead 3, ends 11
    expect(two.forward).toBeCloseTo(5 + 0.5 + 11 + 0.5 + 7, 12);
  });

  it("lies between the larger and the sum of device and host time, and grows with the host cost (property)", () => {
    const item = fc.record({
      gpu: fc.double({ min: 0, max: 1e-3, noNaN: true }),
      hostOps: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        fc.double({ min: 1e-7, max: 1e-4, noNaN: true }),
        (segments, spo) => {
          const l = layer(segments);
          const g = segments.flat().reduce((s, x) => s + x.gpu, 0);
          const h = segments.flat().reduce((s, x) => s + x.hostOps, 0) * spo;
          const r = hostBoundSeconds([l], 0, 0, 0, { secondsPerKernel: spo, syncSeconds: 0 });
          expect(r.forward).toBeGreaterThanOrEqual(Math.max(g, h) * (1 - 1e-12) - 1e-15);
          expect(r.forward).toBeLessThanOrEqual((g + h) * (1 + 1e-12) + 1e-15);
          const slower = hostBoundSeconds([l], 0, 0, 0, { secondsPerKernel: 2 * spo, syncSeconds: 0 });
          expect(slower.forward).toBeGreaterThanOrEqual(r.forward * (1 - 1e-12));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the backward, free of synchronisations, is the larger of device and host time", () => {
    const r = hostBoundSeconds([layer([[{ gpu: 1, hostOps: 1 }]], 3, 5)], 0, 0, 0, host);
    expect(r.backward).toBeCloseTo(5, 12);
    expect(r.gpuBackward).toBeCloseTo(3, 12);
  });
});

// a device streaming 1 TB/s with no per-kernel cost, and a layout of the given ZeRO level and dp
const vector = {
  matmulFlopsPerSecond: 1,
  attentionFlopsPerSecond: 1,
  memoryBytesPerSecond: 1e12,
  kernelSeconds: 0,
};
const layout = (zero: number, dp: number) => ({ zero, dp, cp: 1, ep: 1, etp: 1, tp: 1 }) as unknown as Layout;

describe("gradAccumulationSeconds", () => {
  it("reads the 16-bit gradient and reads and writes the main one (hand-worked)", () => {
    // 1e9 parameters, fp32 main gradients: 1e9 × (2 + 4 + 4) = 1e10 bytes at 1 TB/s = 10 ms
    expect(gradAccumulationSeconds(vector, 1e9, 0, 4, layout(1, 8), 10)).toBeCloseTo(0.01, 12);
    // fp16 runs keep fp16 main gradients: 6 bytes per parameter
    expect(gradAccumulationSeconds(vector, 1e9, 0, 2, layout(0, 1), 10)).toBeCloseTo(0.006, 12);
  });

  it("ZeRO-2 and -3 accumulate only the shard, so the pass shrinks with data parallelism", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.double({ min: 1e6, max: 1e11, noNaN: true }),
        (dp, p) => {
          const full = gradAccumulationSeconds(vector, p, 0, 4, layout(1, dp), 1);
          const shard = gradAccumulationSeconds(vector, p, 0, 4, layout(2, dp), 1);
          return Math.abs(shard * dp - full) <= 1e-9 * full;
        },
      ),
    );
  });
});

describe("optimizerSeconds: Megatron's mixed-precision optimizer step, byte by byte", () => {
  it("bf16: norm 4 + Adam 28 + copy to 16-bit 6 + zeroing 4 = 42 bytes; fp16 adds the unscale's 8 (hand-worked)", () => {
    expect(optimizerBytesPerParam(false)).toBe(42);
    expect(optimizerBytesPerParam(true)).toBe(50);
    // Korthikanti 2022's GPT 22B on 8 GPUs (TP 8, no DP): 22.06e9 / 8 parameters, fp16:
    // 2.7575e9 × 50 = 137.9 GB at 1 TB/s
    expect(optimizerSeconds(vector, 22.06e9 / 8, 0, layout(0, 1), true)).toBeCloseTo(0.137875, 9);
  });

  it("the distributed optimizer (ZeRO-1 and up) steps only its shard", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1024 }),
        fc.double({ min: 1e6, max: 1e11, noNaN: true }),
        (dp, p) => {
          const whole = optimizerSeconds(vector, p, 0, layout(0, dp));
          const shard = optimizerSeconds(vector, p, 0, layout(1, dp));
          return Math.abs(shard * dp - whole) <= 1e-9 * whole;
        },
      ),
    );
  });
});
