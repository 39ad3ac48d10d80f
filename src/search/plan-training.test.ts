import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { GiB } from "../units.ts";
import { GroupBounds } from "./plan-bound.ts";
import { createContext, evaluateCandidate } from "./plan-context.ts";
import { buildGroups } from "./plan-groups.ts";
import { PlanLedger } from "./plan-ledger.ts";
import { planTraining, planTrainingAsync } from "./plan-training.ts";
import type { PlanInput, PlanResult } from "./plan-types.ts";

const cat = loadCatalogs();
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;
const device = (id: string) => cat.devices.find((d) => d.id === id)!;

function input(
  model: string,
  dev: string,
  devices: number,
  seqLen: number,
  globalBatch: number,
  extra: Partial<PlanInput> = {},
): PlanInput {
  return {
    arch: arch(model),
    device: device(dev),
    calibration: cat.calibration,
    devices,
    train: { seqLen, globalBatch, tokens: 1e11, ...extra.train },
    ...extra,
  } as PlanInput;
}

function daysOf(inp: PlanInput, parallel: ParallelSpec, precision: "bf16" | "fp8") {
  const r = evaluateTraining({ ...inp, train: { ...inp.train, precision }, parallel });
  if (!r.ok) throw new Error(r.issues[0].message);
  expect(r.report.fits).toBe(true);
  return r.report.metrics.days!;
}

function expectConsistent(r: PlanResult) {
  const c = r.counts;
  const sum = Object.values(c.byCode).reduce((a, b) => a + b, 0);
  expect(sum).toBe(c.rejected);
  expect(c.fits + c.rejected).toBe(c.candidates);
  if (!r.stopped) expect(c.candidates).toBe(c.space);
  expect(c.pruned).toBeLessThanOrEqual(c.rejected);
}

describe("planTraining: DeepSeek-V3 on 2,048 H800 (fp8, parallel omitted)", () => {
  const inp = input("deepseek-v3", "nvidia-h800-sxm", 2048, 4096, 15360, {
    train: { seqLen: 4096, globalBatch: 15360, precision: "fp8", tokens: 14.8e12 },
  });
  const r = planTraining(inp);

  it("finds a plan no worse than DeepSeek's own layout family (pp 16, ep 64, DualPipe)", () => {
    expect(r.ok).toBe(true);
    const hand = daysOf(
      inp,
      { tp: 1, pp: 16, dp: 128, ep: 64, microBatch: 1, schedule: "dualpipe", recompute: "full", zero: 1 },
      "fp8",
    );
    expect(r.plans[0].figures.days).toBeLessThanOrEqual(hand);
  });

  it("returns only plans that fit, in objective order, on the front or behind it", () => {
    const cap = inp.device.memory.capacityGB!.value;
    for (const p of [...r.plans, ...r.pareto]) {
      expect(p.report.fits).toBe(true);
      expect(p.figures.memoryPerDeviceGiB).toBeLessThanOrEqual(cap * (GiB / GiB));
      expect(p.precision).toBe("fp8");
    }
    for (let i = 1; i < r.plans.length; i++)
      expect(r.plans[i].objective.value).toBeGreaterThanOrEqual(r.plans[i - 1].objective.value);
    expect(r.pareto[0].figures.days).toBe(r.plans[0].figures.days);
  });

  it("accounts for every candidate: the rejections by code add up to candidates minus fits", () => {
    expectConsistent(r);
    expect(r.counts.byCode.fabric_limit).toBeGreaterThan(0);
    expect(r.counts.byCode.hbm_overflow).toBeGreaterThan(0);
  });
});

describe("planTraining: pruning loses nothing", () => {
  const cases = [
    input("llama3.1-8b", "nvidia-h100-sxm", 16, 4096, 64, {
      train: { seqLen: 4096, globalBatch: 64, precision: "bf16", tokens: 1e11 },
    }),
    input("deepseek-v2-lite", "nvidia-h800-sxm", 16, 2048, 64),
    input("mixtral-8x7b", "huawei-ascend-910b2", 16, 4096, 32, { deviceCounts: [32] }),
  ];
  for (const inp of cases) {
    for (const objective of ["time", "energy"] as const) {
      it(`${inp.arch.name} on ${inp.device.id}, ${objective}: the same best plan and front as evaluating everything`, () => {
        const a = planTraining({ ...inp, objective, top: 3 });
        const b = planTraining({ ...inp, objective, top: 3, exhaustive: true });
        expectConsistent(a);
        expectConsistent(b);
        expect(b.counts.evaluated).toBe(b.counts.space);
        expect(a.counts.evaluated).toBeLessThan(b.counts.evaluated);
        expect(a.plans[0].parallel).toEqual(b.plans[0].parallel);
        expect(a.plans[0].precision).toBe(b.plans[0].precision);
        const pts = (x: PlanResult) => [...new Set(x.pareto.map((p) => `${p.devices}:${p.figures.days}`))];
        expect(pts(a)).toEqual(pts(b));
      });
    }
  }
});

