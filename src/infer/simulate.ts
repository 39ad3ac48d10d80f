// A seeded discrete-event simulation of serving engines under load (the approach of Vidur,
// Agrawal et al. 2024, on this tool's iteration times): clients send requests, each engine
// instance runs iterations back to back while it has work, its scheduler (simulate-group.ts)
// forms each batch, and the batch's time comes from the performance model (simulate-step.ts).
// Load as benchmarks state it: a closed loop of N clients, each sending its next request when
// its last one ends (vllm bench serve --max-concurrency, trtllm-bench), or an open loop of
// Poisson arrivals. Steady state is measured the way those tools report it, after a warm-up:
// TTFT (queueing included), TPOT = (e2e − TTFT)/(output − 1) per request, end-to-end latency.
// Runs of decode-only steps between events are taken in one stride (the step time averaged over
// its first and last context), so a point costs a few events per request, not one per token.
// Pure and deterministic: the only randomness is the seeded generator (src/reliability/rng.ts).
import { createRng, type Rng } from "../reliability/rng.ts";
import { MinHeap } from "./min-heap.ts";
import { type Batch, Group, type GroupRules, type Request } from "./simulate-group.ts";
import { type Distribution, distribution } from "./simulate-stats.ts";
import type { InstanceLoad, StepTimer } from "./simulate-step.ts";

export type SimLoad = { kind: "closed"; clients: number } | { kind: "open"; requestsPerSecond: number };

export interface SimInstance {
  timer: StepTimer;
  groups: number;
  rules: GroupRules;
}

export interface SimulationInput {
  instances: SimInstance[];
  inputTokens: number;
  outputTokens: number;
  /** prompt tokens found in the prefix cache */
  cachedTokens: number;
  load: SimLoad;
  /** disaggregated: seconds from a prompt's end to its KV cache on a decode instance */
  transferSeconds: number;
  /** per-request latency outside the iteration loop (API server) */
  requestSeconds: number;
  /** closed loop: clients start at seeded uniform times over this span, each at its own phase of
   * the request cycle (0: all at once, the first wave in lockstep) */
  staggerSeconds?: number;
  speculative: { draftTokens: number; acceptance: number } | null;
  seed: number;
  /** requests discarded first (default: the clients, or 10% of the arrivals) */
  warmup?: number;
  /** requests measured (default closed: every client once, and 2·clients up to 2,000, at least 64; open: 1,000) */
  measured?: number;
}

export interface SimulationResult {
  requests: number;
  windowSeconds: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  ttft: Distribution;
  tpot: Distribution;
  e2e: Distribution;
  /** requests decoding in an iteration, per instance, averaged over busy time */
  meanDecodeBatch: number;
  /** share of the simulated time the instances ran iterations */
  busyFraction: number;
  /** share of iterations that computed prompt tokens */
  prefillIterationShare: number;
  preemptions: number;
  iterations: number;
  stepEvaluations: number;
  /** open loop: requests waiting when the last one arrived; false when the queue kept growing */
  backlog: number;
  stable: boolean;
  /** false when requests never finished (a request that cannot fit, or the event cap) */
  finished: boolean;
}

interface Inst {
  spec: SimInstance;
  groups: Group[];
  prefills: boolean;
  busy: boolean;
  endsAt: number;
  batches: Batch[] | null;
  stride: number;
}

/** Steps of a speculative decode: tokens per step are 1..k+1 (truncated geometric); a normal draw
 * of the renewal count keeps it one number per request. */
function decodeSteps(out: number, spec: SimulationInput["speculative"], rng: Rng): number {
  const need = out - 1;
  if (need <= 0) return 0;
  if (!spec || spec.draftTokens === 0 || spec.acceptance <= 0) return need;
  const k = spec.draftTokens;
  const a = spec.acceptance;
  let m = 0;
  let m2 = 0;
  let p = 1;
  for (let j = 1; j <= k + 1; j++) {
    const pj = j <= k ? p * (1 - a) : p;
    m += j * pj;
    m2 += j * j * pj;
    p *= a;
  }
  const sd = Math.sqrt((need * (m2 - m * m)) / (m * m * m));
  const z = Math.sqrt(-2 * Math.log(rng.nextOpenClosed())) * Math.cos(2 * Math.PI * rng.nextFloat());
  return Math.max(Math.ceil(need / (k + 1)), Math.min(need, Math.round(need / m + sd * z)));
}

