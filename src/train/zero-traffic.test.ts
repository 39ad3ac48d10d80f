// ZeRO conformance: the data-parallel volumes each level moves per step are the ZeRO paper's
// (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training Trillion Parameter
// Models", §7.2-7.3): DDP all-reduces the gradients (2Ψ moved as reduce-scatter + all-gather);
// P_os and P_os+g reduce-scatter the gradients and all-gather the updated parameters (Ψ + Ψ = 2Ψ);
// P_os+g+p gathers the parameters again for the backward pass (Ψ + Ψ + Ψ = 3Ψ, "1.5x" of DDP).
// With m micro-batches a sharded gradient cannot accumulate locally (ZeRO-2 reduces each
// micro-batch's) and ZeRO-3 gathers each micro-batch's parameters twice.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { planTraining } from "../search/plan-training.ts";
import type { PlanInput } from "../search/plan-types.ts";
import { evaluateTraining } from "./evaluate.ts";
import { dataParallelSeconds, type ZeroTraffic } from "./step-terms.ts";

const group = {
  size: 8,
  inter: 1,
  latencySeconds: 5e-6,
  busBytesPerSecond: 1e11,
} as unknown as Parameters<typeof dataParallelSeconds>[0]["groups"]["dp"];

function traffic(zero: 0 | 1 | 2 | 3, microBatches: number, psi: number): ZeroTraffic {
  const layout = { microBatches, zero, vpp: 1, pp: 1, schedule: "1f1b" } as unknown as Parameters<
    typeof dataParallelSeconds
  >[0]["layout"];
  return dataParallelSeconds({
    layout,
    denseParams: psi,
    expertParams: 0,
    gradientBytes: 2,
    paramBytes: 2,
    forwardSeconds: 1,
    backwardSeconds: 2,
    groups: { dp: group, edp: group },
  }).traffic;
}

/** Elements each device sends per step, an all-reduce counted as reduce-scatter + all-gather. */
const moved = (t: ZeroTraffic) => 2 * t.allReduce + t.reduceScatter + t.allGather;

describe("ZeRO traffic per step equals the ZeRO paper's volumes", () => {
  const psi = 1e9;
  it("one micro-batch: 2Ψ for DDP, ZeRO-1 and ZeRO-2; 3Ψ for ZeRO-3", () => {
    expect(moved(traffic(0, 1, psi))).toBe(2 * psi);
    expect(moved(traffic(1, 1, psi))).toBe(2 * psi);
    expect(moved(traffic(2, 1, psi))).toBe(2 * psi);
    expect(moved(traffic(3, 1, psi))).toBe(3 * psi);
  });
  it("m micro-batches: ZeRO-2 reduces every micro-batch's gradients, ZeRO-3 gathers twice per micro-batch", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (m) => {
        expect(moved(traffic(0, m, psi))).toBe(2 * psi);
        expect(moved(traffic(1, m, psi))).toBe(2 * psi);
        expect(moved(traffic(2, m, psi))).toBe((m + 1) * psi);
        expect(moved(traffic(3, m, psi))).toBe(3 * m * psi);
      }),
    );
  });
  it("a higher ZeRO level never moves fewer bytes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 1e6 }), (m, p) => {
        const v = ([0, 1, 2, 3] as const).map((z) => moved(traffic(z, m, p)));
        for (let z = 1; z < 4; z++) expect(v[z]).toBeGreaterThanOrEqual(v[z - 1]);
      }),
    );
  });
});

describe("ZeRO in the plan search", () => {
  const cat = loadCatalogs();
  const gpt3 = cat.models.find((m) => m.id === "gpt3-175b")!;
  const a100 = cat.devices.find((d) => d.id === "nvidia-a100-80gb-sxm")!;
  const inp = {
    arch: gpt3.arch,
    device: a100,
    calibration: cat.calibration,
    devices: 1024,
    train: { seqLen: 2048, globalBatch: 1536, tokens: 3e11, precision: "bf16" },
  } as unknown as PlanInput;

  it("ZeRO-3 is charged its backward gather even with one micro-batch per step", () => {
    // the example: GPT-3 175B on 4,096 A100, tp4 cp2 dp512, micro-batch 3 (one per step);
    // 175B/4 parameters gathered twice over 512 ranks cannot hide behind 3 sequences of compute
    const big = { ...inp, devices: 4096 };
    const parallel = (zero: 1 | 3): ParallelSpec =>
      ({ tp: 4, cp: 2, pp: 1, dp: 512, microBatch: 3, zero, recompute: "full" }) as unknown as ParallelSpec;
    const one = evaluateTraining({ ...big, parallel: parallel(1) });
    const three = evaluateTraining({ ...big, parallel: parallel(3) });
    expect(one.ok && three.ok).toBe(true);
    if (!one.ok || !three.ok) return;
    expect(three.report.layout.microBatches).toBe(1);
    expect(three.report.metrics.stepTimeSeconds!).toBeGreaterThan(one.report.metrics.stepTimeSeconds!);
  });

  it("the best plan is never cheaper than the same layout at a lower ZeRO level that fits", () => {
    const r = planTraining(inp);
    expect(r.ok).toBe(true);
    const best = r.plans[0];
    const z = best.parallel.zero ?? 1;
    for (let lower = 0; lower < z; lower++) {
      const e = evaluateTraining({
        ...inp,
        train: { ...inp.train, precision: best.precision },
        parallel: { ...best.parallel, zero: lower } as ParallelSpec,
      });
      if (!e.ok || !e.report.fits) continue; // memory forces the higher level
      expect(e.report.metrics.stepTimeSeconds!).toBeLessThanOrEqual(
        best.figures.stepTimeSeconds * (1 + 1e-9),
      );
    }
  });
});
