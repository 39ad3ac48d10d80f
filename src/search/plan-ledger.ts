// The running state of a plan search: counts by reason, the best N plans and the
// time-vs-cost front. Every candidate is tallied exactly once, so the reasons add up.
import type { Issue, IssueCode } from "../issues.ts";
import { costAxis } from "./objective.ts";
import { dominates, ParetoSet } from "./pareto.ts";
import type { PlanCounts, TrainingPlan } from "./plan-types.ts";

export class PlanLedger {
  readonly counts: PlanCounts = {
    space: 0,
    candidates: 0,
    evaluated: 0,
    fits: 0,
    rejected: 0,
    byCode: {},
    pruned: 0,
  };
  readonly best: TrainingPlan[] = [];
  readonly front = new ParetoSet<TrainingPlan>();
  /** the first issue seen for each code, to explain an empty result */
  readonly examples = new Map<IssueCode, Issue>();

  constructor(readonly top: number) {}

  reject(code: IssueCode, n: number, pruned: boolean, example?: Issue): void {
    if (n <= 0) return;
    const c = this.counts;
    c.byCode[code] = (c.byCode[code] ?? 0) + n;
    c.rejected += n;
    c.candidates += n;
    if (pruned) c.pruned += n;
    if (example) this.example(example);
  }

  example(i: Issue): void {
    if (!this.examples.has(i.code)) this.examples.set(i.code, i);
  }

  fit(): void {
    this.counts.fits++;
    this.counts.candidates++;
  }

  /**
   * Ranks by the objective, then device-hours; among equals the simpler plan first (less context
   * parallelism, sharding and recomputation, the direction the search's dominance keeps), then
   * less memory. Plans equal in all of these keep the order found.
   */
  consider(plan: TrainingPlan): void {
    const k = rankKey(plan);
    let at = this.best.length;
    for (let i = 0; i < this.best.length; i++) {
      if (before(k, rankKey(this.best[i]))) {
        at = i;
        break;
      }
    }
    if (at < this.top) {
      this.best.splice(at, 0, plan);
      if (this.best.length > this.top) this.best.pop();
    }
    this.front.add(plan, [plan.figures.days, costAxis(plan.figures)]);
  }

  /**
   * Whether a candidate whose objective, days and cost are at least these can still matter:
   * it could enter the best N, or the front.
   */
  couldMatter(objective: number, point: readonly [number, number]): boolean {
    if (this.best.length < this.top) return true;
    if (objective <= this.best[this.best.length - 1].objective.value) return true;
    return !this.front.items.some((x) => dominates(x.c, point));
  }
}

const RECOMPUTE_RANK = { none: 0, selective: 1, full: 2 } as const;

function rankKey(p: TrainingPlan): number[] {
  const l = p.parallel;
  return [
    p.objective.value,
    p.figures.deviceHours,
    l.cp,
    l.zero,
    RECOMPUTE_RANK[l.recompute],
    p.figures.memoryPerDeviceGiB,
  ];
}

function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
