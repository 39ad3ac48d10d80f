// Optimal checkpoint interval. Young (1974), "A first order approximation to the optimum
// checkpoint interval", CACM 17(9): tau = sqrt(2 delta M). Daly (2006), "A higher order estimate
// of the optimum checkpoint interval for restart dumps", FGCS 22(3): the series below, and the
// exact optimum of his complete model, whose wall time per segment is M e^(R/M) (e^((tau+delta)/M) - 1).

import { exp } from "../portable-math.ts";
import type { Seconds } from "../units.ts";

/** Young's first-order optimum; delta = blocking checkpoint cost, M = job mean time between failures. */
export function youngInterval(deltaSeconds: Seconds, mtbfSeconds: Seconds): Seconds {
  return Math.sqrt(2 * deltaSeconds * mtbfSeconds);
}

/** Daly's higher-order estimate: sqrt(2dM)[1 + (1/3)sqrt(d/2M) + (1/9)(d/2M)] - d for d < 2M, else M. */
export function dalyInterval(deltaSeconds: Seconds, mtbfSeconds: Seconds): Seconds {
  const d = deltaSeconds;
  const m = mtbfSeconds;
  if (!Number.isFinite(m)) return Infinity;
  if (d >= 2 * m) return m;
  const r = d / (2 * m);
  return Math.sqrt(2 * d * m) * (1 + Math.sqrt(r) / 3 + r / 9) - d;
}

/**
 * The interval that maximises tau / (e^((tau+delta)/M) - 1), i.e. the goodput of Daly's complete
 * model: the root a = tau/M of 1 - e^-(a + delta/M) = a, found by bisection (deterministic).
 * The restart time R scales the goodput but does not move the optimum.
 */
export function exactOptimalInterval(deltaSeconds: Seconds, mtbfSeconds: Seconds): Seconds {
  if (!Number.isFinite(mtbfSeconds)) return Infinity;
  if (deltaSeconds <= 0) return 0;
  const b = deltaSeconds / mtbfSeconds;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const a = 0.5 * (lo + hi);
    if (a - 1 + exp(-(a + b)) < 0) lo = a;
    else hi = a;
  }
  return 0.5 * (lo + hi) * mtbfSeconds;
}

export type IntervalChoice = "optimal" | "scenario" | "clamped-to-lag" | "clamped-to-job";

/**
 * The interval a run uses: the scenario's if it gives one, else the optimum, but never longer than
 * the job itself (one checkpoint per job is the least) and never shorter than the asynchronous
 * durability lag (a new write cannot start before the last one lands).
 */
export function chooseInterval(c: {
  optimalSeconds: Seconds;
  scenarioMinutes?: number | null;
  jobSeconds: Seconds;
  lagSeconds: Seconds;
}): { seconds: Seconds; chosen: IntervalChoice } {
  let seconds: number;
  let chosen: IntervalChoice;
  if (c.scenarioMinutes != null) {
    seconds = c.scenarioMinutes * 60;
    chosen = "scenario";
  } else if (c.optimalSeconds > c.jobSeconds) {
    seconds = c.jobSeconds;
    chosen = "clamped-to-job";
  } else {
    seconds = c.optimalSeconds;
    chosen = "optimal";
  }
  if (seconds < c.lagSeconds) return { seconds: c.lagSeconds, chosen: "clamped-to-lag" };
  return { seconds, chosen };
}
