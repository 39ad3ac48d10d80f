// Plan search for training: enumerate the legal layouts (./space.ts) in groups
// (./plan-groups.ts), bound each group's best objective with one evaluation (./plan-bound.ts),
// then search the groups best bound first (./plan-group-search.ts) until no remaining group
// can beat the N best plans or reach the time-vs-cost front (branch and bound). Returns the N
// best by the objective, the front, and why every other candidate died. Pure: the same input
// gives the same result; progress and stopping go through the caller's callback and signal.
import { lostWorkCost } from "../economics/lost-work.ts";
import { type Issue, type IssueCode, issue } from "../issues.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { GroupBounds } from "./plan-bound.ts";
import { createContext, type SearchContext } from "./plan-context.ts";
import { openCells, searchGroup } from "./plan-group-search.ts";
import { buildGroups, type Group } from "./plan-groups.ts";
import { PlanLedger } from "./plan-ledger.ts";
import type { PlanInput, PlanResult } from "./plan-types.ts";

const SEARCHED_KEYS = [
  "tp",
  "pp",
  "dp",
  "cp",
  "ep",
  "vpp",
  "microBatch",
  "schedule",
  "recompute",
  "zero",
] as const;

interface Run {
  /** yields every `chunk` evaluations */
  steps: Generator<void, void, void>;
  ledger: PlanLedger;
  result(stopped: boolean): PlanResult;
}

function createRun(inp: PlanInput): Run {
  const ctx = createContext(inp);
  const ledger = new PlanLedger(Math.max(1, inp.top ?? 5));
  const chunk = Math.max(1, inp.chunk ?? 256);
  const counts = [...new Set([inp.devices, ...(inp.deviceCounts ?? [])])].filter(
    (n) => Number.isInteger(n) && n > 0,
  );
  counts.sort((a, b) => a - b);
  const groups: Group[] = [];
  for (const n of counts) groups.push(...buildGroups(ctx, ledger, n, groups.length));
  const stop = () => inp.firstFit === true && ledger.best.length > 0;

  function* steps(): Generator<void, void, void> {
    let pending = 0;
    const every = function* () {
      if (++pending >= chunk) {
        pending = 0;
        yield;
      }
    };
    let order = groups;
    let bounds: Map<number, { objective: number; point: readonly [number, number] }> | undefined;
    if (inp.firstFit) {
      // Feasibility first: the groups with the most memory to spare.
      order = [...groups].sort((a, b) => b.slack - a.slack || a.index - b.index);
    } else if (!inp.exhaustive) {
      bounds = new Map();
      const gb = new GroupBounds(ctx, ledger, ctx.objective);
      for (const g of groups) {
        const before = ledger.counts.evaluated;
        bounds.set(g.index, gb.bound(g));
        if (ledger.counts.evaluated > before) yield* every();
      }
      const b = bounds;
      order = [...groups].sort(
        (x, y) => b.get(x.index)!.objective - b.get(y.index)!.objective || x.index - y.index,
      );
    }
    for (const g of order) {
      if (stop()) return;
      const bound = bounds?.get(g.index);
      if (bound && !ledger.couldMatter(bound.objective, bound.point)) {
        ledger.reject("outranked", openCells(ctx, g), true);
        continue;
      }
      for (const _ of searchGroup(ctx, ledger, g, stop)) yield* every();
    }
  }

  return { steps: steps(), ledger, result: (stopped) => assemble(ctx, ledger, stopped) };
}

function assemble(ctx: SearchContext, ledger: PlanLedger, stopped: boolean): PlanResult {
  const { inp, fixed } = ctx;
  const plans = [...ledger.best];
  for (const p of plans) {
    if (ctx.goodput) p.reliability = ctx.goodput.summary(p.devices, p.figures.days);
    const c = p.report.cost;
    const r = p.reliability;
    if (c) p.cost = r ? lostWorkCost(c, { ...r, usefulDays: p.figures.days, devices: p.devices }) : c;
  }
  const notes = [...ctx.notes];
  if (inp.train.precision === undefined && ctx.precisions.length > 1) {
    notes.push(`precision searched over ${ctx.precisions.join(" and ")} (set train.precision to pin it)`);
  }
  if (fixed.zero === undefined)
    notes.push("ZeRO 0 not searched: the distributed optimizer moves the same bytes and holds less");
  const searched = SEARCHED_KEYS.filter((k) => fixed[k] === undefined);
  if (searched.length > 0) notes.push(`searched: ${searched.join(", ")}`);
  if (ctx.precisions.length === 0)
    notes.push(`${inp.device.name} has no bf16 or fp16 matmul peak: nothing to plan`);
  notes.push(...(ctx.goodput?.notes ?? []));
  const pricing = inp.device.pricing;
  if (pricing?.basis === "unknown") notes.push(`${pricing.message}, e.g.\n${pricing.example}`);
  else if (pricing) notes.push(`cost basis: ${pricing.label}`);
  const issues: Issue[] = [];
  if (plans.length === 0) {
    const byCount = Object.entries(ledger.counts.byCode).sort((a, b) => b[1] - a[1]);
    for (const [code] of byCount) {
      const ex = ledger.examples.get(code as IssueCode);
      if (ex) issues.push(ex);
    }
    if (ledger.counts.space === 0) issues.push(noLayoutIssue(inp, fixed));
  }
  return {
    ok: plans.length > 0,
    objective: ctx.objective,
    plans,
    pareto: ledger.front.sorted(),
    counts: { ...ledger.counts, byCode: { ...ledger.counts.byCode } },
    stopped,
    tokens: { value: ctx.tokens, basis: inp.train.tokens !== undefined ? "scenario" : "nominal" },
    costBasis: inp.device.pricePerDeviceHourUSD?.value ? "usd" : "device-hours",
    notes,
    issues,
    warnings: plans[0]?.report.warnings ?? [],
  };
}

function noLayoutIssue(inp: PlanInput, fixed: ParallelSpec): Issue {
  const given = Object.entries(fixed)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const shape = `${inp.arch.layers} layers, ${inp.arch.heads} heads, global batch ${inp.train.globalBatch}`;
  return issue(
    "not_divisible",
    ["parallel"],
    `no legal layout of ${inp.devices} devices for ${shape}${given ? ` with ${given}` : ""}`,
  );
}

/** The whole search, synchronously. An aborted signal (checked every chunk) returns the best so far. */
export function planTraining(inp: PlanInput): PlanResult {
  const run = createRun(inp);
  let stopped = false;
  for (const _ of run.steps) {
    inp.onProgress?.(progressOf(run));
    if (inp.signal?.aborted) {
      stopped = true;
      break;
    }
  }
  return run.result(stopped);
}

/** The same search, yielding to the event loop between chunks so a signal (SIGINT) can stop it. */
export async function planTrainingAsync(inp: PlanInput): Promise<PlanResult> {
  const run = createRun(inp);
  let stopped = false;
  for (const _ of run.steps) {
    inp.onProgress?.(progressOf(run));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (inp.signal?.aborted) {
      stopped = true;
      break;
    }
  }
  return run.result(stopped);
}

function progressOf(run: Run) {
  const c = run.ledger.counts;
  return {
    decided: c.candidates,
    space: c.space,
    evaluated: c.evaluated,
    fits: c.fits,
    best: run.ledger.best[0],
  };
}