export function simulateServing(inp: SimulationInput): SimulationResult {
  const rng = createRng(inp.seed);
  const closed = inp.load.kind === "closed";
  const clients = inp.load.kind === "closed" ? inp.load.clients : 0;
  const W = inp.warmup ?? (closed ? clients : 100);
  // At least one full cycle of the clients, so every phase of the loop is in the window.
  const M = inp.measured ?? (closed ? Math.max(clients, 64, Math.min(2 * clients, 2000)) : 1000);
  const insts: Inst[] = inp.instances.map((spec) => ({
    spec,
    groups: Array.from({ length: spec.groups }, () => new Group(spec.rules)),
    prefills: spec.rules.role !== "decode",
    busy: false,
    endsAt: 0,
    batches: null,
    stride: 0,
  }));
  const front = insts.filter((x) => x.prefills);
  const back = insts.filter((x) => x.spec.rules.role === "decode");
  const frontSlots =
    (front.reduce((s, x) => s + x.groups.length, 0) / Math.max(1, front.length)) * front.length;
  const arrivals = new MinHeap<{ req: Request; to: "front" | "back" }>();
  const ends = new MinHeap<Inst>();
  let now = 0;
  let ids = 0;
  let rrBack = 0;
  let sent = 0;
  let completions = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let iterations = 0;
  let prefillIterations = 0;
  let decodeTime = 0;
  let windowBusy = 0;
  const measuring = () => (closed ? completions >= W : sent > W);
  let backlogStart = 0;
  let backlog = 0;
  const ttft: number[] = [];
  const tpot: number[] = [];
  const e2e: number[] = [];
  const measuredIds = new Set<number>();
  let servedInWindow = 0;
  let firstCompletion = 0;
  let busyTime = 0;
  let arrivalsDone = false;
  let lastArrival = 0;
  const total = W + M;

  const send = (client: number, at: number) => {
    const req: Request = {
      id: ids++,
      client,
      sentAt: at,
      prompt: Math.max(1, inp.inputTokens - inp.cachedTokens),
      cached: inp.cachedTokens,
      done: 0,
      outputTokens: inp.outputTokens,
      steps: decodeSteps(inp.outputTokens, inp.speculative, rng),
      firstTokenAt: Number.NaN,
      startCounter: 0,
      startContext: 0,
      finishCounter: 0,
      admitOrder: 0,
      reserved: 0,
      state: "waiting",
    };
    if (!closed && req.id >= W && req.id < total) measuredIds.add(req.id);
    sent++;
    arrivals.push(at + inp.requestSeconds, { req, to: "front" });
  };
  const nextPoisson = () => {
    if (inp.load.kind === "open" && sent < total)
      send(-1, now + -Math.log(rng.nextOpenClosed()) / inp.load.requestsPerSecond);
  };

  const loadOf = (inst: Inst, batches: Batch[] | null, ahead: number): InstanceLoad => {
    let decodes = 0;
    let ctx = 0;
    let pt = 0;
    let ps = 0;
    let keys = 0;
    let kvr = 0;
    let busiest = 0;
    inst.groups.forEach((g, i) => {
      const b = batches?.[i];
      const d = b ? b.decodes : g.nDecode;
      if (d > 0) {
        decodes += d;
        ctx += g.contextSum() + ahead * g.nDecode * g.rules.tokensPerStep;
      }
      let gp = 0;
      for (const c of b?.chunks ?? []) {
        gp += c.tokens;
        keys += c.tokens * (c.offset + c.tokens / 2);
        kvr += c.offset;
        if (c.req.done + c.tokens >= c.req.prompt) ps++;
      }
      pt += gp;
      busiest = Math.max(busiest, gp);
    });
    return {
      decodes,
      meanContext: decodes > 0 ? ctx / decodes : 0,
      prefillTokens: pt,
      prefillSequences: ps,
      keysPerToken: pt > 0 ? keys / pt : 0,
      kvReadTokens: kvr,
      busiestPrefillTokens: busiest,
    };
  };

  const start = (inst: Inst) => {
    const quiet = inst.groups.every((g) => g.prefilling.length === 0 && !g.canAdmit());
    const decoding = inst.groups.some((g) => g.nDecode > 0);
    if (quiet && decoding && inst.spec.rules.role !== "prefill") {
      let n = Number.POSITIVE_INFINITY;
      for (const g of inst.groups) n = Math.min(n, g.stepsToNextFinish(), g.stepsKvAllows());
      const t0 = inst.spec.timer.seconds(loadOf(inst, null, 0));
      const nextArrival = nextExternal(inst);
      if (Number.isFinite(nextArrival)) n = Math.min(n, Math.max(1, Math.ceil((nextArrival - now) / t0)));
      n = Math.max(1, Math.min(n, 1e6));
      if (n > 1) {
        const t1 = inst.spec.timer.seconds(loadOf(inst, null, n - 1));
        inst.stride = n;
        inst.batches = null;
        inst.busy = true;
        iterations += n;
        inst.endsAt = now + (n * (t0 + t1)) / 2;
        busyTime += inst.endsAt - now;
        if (measuring()) {
          windowBusy += inst.endsAt - now;
          decodeTime += (inst.endsAt - now) * inst.groups.reduce((s, g) => s + g.nDecode, 0);
        }
        ends.push(inst.endsAt, inst);
        return;
      }
    }
    const batches = inst.groups.map((g) => g.form());
    if (batches.every((b) => b.decodes === 0 && b.chunks.length === 0)) {
      inst.busy = false;
      return;
    }
    const load = loadOf(inst, batches, 0);
    inst.stride = 0;
    inst.batches = batches;
    inst.busy = true;
    iterations++;
    if (load.prefillTokens > 0) prefillIterations++;
    inst.endsAt = now + inst.spec.timer.seconds(load);
    busyTime += inst.endsAt - now;
    if (measuring()) {
      windowBusy += inst.endsAt - now;
      decodeTime += (inst.endsAt - now) * load.decodes;
    }
    ends.push(inst.endsAt, inst);
  };
  /** The earliest time new work can reach `inst`: an arrival, or a prompt finishing upstream. */
  const nextExternal = (inst: Inst) => {
    let t = arrivals.peekKey();
    if (inst.spec.rules.role === "decode")
      for (const x of front) if (x.busy) t = Math.min(t, x.endsAt + inp.transferSeconds);
    return t;
  };

  const complete = (r: Request) => {
    completions++;
    const measured = closed ? completions > W && completions <= total : measuredIds.has(r.id);
    if (closed && completions === W) windowStart = now;
    if (!closed && !arrivalsDone) {
      if (servedInWindow === 0) firstCompletion = now;
      servedInWindow++;
    }
    if (measured) {
      const first = r.firstTokenAt - r.sentAt + (back.length > 0 ? inp.transferSeconds : 0);
      const all = now - r.sentAt;
      ttft.push(first);
      e2e.push(all);
      if (r.outputTokens > 1) tpot.push((all - first) / (r.outputTokens - 1));
      windowEnd = now;
      if (!closed) measuredIds.delete(r.id);
    }
    if (closed && completions < total) send(r.client, now);
  };

  if (closed) for (let c = 0; c < clients; c++) send(c, (inp.staggerSeconds ?? 0) * rng.nextFloat());
  else nextPoisson();

  // Instances idle or between iterations start once every event of this instant is in, so
  // requests arriving together are scheduled together.
  const pending = new Set<Inst>();
  const startPending = () => {
    if (arrivals.peekKey() <= now || ends.peekKey() <= now) return;
    for (const x of pending) if (!x.busy) start(x);
    pending.clear();
  };
  const maxEvents = 50 * (total + clients) + 1e6;
  let events = 0;
  while ((arrivals.size > 0 || ends.size > 0) && events++ < maxEvents) {
    if (closed && completions >= total) break;
    if (!closed && sent >= total && measuredIds.size === 0) break;
    if (arrivals.peekKey() <= ends.peekKey()) {
      now = arrivals.peekKey();
      const { req, to } = arrivals.pop()!;
      let inst: Inst;
      let g: Group;
      if (to === "back") {
        inst = back[rrBack % back.length];
        g = inst.groups[Math.floor(rrBack / back.length) % inst.groups.length];
        rrBack++;
      } else {
        // Each request goes to an instance and attention group drawn at random (seeded), as a
        // load balancer without length information spreads them: the groups of an instance then
        // see uneven prompt arrivals, the imbalance data-parallel attention pays for.
        const k = Math.floor(rng.nextFloat() * frontSlots);
        inst = front[k % front.length];
        g = inst.groups[Math.floor(k / front.length)];
      }
      g.waiting.push(req);
      pending.add(inst);
      if (!closed && to === "front") {
        const waiting = insts.reduce((s, x) => s + x.groups.reduce((t, y) => t + y.waiting.length, 0), 0);
        if (req.id === W) backlogStart = waiting;
        if (req.id === W) windowStart = now;
        if (req.id === total - 1) {
          backlog = waiting;
          arrivalsDone = true;
          lastArrival = now;
        }
        nextPoisson();
      }
      startPending();
      continue;
    }
    now = ends.peekKey();
    const inst = ends.pop()!;
    if (inst.stride > 0) {
      for (const g of inst.groups) for (const r of g.advance(inst.stride)) complete(r);
    } else {
      inst.groups.forEach((g, i) => {
        const { firstTokens, finished } = g.apply(inst.batches![i], now);
        if (g.rules.role === "prefill") {
          for (const r of firstTokens) {
            const moved: Request = { ...r, state: "waiting", done: r.prompt };
            arrivals.push(now + inp.transferSeconds, { req: moved, to: "back" });
          }
        }
        for (const r of finished) complete(r);
      });
    }
    inst.busy = false;
    pending.add(inst);
    startPending();
  }
  const finished = closed ? completions >= total : sent >= total && measuredIds.size === 0;
  const n = e2e.length;
  const stable = finished && (closed || backlog <= backlogStart + Math.max(10, 0.05 * M));
  // Closed: measured completions over their window. Open and stable: every arrival is served, so
  // the rate is the arrivals'; overloaded: what completed while requests still arrived.
  const windowSeconds = Math.max(1e-12, closed ? windowEnd - windowStart : lastArrival - windowStart);
  const overloadSeconds = lastArrival - firstCompletion;
  const rate = closed
    ? n / windowSeconds
    : stable
      ? (total - 1 - W) / windowSeconds
      : overloadSeconds > 0
        ? (servedInWindow - 1) / overloadSeconds
        : 0;
  let preemptions = 0;
  for (const x of insts) for (const g of x.groups) preemptions += g.preemptions;
  return {
    requests: n,
    windowSeconds,
    requestsPerSecond: rate,
    outputTokensPerSecond: rate * inp.outputTokens,
    inputTokensPerSecond: rate * inp.inputTokens,
    ttft: distribution(ttft),
    tpot: distribution(tpot),
    e2e: distribution(e2e),
    meanDecodeBatch: windowBusy > 0 ? decodeTime / windowBusy : 0,
    busyFraction: now > 0 ? Math.min(1, busyTime / (insts.length * now)) : 0,
    prefillIterationShare: iterations > 0 ? prefillIterations / iterations : 0,
    preemptions,
    iterations,
    stepEvaluations: inp.instances.reduce((s, x) => s + x.timer.evaluations, 0),
    backlog,
    stable,
    finished,
  };
}
