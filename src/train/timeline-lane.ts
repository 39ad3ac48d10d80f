// One pipeline rank's row of the step timeline: its passes in the schedule's order; its share of
// the pipeline's fill and drain (before the first forward reaches it, before the first backward
// comes back, after the last backward has passed: Narayanan et al. 2021 Fig. 4); and, when it is
// faster than the slowest rank, its wait for that rank after every backward, since the steady
// state runs at the slowest rank's pace (the schedules' m·max(F+B) term, src/train/schedule.ts).
// Long runs keep their first and last passes and merge the middle into one block.
import type { TimelineSegment } from "./timeline.ts";
import type { Pass } from "./timeline-order.ts";

export interface LaneInput {
  lane: number;
  passes: Pass[];
  /** the pipeline's fill and drain idle, the same for every rank (the busiest rank's bubble) */
  fillSeconds: number;
  /** waiting for the slowest rank over the step: m·(slowest F+B − this rank's F+B) */
  waitSeconds: number;
  /** 0 for a rank the micro-batches enter first, 1 for the farthest: its share of fill and drain */
  depth: number;
  /** this rank's F / (F + B): how its fill share splits between before and after */
  forwardShare: number;
  /** passes drawn one by one at each end of a run before the middle is merged */
  keep: number;
}

type Item = { pass: Pass } | { wait: number };

export function laneSegments(inp: LaneInput): { segments: TimelineSegment[]; merged: boolean } {
  const { lane, passes, keep } = inp;
  const segments: TimelineSegment[] = [];
  let merged = false;
  const backwards = passes.filter((x) => x.kind === "backward").length;
  const gap = backwards > 0 ? inp.waitSeconds / backwards : 0;
  const items: Item[] = [];
  for (const pass of passes) {
    items.push({ pass });
    if (pass.kind === "backward" && gap > 0) items.push({ wait: gap });
  }
  const lead = inp.depth * inp.fillSeconds * inp.forwardShare;
  const tail = inp.depth * inp.fillSeconds * (1 - inp.forwardShare);
  const inner = inp.fillSeconds - lead - tail;
  let t = 0;
  const idle = (seconds: number, label: string) => {
    if (seconds > 0) segments.push({ lane, kind: "idle", label, startSeconds: t, seconds });
    t += seconds;
  };
  const place = (x: Item) => {
    if ("wait" in x) idle(x.wait, "waiting for the slowest rank");
    else {
      segments.push({ lane, ...x.pass, startSeconds: t });
      t += x.pass.seconds;
    }
  };
  const run = (r: Item[]) => {
    const ends = Math.max(1, keep);
    if (r.length <= 2 * ends + 1) {
      r.forEach(place);
      return;
    }
    merged = true;
    r.slice(0, ends).forEach(place);
    const mid = r.slice(ends, r.length - ends);
    const ps = mid.flatMap((x) => ("pass" in x ? [x.pass] : []));
    const waits = mid.reduce((s, x) => s + ("wait" in x ? x.wait : 0), 0);
    const seconds = mid.reduce((s, x) => s + ("wait" in x ? x.wait : x.pass.seconds), 0);
    const mbs = ps.map((x) => x.microBatch);
    segments.push({
      lane,
      kind: "steady",
      label: `${ps.length} passes, micro-batches ${Math.min(...mbs)}–${Math.max(...mbs)}${waits > 0 ? ", with waits for the slowest rank" : ""}`,
      startSeconds: t,
      seconds,
      passes: ps.length,
      waitSeconds: waits > 0 ? waits : undefined,
    });
    t += seconds;
    r.slice(r.length - ends).forEach(place);
  };
  const firstB = items.findIndex((x) => "pass" in x && x.pass.kind === "backward");
  const split = firstB < 0 ? items.length : firstB;
  idle(lead, "waiting for the first forward");
  run(items.slice(0, split));
  idle(inner, "waiting for the first backward");
  run(items.slice(split));
  idle(tail, "drained");
  return { segments, merged };
}
