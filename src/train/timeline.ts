// One training step as a timeline every shell draws: per pipeline rank, its forward, backward and
// (zero-bubble) weight-gradient passes in the schedule's own order, its idle time, then the terms
// after the pipeline flush. Op orders: 1F1B, Narayanan et al. 2021 Sec. 2.2.1 (warm-up of p-d-1
// forwards); interleaved, same paper Sec. 2.2.2 with Megatron-LM's warm-up of (p-d-1)·2 + (v-1)·p
// chunk passes (megatron/core/pipeline_parallel/schedules.py); ZB-H1, Qi et al. 2023 (arXiv
// 2401.10241) Fig. 3, weight-gradient passes deferred into the drain; DualPipe, DeepSeek-V3 report
// Sec. 3.2.1, micro-batches fed from both ends. Time is the engine's: every pass lasts its
// stage time, the busiest rank's idle time is the breakdown's bubble, the pipeline ends at the
// schedule's pipeline time and the last segment ends at stepSeconds.
import type { Layout } from "./layout.ts";
import type { ScheduleKind } from "./schedule.ts";
import type { StepBreakdown } from "./step.ts";
import { passOrder } from "./timeline-order.ts";

type NumericKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];
export type StepTerm = NumericKey<StepBreakdown>;

/** Where each per-step term of the breakdown appears. A term the step time adds and this table
 * lacks is a test failure (timeline.test.ts), so the chart never silently ends early. */
export const TIMELINE_TERMS: {
  inPasses: StepTerm[];
  idle: StepTerm[];
  afterPipeline: { term: StepTerm; label: string }[];
} = {
  /** inside the passes: stageForward/stageBackward include them */
  inPasses: ["compute", "recompute", "tpComm", "cpComm", "epComm", "ppComm"],
  /** the busiest rank's idle time in the pipeline */
  idle: ["bubble"],
  /** after the flush, in this order (the busiest rank's, which sets the step) */
  afterPipeline: [
    { term: "dpComm", label: "data-parallel comm" },
    { term: "optimizer", label: "optimizer step" },
  ],
};

export type SegmentKind = "forward" | "backward" | "weight-grad" | "steady" | "idle" | "after";

export interface TimelineSegment {
  lane: number;
  kind: SegmentKind;
  label: string;
  startSeconds: number;
  seconds: number;
  microBatch?: number;
  /** virtual chunk (interleaved) or direction (DualPipe: 0 from rank 0, 1 from the last rank) */
  chunk?: number;
  /** passes merged into one "steady" segment */
  passes?: number;
  /** the breakdown term an "after" segment shows */
  term?: StepTerm;
}

export interface Timeline {
  schedule: ScheduleKind;
  microBatches: number;
  lanes: string[];
  /** the rank whose times the breakdown's terms are */
  busiestLane: number;
  segments: TimelineSegment[];
  pipelineSeconds: number;
  endSeconds: number;
  notes: string[];
}

export interface TimelineOptions {
  /** passes drawn one by one per run of a lane before the middle is merged; default 24 */
  maxPassesPerRun?: number;
}

/** ZB-H1 splits the backward into input- and weight-gradient halves, as src/train/step.ts prices it. */
const WEIGHT_GRAD_FRACTION = 0.5;

export function trainingTimeline(layout: Layout, step: StepBreakdown, o: TimelineOptions = {}): Timeline {
  const p = layout.pp;
  const m = layout.microBatches;
  const F = step.stageForward;
  const B = step.stageBackward;
  const per = F.map((f, d) => f + B[d]);
  const busiest = per.reduce((bi, x, i) => (x > per[bi] ? i : bi), 0);
  const sumOf = (ts: StepTerm[]) => ts.reduce((s, t) => s + (step[t] as number), 0);
  const pipelineSeconds = m * per[busiest] + sumOf(TIMELINE_TERMS.idle);
  const keep = Math.max(2, o.maxPassesPerRun ?? 24);
  const segments: TimelineSegment[] = [];
  let merged = false;
  for (let d = 0; d < p; d++) {
    const ops = passOrder(layout.schedule, p, layout.vpp, m, d, F[d], B[d], WEIGHT_GRAD_FRACTION);
    const work = ops.reduce((s, x) => s + x.seconds, 0);
    const idle = Math.max(0, pipelineSeconds - work);
    // Rank d waits for the first forward to reach it and for the last backward to drain past it:
    // a share of its idle time before and after, the rest where it first waits for a backward.
    const depth =
      layout.schedule === "dualpipe"
        ? Math.min(d, p - 1 - d) / Math.max(1, (p - 1) / 2)
        : d / Math.max(1, p - 1);
    const lead = per[d] > 0 ? (depth * idle * F[d]) / per[d] : 0;
    const tail = per[d] > 0 ? (depth * idle * B[d]) / per[d] : 0;
    const inner = idle - lead - tail;
    const firstB = ops.findIndex((x) => x.kind === "backward");
    let t = 0;
    const idleAt = (seconds: number, label: string) => {
      if (seconds > 0) segments.push({ lane: d, kind: "idle", label, startSeconds: t, seconds });
      t += seconds;
    };
    const run = (from: number, to: number) => {
      const r = ops.slice(from, to);
      const cut = r.length > 2 * keep + 1;
      if (cut) merged = true;
      r.forEach((x, i) => {
        if (cut && i >= keep && i < r.length - keep) {
          if (i === keep) {
            const mid = r.slice(keep, r.length - keep);
            const seconds = mid.reduce((s, y) => s + y.seconds, 0);
            const mbs = mid.map((y) => y.microBatch);
            segments.push({
              lane: d,
              kind: "steady",
              label: `${mid.length} passes, micro-batches ${Math.min(...mbs)}–${Math.max(...mbs)}`,
              startSeconds: t,
              seconds,
              passes: mid.length,
            });
            t += seconds;
          }
          return;
        }
        segments.push({ lane: d, ...x, startSeconds: t });
        t += x.seconds;
      });
    };
    idleAt(lead, "waiting for the first forward");
    const split = firstB < 0 ? ops.length : firstB;
    run(0, split);
    idleAt(inner, "waiting for the first backward");
    run(split, ops.length);
    idleAt(tail, "drained");
  }
  const lanes = Array.from({ length: p }, (_, d) => `rank ${d}`);
  lanes.push("after the pipeline");
  let t = pipelineSeconds;
  for (const a of TIMELINE_TERMS.afterPipeline) {
    const seconds = step[a.term] as number;
    if (seconds > 0)
      segments.push({ lane: p, kind: "after", label: a.label, startSeconds: t, seconds, term: a.term });
    t += seconds;
  }
  const notes: string[] = [];
  if (merged)
    notes.push(
      `${m} micro-batches: the middle passes of each run are drawn as one block whose length is theirs`,
    );
  if (layout.schedule === "interleaved" && layout.vpp > 1)
    notes.push(`each rank's ${layout.vpp} chunks share its stage time equally`);
  if (layout.schedule === "dualpipe")
    notes.push("micro-batches enter from both ends: ↓ from rank 0, ↑ from the last rank");
  if (p > 1)
    notes.push(
      `idle time placed by the schedule's shape; the busiest rank (${busiest}) idles for the bubble`,
    );
  return {
    schedule: layout.schedule,
    microBatches: m,
    lanes,
    busiestLane: busiest,
    segments,
    pipelineSeconds,
    endSeconds: t,
    notes,
  };
}
