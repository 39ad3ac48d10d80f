// The order in which one pipeline rank runs its passes in one step, per schedule. 1F1B:
// Narayanan et al. 2021 Sec. 2.2.1 (p-d-1 warm-up forwards, then one forward one backward).
// Interleaved: Megatron-LM's schedule (megatron/core/pipeline_parallel/schedules.py): chunk
// passes in groups of p micro-batches, (p-d-1)·2 + (v-1)·p warm-up passes, backward chunks in
// reverse. ZB-H1: Qi et al. 2023 (arXiv 2401.10241) Fig. 3: the weight-gradient pass W of the first
// p-d-1 micro-batches is deferred to the drain. DualPipe: DeepSeek-V3 report Sec. 3.2.1, half
// the micro-batches enter at each end; a rank runs both directions' 1F1B orders alternately.
import type { ScheduleKind } from "./schedule.ts";

export interface Pass {
  kind: "forward" | "backward" | "weight-grad";
  label: string;
  microBatch: number;
  chunk?: number;
  seconds: number;
}

function oneF1B(p: number, m: number, d: number, f: (i: number) => Pass, b: (i: number) => Pass[]): Pass[] {
  const warm = Math.min(p - d - 1, m);
  const out: Pass[] = [];
  for (let i = 0; i < warm; i++) out.push(f(i));
  for (let i = 0; i < m; i++) {
    if (warm + i < m) out.push(f(warm + i));
    out.push(...b(i));
  }
  return out;
}

/** Megatron's chunk order: pass k of m·v covers micro-batch and chunk as below. */
function chunkOf(k: number, p: number, v: number, m: number, forward: boolean) {
  const group = Math.floor(k / (p * v));
  const size = Math.min(p, m - group * p);
  const within = k - group * p * v;
  const c = Math.floor(within / size);
  return { microBatch: group * p + (within % size), chunk: forward ? c : v - 1 - c };
}

export function passOrder(
  schedule: ScheduleKind,
  p: number,
  v: number,
  m: number,
  d: number,
  forwardSeconds: number,
  backwardSeconds: number,
  weightGradFraction: number,
): Pass[] {
  const F = (i: number, seconds = forwardSeconds, chunk?: number, tag = ""): Pass => ({
    kind: "forward",
    label: `F${i}${tag}`,
    microBatch: i,
    chunk,
    seconds,
  });
  const B = (i: number, seconds = backwardSeconds, chunk?: number, tag = ""): Pass => ({
    kind: "backward",
    label: `B${i}${tag}`,
    microBatch: i,
    chunk,
    seconds,
  });
  if (schedule === "interleaved" && v > 1) {
    const total = m * v;
    const warm = Math.min(total, (p - d - 1) * 2 + (v - 1) * p);
    const out: Pass[] = [];
    const f = (k: number) => {
      const c = chunkOf(k, p, v, m, true);
      return F(c.microBatch, forwardSeconds / v, c.chunk, ` chunk ${c.chunk}`);
    };
    const b = (k: number) => {
      const c = chunkOf(k, p, v, m, false);
      return B(c.microBatch, backwardSeconds / v, c.chunk, ` chunk ${c.chunk}`);
    };
    for (let k = 0; k < warm; k++) out.push(f(k));
    for (let k = 0; k < total; k++) {
      if (warm + k < total) out.push(f(warm + k));
      out.push(b(k));
    }
    return out;
  }
  if (schedule === "zero-bubble") {
    const w = weightGradFraction * backwardSeconds;
    const deferred = Math.min(p - d - 1, m);
    const W = (i: number): Pass => ({ kind: "weight-grad", label: `W${i}`, microBatch: i, seconds: w });
    const out = oneF1B(
      p,
      m,
      d,
      (i) => F(i),
      (i) => (i >= deferred ? [B(i, backwardSeconds - w), W(i - deferred)] : [B(i, backwardSeconds - w)]),
    );
    for (let i = m - deferred; i < m; i++) out.push(W(i));
    return out;
  }
  if (schedule === "dualpipe") {
    const down = Math.ceil(m / 2);
    const a = oneF1B(
      p,
      down,
      d,
      (i) => F(i, forwardSeconds, 0, "↓"),
      (i) => [B(i, backwardSeconds, 0, "↓")],
    );
    const b = oneF1B(
      p,
      m - down,
      p - 1 - d,
      (i) => F(down + i, forwardSeconds, 1, "↑"),
      (i) => [B(down + i, backwardSeconds, 1, "↑")],
    );
    const out: Pass[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) out.push(a[i]);
      if (i < b.length) out.push(b[i]);
    }
    return out;
  }
  return oneF1B(
    p,
    m,
    d,
    (i) => F(i),
    (i) => [B(i)],
  );
}
