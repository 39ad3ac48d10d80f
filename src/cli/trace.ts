// One training step's pipeline as Chrome-trace JSON (the Trace Event Format that Perfetto and
// chrome://tracing open): each pipeline stage a thread, each micro-batch's forward and backward
// a complete ("X") event, placed by simulating the 1F1B order with its dependencies.
import type { TrainReport } from "../train/evaluate.ts";

interface TraceEvent {
  name: string;
  ph: "X" | "M";
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
  cat?: string;
}

export function chromeTrace(t: TrainReport): { traceEvents: TraceEvent[]; displayTimeUnit: "ms" } {
  const pp = t.layout.pp;
  const m = Math.min(t.layout.microBatches, 64);
  const f = t.step.stageForward;
  const b = t.step.stageBackward;
  const fEnd: number[][] = Array.from({ length: pp }, () => new Array(m).fill(0));
  const bEnd: number[][] = Array.from({ length: pp }, () => new Array(m).fill(0));
  const order: { kind: "F" | "B"; i: number }[][] = [];
  for (let s = 0; s < pp; s++) {
    const warm = Math.min(pp - s - 1, m);
    const ops: { kind: "F" | "B"; i: number }[] = [];
    let nf = 0;
    let nb = 0;
    for (; nf < warm; nf++) ops.push({ kind: "F", i: nf });
    while (nb < m) {
      if (nf < m) ops.push({ kind: "F", i: nf++ });
      ops.push({ kind: "B", i: nb++ });
    }
    order.push(ops);
  }
  const events: TraceEvent[] = [];
  const free = new Array(pp).fill(0);
  const pos = new Array(pp).fill(0);
  // Advance every stage whose next op's dependency is done, until all ops are placed.
  let placed = 0;
  const total = pp * 2 * m;
  while (placed < total) {
    let progressed = false;
    for (let s = 0; s < pp; s++) {
      const op = order[s][pos[s]];
      if (!op) continue;
      let dep = 0;
      if (op.kind === "F") {
        if (s > 0) {
          if (pos[s - 1] <= order[s - 1].findIndex((o) => o.kind === "F" && o.i === op.i)) continue;
          dep = fEnd[s - 1][op.i];
        }
      } else {
        if (s < pp - 1) {
          if (pos[s + 1] <= order[s + 1].findIndex((o) => o.kind === "B" && o.i === op.i)) continue;
          dep = bEnd[s + 1][op.i];
        }
      }
      const start = Math.max(free[s], dep);
      const dur = op.kind === "F" ? f[s] : b[s];
      const end = start + dur;
      (op.kind === "F" ? fEnd : bEnd)[s][op.i] = end;
      free[s] = end;
      pos[s]++;
      placed++;
      progressed = true;
      events.push({
        name: `${op.kind}${op.i}`,
        cat: op.kind === "F" ? "forward" : "backward",
        ph: "X",
        pid: 0,
        tid: s,
        ts: start * 1e6,
        dur: dur * 1e6,
        args: { microBatch: op.i, stage: s },
      });
    }
    if (!progressed) break;
  }
  for (let s = 0; s < pp; s++)
    events.push({ name: "thread_name", ph: "M", pid: 0, tid: s, args: { name: `stage ${s}` } });
  events.push({
    name: "process_name",
    ph: "M",
    pid: 0,
    tid: 0,
    args: { name: `pipeline (${t.layout.schedule} order shown as 1F1B)` },
  });
  return { traceEvents: events, displayTimeUnit: "ms" };
}
