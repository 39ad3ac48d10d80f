// The step timeline against the engine's own step: it ends at stepSeconds for every schedule and
// layout (so a step-time term the timeline does not place fails here), every pass lasts its stage
// time, the busiest rank idles for exactly the bubble, and nothing overlaps on a lane.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogs, device, model } from "../catalog/test-fixtures.ts";
import type { ParallelSpec, TrainSpec } from "../scenario/schema.ts";
import { evaluateTraining, type TrainReport } from "./evaluate.ts";
import type { Layout } from "./layout.ts";
import { type StepTerm, TIMELINE_TERMS, type Timeline, trainingTimeline } from "./timeline.ts";
import { passOrder } from "./timeline-order.ts";

/** numbers of the breakdown that are not per-step seconds */
const NOT_TERMS = new Set([
  "stepSeconds",
  "denseParamsPerDevice",
  "expertParamsPerDevice",
  "maxLayersPerDevice",
  "weightGradFraction",
]);
const PLACED = new Set<string>([
  ...TIMELINE_TERMS.inPasses,
  ...TIMELINE_TERMS.idle,
  ...TIMELINE_TERMS.afterPipeline.map((a) => a.term),
]);

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

const MODELS = ["llama3.1-8b", "qwen3-30b-a3b", "deepseek-v2-lite"];
const DEVICES = ["nvidia-h100-sxm", "huawei-ascend-910b2", "nvidia-b200"];

const arbLayout = fc.record({
  model: fc.constantFrom(...MODELS),
  hardware: fc.constantFrom(...DEVICES),
  tp: fc.constantFrom(1, 2, 4),
  pp: fc.constantFrom(1, 2, 3, 4, 8),
  dp: fc.constantFrom(1, 2, 4),
  vpp: fc.constantFrom(1, 2, 3),
  ep: fc.constantFrom(1, 2),
  microBatch: fc.constantFrom(1, 2),
  microBatches: fc.integer({ min: 1, max: 300 }),
  schedule: fc.constantFrom<Layout["schedule"]>("1f1b", "interleaved", "dualpipe", "zero-bubble"),
  recompute: fc.constantFrom<Layout["recompute"]>("none", "selective", "full"),
  zero: fc.constantFrom<Layout["zero"]>(0, 1, 2, 3),
  precision: fc.constantFrom<"bf16" | "fp8">("bf16", "fp8"),
});

type Drawn = typeof arbLayout extends fc.Arbitrary<infer T> ? T : never;

function reportOf(x: Drawn) {
  const train: TrainSpec = {
    seqLen: 2048,
    globalBatch: x.dp * x.microBatch * x.microBatches,
    precision: x.precision,
  };
  const parallel: ParallelSpec = {
    tp: x.tp,
    pp: x.pp,
    dp: x.dp,
    vpp: x.vpp,
    ep: x.ep,
    microBatch: x.microBatch,
    schedule: x.schedule,
    recompute: x.recompute,
    zero: x.zero,
  };
  const r = evaluateTraining({
    arch: model(x.model),
    device: device(x.hardware),
    calibration: catalogs.calibration,
    devices: x.tp * x.pp * x.dp,
    train,
    parallel,
  });
  return r.ok ? r.report : undefined;
}

function checkLanes(t: Timeline, r: TrainReport) {
  const { stageForward: F, stageBackward: B } = r.step;
  for (let d = 0; d < r.layout.pp; d++) {
    const lane = t.segments.filter((s) => s.lane === d);
    let at = 0;
    for (const s of lane) {
      // in order, without overlap, inside the pipeline
      expect(s.startSeconds).toBeGreaterThanOrEqual(at - 1e-12 * t.endSeconds);
      at = s.startSeconds + s.seconds;
    }
    expect(at).toBeLessThanOrEqual(t.pipelineSeconds * (1 + 1e-12));
    const waits = lane.reduce((a, s) => a + (s.waitSeconds ?? 0), 0);
    const work = lane.filter((s) => s.kind !== "idle").reduce((a, s) => a + s.seconds, 0) - waits;
    close(work, r.layout.microBatches * (F[d] + B[d]));
    // idle = the pipeline's fill (the busiest rank's bubble) + waiting for the slowest rank
    const idle = lane.filter((s) => s.kind === "idle").reduce((a, s) => a + s.seconds, 0) + waits;
    const slowest = F[t.busiestLane] + B[t.busiestLane];
    close(idle, r.step.bubble + r.layout.microBatches * (slowest - F[d] - B[d]));
  }
  const idle = t.segments
    .filter((s) => s.lane === t.busiestLane && s.kind === "idle")
    .reduce((a, s) => a + s.seconds, 0);
  close(idle, r.step.bubble);
}

