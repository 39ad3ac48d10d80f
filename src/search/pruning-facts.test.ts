// The facts the plan search prunes by, pinned against the training model (src/train): if a
// change to the model breaks one, the search could miss the best plan, and this fails first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { SCHEDULES } from "../train/schedule.ts";
import { GiB } from "../units.ts";
import { gcd } from "./divisors.ts";
import { microBatchChoices, pipelineChoices, structures } from "./space.ts";
import { paramSplit, stateLowerBoundBytes } from "./state-bound.ts";

const cat = loadCatalogs();
const CASES = [
  { model: "llama3.1-8b", device: "nvidia-h100-sxm", devices: 32, seqLen: 8192, globalBatch: 64 },
  { model: "qwen3-30b-a3b", device: "huawei-ascend-910b2", devices: 64, seqLen: 4096, globalBatch: 256 },
  { model: "deepseek-v2-lite", device: "nvidia-h800-sxm", devices: 48, seqLen: 4096, globalBatch: 96 },
  { model: "mixtral-8x7b", device: "huawei-ascend-910c", devices: 32, seqLen: 4096, globalBatch: 128 },
];
const RECOMPUTE = ["none", "selective", "full"] as const;

function setup(i: number) {
  const c = CASES[i];
  const arch = cat.models.find((m) => m.id === c.model)!.arch;
  const device = cat.devices.find((d) => d.id === c.device)!;
  const structs = structures({
    arch,
    devices: c.devices,
    seqLen: c.seqLen,
    globalBatch: c.globalBatch,
    fixed: {},
  });
  const run = (p: ParallelSpec, precision: "bf16" | "fp8" = "bf16") => {
    const r = evaluateTraining({
      arch,
      device,
      calibration: cat.calibration,
      devices: c.devices,
      train: { seqLen: c.seqLen, globalBatch: c.globalBatch, precision, tokens: 1e11 },
      // the search's candidates keep experts whole (etp 1)
      parallel: { etp: 1, ...p },
    });
    if (!r.ok) throw new Error(r.issues.map((x) => x.message).join("; "));
    return r.report;
  };
  return { c, arch, device, structs, run };
}

const envs = new Map<number, ReturnType<typeof setup>>();
const envOf = (k: number) => {
  if (!envs.has(k)) envs.set(k, setup(k));
  return envs.get(k)!;
};

/** A random legal candidate of a random case (the environment is looked up, to keep counterexamples short). */
const candidate = fc
  .record({
    k: fc.nat(CASES.length - 1),
    s: fc.nat(10_000),
    p: fc.nat(100),
    m: fc.nat(100),
    r: fc.nat(2),
    z: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ k, s, p, m, r, z }) => {
    const env = envOf(k);
    const st = env.structs[s % env.structs.length];
    const pipes = pipelineChoices(st.pp, env.arch.layers, {});
    const pipe = pipes[p % pipes.length];
    const mbs = microBatchChoices(env.c.globalBatch, st.dp, {});
    const mi = m % mbs.length;
    const parallel = {
      ...st,
      vpp: pipe.vpp,
      schedule: pipe.schedule,
      microBatch: mbs[mi],
      recompute: RECOMPUTE[r],
      zero: z as 1 | 2 | 3,
    };
    return { k, parallel, mbs, mi };
  })
  .map(({ k, ...rest }) => ({
    ...rest,
    get env() {
      return envOf(k);
    },
    toString: () => `${CASES[k].model} ${JSON.stringify(rest.parallel)}`,
  }));

const RUNS = { numRuns: Number(process.env.FACT_RUNS ?? 60) };
const close = (a: number, b: number) => a <= b * (1 + 1e-12) + 1e-12;

