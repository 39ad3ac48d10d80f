// How many devices of one kind a comparison gives it: the scenario's (or the user's per-kind)
// count, grown to the smallest whole number of nodes that fits when it cannot hold the model; the
// fewest nodes whose best plan finishes by a deadline; or the most nodes whose best plan stays
// within a budget. Days fall and money rises with the node count almost everywhere (a plan on n
// nodes is a plan the search could also run at the same per-device throughput on more), so each
// is found by doubling, then bisecting on whole nodes. A count at which no layout divides the
// batch reads as infeasible, so the answer is the first count the bisection finds, said so.
import { planTraining } from "./plan-training.ts";
import type { PlanInput, TrainingPlan } from "./plan-types.ts";

/** Wall days of a plan: with failures where the reliability catalog gives them. */
export const wallDays = (p: TrainingPlan): number =>
  p.reliability?.wallClockDays ?? p.figures.goodputDays ?? p.figures.days;

/** The smallest node multiple from `fromNodes` up at which `ok` holds, by doubling then bisection. */
function smallestNodes(
  ok: (nodes: number) => boolean,
  fromNodes: number,
  maxNodes: number,
): number | undefined {
  let lo = fromNodes - 1; // known not to satisfy (or below the range)
  let hi = Math.max(1, fromNodes);
  while (!ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > maxNodes) return undefined;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

const fits = (base: PlanInput, devices: number) =>
  planTraining({ ...base, devices, firstFit: true, reliability: undefined }).ok;

/** The smallest multiple of a node above `from` devices on which some plan fits, or undefined. */
export function smallestFit(base: PlanInput, from: number, node: number, max: number): number | undefined {
  const n = smallestNodes(
    (k) => fits(base, k * node),
    Math.max(1, Math.floor(from / node)) + 1,
    Math.floor(max / node),
  );
  return n === undefined ? undefined : n * node;
}

/** The fewest devices (whole nodes) whose fastest plan ends within `days` wall days. */
export function fewestForDeadline(
  base: PlanInput,
  node: number,
  days: number,
  max: number,
): number | undefined {
  const quickest = (devices: number) =>
    planTraining({ ...base, devices, objective: "time", top: 1 }).plans[0] as TrainingPlan | undefined;
  const n = smallestNodes(
    (k) => {
      const p = quickest(k * node);
      return p !== undefined && wallDays(p) <= days;
    },
    1,
    Math.floor(max / node),
  );
  return n === undefined ? undefined : n * node;
}

/** The most devices (whole nodes) whose cheapest plan costs at most `usd`, from the smallest that fits. */
export function mostForBudget(base: PlanInput, node: number, usd: number, max: number): number | undefined {
  const cheapest = (devices: number) =>
    planTraining({ ...base, devices, objective: "cost", top: 1 }).plans[0] as TrainingPlan | undefined;
  const within = (k: number) => {
    const p = cheapest(k * node);
    return p !== undefined && p.objective.value <= usd;
  };
  const first = smallestFit(base, 0, node, max);
  if (first === undefined || !within(first / node)) return undefined;
  // the largest k with within(k): the smallest k at which within fails, less one
  const over = smallestNodes((k) => !within(k), first / node + 1, Math.floor(max / node));
  return (over === undefined ? Math.floor(max / node) : over - 1) * node;
}
