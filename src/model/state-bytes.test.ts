import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type StatePrecision, stateBytesPerDevice, type ZeroStage } from "./state-bytes.ts";

describe("stateBytesPerDevice", () => {
  it("hand-worked: 1e9 bf16 parameters, dp 8", () => {
    const at = (zero: ZeroStage) => stateBytesPerDevice({ params: 1e9, dpShard: 8, zero });
    // bf16 weights 2 + fp32 main grads 4 + (fp32 master 4 + m 4 + v 4) = 18 bytes/param
    expect(at(0)).toEqual({ weights: 2e9, gradients: 4e9, optimizer: 12e9, total: 18e9 });
    // Megatron distributed optimizer: 6 + 12/d = 7.5 bytes/param
    expect(at(1).total).toBe(7.5e9);
    // + gradients sharded: 2 + 4/8 + 12/8 = 4
    expect(at(2).total).toBe(4e9);
    // + weights sharded: 18/8
    expect(at(3).total).toBe(2.25e9);
  });

  it("fp32 training keeps no separate master copy; fp8 keeps bf16 weights and fp32 master", () => {
    expect(stateBytesPerDevice({ params: 10, dpShard: 1, zero: 0, precision: "fp32" }).total).toBe(160);
    expect(stateBytesPerDevice({ params: 10, dpShard: 1, zero: 0, precision: "fp8" }).total).toBe(180);
    // bf16 gradient accumulation: 2 + 2 + 12 (the ZeRO paper's 16 bytes/param)
    expect(stateBytesPerDevice({ params: 10, dpShard: 1, zero: 0, gradientBytesPerParam: 2 }).total).toBe(
      160,
    );
  });

  it("rejects a shard group below 1", () => {
    expect(() => stateBytesPerDevice({ params: 1, dpShard: 0, zero: 1 })).toThrow(/dpShard/);
  });

  const arbInput = fc.record({
    params: fc.integer({ min: 0, max: 1e12 }),
    zero: fc.constantFrom<ZeroStage>(0, 1, 2, 3),
    precision: fc.constantFrom<StatePrecision>("fp32", "bf16", "fp16", "fp8", "fp4"),
  });

  it("more devices never raise per-device bytes", () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 0, max: 4096 }),
        (x, d, more) => {
          const a = stateBytesPerDevice({ ...x, dpShard: d });
          const b = stateBytesPerDevice({ ...x, dpShard: d + more });
          expect(b.total).toBeLessThanOrEqual(a.total);
          expect(b.weights).toBeLessThanOrEqual(a.weights);
          expect(b.gradients).toBeLessThanOrEqual(a.gradients);
          expect(b.optimizer).toBeLessThanOrEqual(a.optimizer);
        },
      ),
    );
  });

  it("a higher ZeRO stage never raises per-device bytes; parts add up", () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 4096 }), (x, d) => {
        const totals = ([0, 1, 2, 3] as const).map((zero) => stateBytesPerDevice({ ...x, zero, dpShard: d }));
        for (let i = 1; i < 4; i++) expect(totals[i].total).toBeLessThanOrEqual(totals[i - 1].total);
        for (const t of totals) expect(t.weights + t.gradients + t.optimizer).toBe(t.total);
      }),
    );
  });
});
