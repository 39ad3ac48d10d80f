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
import { laneSegments } from "./timeline-lane.ts";
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
  inPasses: ["compute", "quant", "routing", "recompute", "host", "tpComm", "cpComm", "epComm", "ppComm"],
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
  /** of a "steady" segment's seconds, those spent waiting for the slowest rank */
  waitSeconds?: number;
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
  /** passes (and waits) drawn one by one at each end of a run before its middle is merged; default 24 */
  maxPassesPerRun?: number;
}

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
  const fillSeconds = pipelineSeconds - m * per[busiest];
  for (let d = 0; d < p; d++) {
    const lane = laneSegments({
      lane: d,
      passes: passOrder(layout.schedule, p, layout.vpp, m, d, F[d], B[d], step.weightGradFraction),
      fillSeconds,
      waitSeconds: m * (per[busiest] - per[d]),
      depth:
        layout.schedule === "dualpipe"
          ? Math.min(d, p - 1 - d) / Math.max(1, (p - 1) / 2)
          : d / Math.max(1, p - 1),
      forwardShare: per[d] > 0 ? F[d] / per[d] : 0.5,
      keep,
    });
    segments.push(...lane.segments);
    merged ||= lane.merged;
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
      `${m} micro-batches: the middle passes of each run are drawn as one block, as long as they and their waits`,
    );
  if (layout.schedule === "interleaved" && layout.vpp > 1)
    notes.push(`each rank's ${layout.vpp} chunks share its stage time equally`);
  if (layout.schedule === "dualpipe")
    notes.push("micro-batches enter from both ends: ↓ from rank 0, ↑ from the last rank");
  if (p > 1)
    notes.push(
      `the busiest rank (${busiest}) idles for the bubble; faster ranks also wait for it after each backward`,
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