describe("trainingTimeline", () => {
  it("ends exactly at the step time, for every schedule and random layouts", () => {
    let checked = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbLayout, (x) => {
        const r = reportOf(x);
        if (!r) return;
        checked++;
        seen.add(r.layout.schedule);
        const t = trainingTimeline(r.layout, r.step);
        close(t.endSeconds, r.step.stepSeconds);
        const last = Math.max(...t.segments.map((s) => s.startSeconds + s.seconds));
        close(last, r.step.stepSeconds);
        checkLanes(t, r);
      }),
      { numRuns: 300, seed: 15 },
    );
    expect(checked).toBeGreaterThan(60);
    expect([...seen].sort()).toEqual(["1f1b", "dualpipe", "interleaved", "zero-bubble"]);
  });

  it("places every per-step term the breakdown reports", () => {
    const r = reportOf({
      model: "qwen3-30b-a3b",
      hardware: "nvidia-h100-sxm",
      tp: 2,
      pp: 4,
      dp: 2,
      vpp: 1,
      ep: 2,
      microBatch: 1,
      microBatches: 8,
      schedule: "1f1b",
      recompute: "full",
      zero: 1,
      precision: "bf16",
    });
    expect(r).toBeDefined();
    if (!r) return;
    const terms = Object.entries(r.step)
      .filter(([k, v]) => typeof v === "number" && !NOT_TERMS.has(k))
      .map(([k]) => k);
    expect(terms.filter((k) => !PLACED.has(k))).toEqual([]);
    // and the placed terms add up to the step: none counted twice, none missing
    const sum = [...PLACED].reduce((s, k) => s + (r.step[k as StepTerm] as number), 0);
    close(sum, r.step.stepSeconds);
  });

  it("1F1B with equal stages: rank d starts after d forwards and ends d backwards early (Narayanan et al. Fig. 4)", () => {
    // p = 4, m = 8, F = 1, B = 2: pipeline (m + p - 1)(F + B) = 33 s by hand
    const layout = { pp: 4, vpp: 1, microBatches: 8, schedule: "1f1b" } as Layout;
    const step = {
      stageForward: [1, 1, 1, 1],
      stageBackward: [2, 2, 2, 2],
      bubble: 9,
      dpComm: 0.5,
      optimizer: 0.25,
    } as TrainReport["step"];
    const t = trainingTimeline(layout, step);
    expect(t.pipelineSeconds).toBe(33);
    expect(t.endSeconds).toBe(33.75);
    for (let d = 0; d < 4; d++) {
      const lane = t.segments.filter((s) => s.lane === d && s.kind !== "idle");
      expect(lane[0].startSeconds).toBeCloseTo(d * 1, 12);
      const end = lane.at(-1) as (typeof lane)[number];
      expect(end.startSeconds + end.seconds).toBeCloseTo(33 - d * 2, 12);
      expect(lane.filter((s) => s.kind === "forward").length).toBe(8);
    }
    // rank 0: p - 1 = 3 warm-up forwards, then F3 before its first backward
    expect(
      t.segments
        .filter((s) => s.lane === 0 && s.kind !== "idle")
        .slice(0, 5)
        .map((s) => s.label),
    ).toEqual(["F0", "F1", "F2", "F3", "B0"]);
    expect(t.segments.filter((s) => s.lane === 4).map((s) => s.term)).toEqual(["dpComm", "optimizer"]);
  });

  it("merges the middle of long runs into one block, with a note, keeping every second", () => {
    const layout = { pp: 2, vpp: 1, microBatches: 1000, schedule: "1f1b" } as Layout;
    const step = {
      stageForward: [1, 1],
      stageBackward: [2, 2],
      bubble: 3,
      dpComm: 0,
      optimizer: 0,
    } as TrainReport["step"];
    const t = trainingTimeline(layout, step, { maxPassesPerRun: 10 });
    expect(t.segments.length).toBeLessThan(60);
    expect(t.segments.some((s) => s.kind === "steady")).toBe(true);
    expect(t.notes.join(" ")).toMatch(/1000 micro-batches/);
    close(t.endSeconds, 3003);
  });

  it("orders passes as each schedule does", () => {
    // interleaved p = 2, v = 2, m = 4, rank 0: warm-up (p-1)·2 + (v-1)·p = 4 chunk passes
    const il = passOrder("interleaved", 2, 2, 4, 0, 2, 4, 0.5).map((x) => x.label);
    expect(il.slice(0, 6)).toEqual([
      "F0 chunk 0",
      "F1 chunk 0",
      "F0 chunk 1",
      "F1 chunk 1",
      "F2 chunk 0",
      "B0 chunk 1",
    ]);
    // ZB-H1 rank 0 of p = 3, m = 3: W of the first 2 micro-batches deferred to the drain
    const zb = passOrder("zero-bubble", 3, 1, 3, 0, 1, 2, 0.5).map((x) => x.label);
    expect(zb).toEqual(["F0", "F1", "F2", "B0", "B1", "B2", "W0", "W1", "W2"]);
    // DualPipe: both directions on every rank
    const dp = passOrder("dualpipe", 4, 1, 4, 0, 1, 2, 0.5);
    expect(new Set(dp.map((x) => x.chunk))).toEqual(new Set([0, 1]));
    expect(dp.filter((x) => x.kind === "forward").length).toBe(4);
  });
});