describe("facts the plan search prunes by", () => {
  it("memory never falls as the micro-batch grows", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel, mbs, mi }) => {
        if (mi + 1 >= mbs.length) return;
        const a = env.run(parallel).memory.totalGiB;
        const b = env.run({ ...parallel, microBatch: mbs[mi + 1] }).memory.totalGiB;
        expect(close(a, b)).toBe(true);
      }),
      RUNS,
    );
  });

  it("more recomputation or sharding: never more memory; never less time below ZeRO 3", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel }) => {
        const base = env.run(parallel);
        const ri = RECOMPUTE.indexOf(parallel.recompute);
        if (ri < 2) {
          const more = env.run({ ...parallel, recompute: RECOMPUTE[ri + 1] });
          expect(close(more.memory.totalGiB, base.memory.totalGiB)).toBe(true);
          if (parallel.zero < 3)
            expect(close(base.metrics.stepTimeSeconds, more.metrics.stepTimeSeconds)).toBe(true);
          // a fit below ZeRO 3 also dominates ZeRO 3 with more recomputation
          const z3 = env.run({ ...parallel, recompute: RECOMPUTE[ri + 1], zero: 3 });
          if (parallel.zero < 3)
            expect(close(base.metrics.stepTimeSeconds, z3.metrics.stepTimeSeconds)).toBe(true);
        }
        if (parallel.zero < 3) {
          const more = env.run({ ...parallel, zero: (parallel.zero + 1) as 2 | 3 });
          expect(close(more.memory.totalGiB, base.memory.totalGiB)).toBe(true);
          expect(close(base.metrics.stepTimeSeconds, more.metrics.stepTimeSeconds)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("recomputed forwards are not weight-gradient work a zero-bubble schedule can defer", () => {
    // found by the property above: DeepSeek-V2-Lite on 48 H800, tp4 pp3, zero-bubble, ZeRO 2
    const env = envOf(2);
    const p = { tp: 4, pp: 3, cp: 1, dp: 4, ep: 1, vpp: 1, schedule: "zero-bubble", microBatch: 6, zero: 2 };
    const t = (recompute: string) =>
      env.run({ ...p, recompute } as unknown as ParallelSpec).metrics.stepTimeSeconds!;
    expect(t("selective")).toBeGreaterThan(t("none"));
    expect(t("full")).toBeGreaterThan(t("selective"));
  });

  it("a stage's time per sequence never grows with the micro-batch", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel, mbs, mi }) => {
        if (mi + 1 >= mbs.length) return;
        const a = env.run(parallel).step;
        const b = env.run({ ...parallel, microBatch: mbs[mi + 1] }).step;
        for (let d = 0; d < a.stageForward.length; d++) {
          const perSeqA = (a.stageForward[d] + a.stageBackward[d]) / mbs[mi];
          const perSeqB = (b.stageForward[d] + b.stageBackward[d]) / mbs[mi + 1];
          expect(close(perSeqB, perSeqA)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("every schedule's step is at least the micro-batches times the slowest stage", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel }) => {
        const r = env.run(parallel);
        const st = r.step;
        const slowest = Math.max(...st.stageForward.map((f, d) => f + st.stageBackward[d]));
        expect(close(r.layout.microBatches * slowest, r.metrics.stepTimeSeconds)).toBe(true);
      }),
      RUNS,
    );
  });

  it("zero-bubble keeps 1F1B's memory and is no slower", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel }) => {
        if (parallel.pp < 2) return;
        const a = env.run({ ...parallel, schedule: "1f1b", vpp: 1 });
        const b = env.run({ ...parallel, schedule: "zero-bubble", vpp: 1 });
        expect(b.memory.totalGiB).toBe(a.memory.totalGiB);
        expect(close(b.metrics.stepTimeSeconds, a.metrics.stepTimeSeconds)).toBe(true);
      }),
      RUNS,
    );
  });

  it("below ZeRO 3, context parallelism sharing a factor with the micro-batch is dominated by its cp/g sibling", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel }) => {
        const g = gcd(parallel.cp, parallel.microBatch);
        if (parallel.cp < 2 || g < 2 || parallel.zero === 3) return;
        const a = env.run(parallel);
        const b = env.run({
          ...parallel,
          cp: parallel.cp / g,
          dp: parallel.dp * g,
          microBatch: parallel.microBatch / g,
        });
        expect(b.memory.totalGiB).toBeCloseTo(a.memory.totalGiB, 9);
        expect(close(b.metrics.stepTimeSeconds, a.metrics.stepTimeSeconds)).toBe(true);
      }),
      RUNS,
    );
  });

  it("the state bound never exceeds the memory evaluateTraining reports", () => {
    fc.assert(
      fc.property(candidate, ({ env, parallel }) => {
        const r = env.run(parallel);
        const copies = SCHEDULES[parallel.schedule].parameterCopies;
        const bound = stateLowerBoundBytes(paramSplit(env.arch), parallel, parallel.zero, "bf16", copies);
        expect(bound / GiB).toBeLessThanOrEqual(r.memory.totalGiB * (1 + 1e-12));
      }),
      RUNS,
    );
  });
});
