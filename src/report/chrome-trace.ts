// The engine's step timeline (src/train/timeline.ts) in the Trace Event Format that Perfetto and
// chrome://tracing open: a thread per lane, a complete ("X") event per segment, times in µs.
// Idle time is left as gaps, as those viewers show it.
import type { Timeline } from "../train/timeline.ts";

export interface TraceEvent {
  name: string;
  ph: "X" | "M";
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms";
  otherData: { schedule: string; stepSeconds: number; notes: string[] };
}

export function chromeTrace(t: Timeline): ChromeTrace {
  const events: TraceEvent[] = [];
  for (const s of t.segments) {
    if (s.kind === "idle") continue;
    const args: Record<string, unknown> = {};
    if (s.microBatch !== undefined) args.microBatch = s.microBatch;
    if (s.chunk !== undefined) args.chunk = s.chunk;
    if (s.passes !== undefined) args.passes = s.passes;
    if (s.term !== undefined) args.term = s.term;
    events.push({
      name: s.label,
      cat: s.kind,
      ph: "X",
      pid: 0,
      tid: s.lane,
      ts: s.startSeconds * 1e6,
      dur: s.seconds * 1e6,
      args,
    });
  }
  t.lanes.forEach((name, tid) => {
    events.push({ name: "thread_name", ph: "M", pid: 0, tid, args: { name } });
  });
  events.push({
    name: "process_name",
    ph: "M",
    pid: 0,
    tid: 0,
    args: { name: `one training step (${t.schedule})` },
  });
  return {
    traceEvents: events,
    displayTimeUnit: "ms",
    otherData: { schedule: t.schedule, stepSeconds: t.endSeconds, notes: t.notes },
  };
}