describe("the group bound", () => {
  it("never exceeds the objective of any candidate in the group", () => {
    const inp = input("qwen3-30b-a3b", "nvidia-h100-sxm", 32, 4096, 128, {
      objective: "energy",
      exhaustive: true,
    });
    const ctx = createContext(inp);
    const ledger = new PlanLedger(1_000_000);
    const bounds = new GroupBounds(ctx, ledger, "energy");
    const groups = buildGroups(ctx, ledger, 32, 0).filter((_, i) => i % 7 === 0);
    for (const g of groups) {
      const b = bounds.bound(g);
      const before = ledger.best.length;
      for (const mb of g.mbs)
        for (const r of ctx.R)
          for (const z of ctx.Z)
            evaluateCandidate(ctx, ledger, {
              devices: 32,
              s: g.s,
              precision: g.precision,
              pipe: g.pipe,
              mb,
              r,
              z,
            });
      for (const p of ledger.best.slice(before)) {
        expect(b.objective).toBeLessThanOrEqual(p.objective.value * (1 + 1e-12));
        expect(b.point[0]).toBeLessThanOrEqual(p.figures.days * (1 + 1e-12));
      }
      ledger.best.length = 0;
    }
  });
});

describe("planTraining: precision", () => {
  it("never proposes fp8 on a device without it", () => {
    const r = planTraining(input("qwen3-8b", "huawei-ascend-910b2", 16, 4096, 64));
    expect(r.ok).toBe(true);
    for (const p of [...r.plans, ...r.pareto]) expect(p.precision).toBe("bf16");
  });

  it("searches bf16 and fp8 where the device has fp8 and precision is left open", () => {
    const open = planTraining(input("qwen3-8b", "nvidia-h100-sxm", 16, 4096, 64));
    const pinned = planTraining(
      input("qwen3-8b", "nvidia-h100-sxm", 16, 4096, 64, {
        train: { seqLen: 4096, globalBatch: 64, precision: "bf16" },
      }),
    );
    expect(open.counts.space).toBe(2 * pinned.counts.space);
    expect(open.plans[0].precision).toBe("fp8");
    expect(open.plans[0].figures.days).toBeLessThan(pinned.plans[0].figures.days);
  });

  it("rejects a pinned fp8 on a device without it, with the reason", () => {
    const r = planTraining(
      input("qwen3-8b", "huawei-ascend-910b2", 16, 4096, 64, {
        train: { seqLen: 4096, globalBatch: 64, precision: "fp8" },
      }),
    );
    expect(r.ok).toBe(false);
    expect((r.counts.byCode.dtype_unsupported ?? 0) + (r.counts.byCode.fabric_limit ?? 0)).toBe(
      r.counts.space,
    );
    expect(r.issues[0].code).toBe("dtype_unsupported");
  });
});

describe("planTraining: fixed keys, stopping, feasibility", () => {
  it("keeps the keys the user fixed", () => {
    const r = planTraining(
      input("qwen3-30b-a3b", "nvidia-h100-sxm", 32, 4096, 128, { fixed: { pp: 2, ep: 8, schedule: "1f1b" } }),
    );
    expect(r.ok).toBe(true);
    for (const p of r.plans)
      expect([p.parallel.pp, p.parallel.ep, p.parallel.schedule]).toEqual([2, 8, "1f1b"]);
    expectConsistent(r);
  });

  it("explains an impossible fixed layout", () => {
    const r = planTraining(input("llama3.1-8b", "nvidia-h100-sxm", 16, 4096, 64, { fixed: { tp: 3 } }));
    expect(r.ok).toBe(false);
    expect(r.counts.space).toBe(0);
    expect(r.issues[0].message).toMatch(/no legal layout/);
  });

  it("says hbm_overflow when nothing fits", () => {
    const r = planTraining(
      input("llama3.1-405b", "nvidia-h100-sxm", 8, 8192, 8, {
        train: { seqLen: 8192, globalBatch: 8, precision: "bf16" },
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.issues[0].code).toBe("hbm_overflow");
    expectConsistent(r);
  });

  it("stops on an aborted signal with the best so far, and reports progress", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const r = await planTrainingAsync({
      ...input("deepseek-v3", "nvidia-h800-sxm", 2048, 4096, 15360, {
        train: { seqLen: 4096, globalBatch: 15360, precision: "fp8" },
      }),
      chunk: 64,
      onProgress: (p) => {
        seen.push(p.decided);
        if (seen.length === 40) controller.abort();
      },
      signal: controller.signal,
    });
    expect(r.stopped).toBe(true);
    expect(seen.length).toBe(40);
    expect(r.counts.candidates).toBeLessThan(r.counts.space);
    expectConsistent(r);
  });

  it("stops at the first fit in feasibility mode", () => {
    const r = planTraining({ ...input("deepseek-v3", "nvidia-h800-sxm", 2048, 4096, 15360), firstFit: true });
    expect(r.ok).toBe(true);
    expect(r.counts.fits).toBe(1);
  });

  it("is deterministic", () => {
    const inp = input("deepseek-v2-lite", "nvidia-h20", 24, 2048, 96);
    const a = planTraining(inp);
    const b = planTraining(inp);
    expect(a.plans.map((p) => p.parallel)).toEqual(b.plans.map((p) => p.parallel));
    expect(a.counts).toEqual(b.counts);
  });
});
