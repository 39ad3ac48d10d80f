// Seeded Monte Carlo of a whole checkpointed run under Poisson interruptions, the stochastic
// counterpart of Daly's (2006) complete model: exponential gaps between events, work rolled back
// to the last durable checkpoint, restarts that failures can interrupt too, planned stops that
// checkpoint first. Event-driven (one step per interruption, not per checkpoint), so a 54-day run
// at 16,384 devices (~470 events) costs ~470 draws. Where the failure rate is a range, each trial
// first draws its own rate (a cluster is one draw from the fleets the range spans): two-piece
// log-uniform, half the trials between the low end and the nominal rate, half between it and
// the high end, so the nominal rate stays the median and the range is the support.

import { exp, ln } from "../portable-math.ts";
import type { Seconds } from "../units.ts";
import { createRng } from "./rng.ts";

export interface MonteCarloInput {
  /** useful training the job needs */
  usefulSeconds: Seconds;
  intervalSeconds: Seconds;
  blockingSeconds: Seconds;
  durabilityLagSeconds: Seconds;
  restartSeconds: Seconds;
  /** unplanned interruptions per second of wall time (job-wide) */
  unplannedPerSecond: number;
  /** planned stops per second of running time */
  plannedPerSecond: number;
  plannedCostSeconds: Seconds;
  trials: number;
  seed: number;
  /** a trial with more events than this is cut off and reported as not finishing */
  maxEventsPerTrial?: number;
  /** the unplanned rate's range as multiples of `unplannedPerSecond` (low <= 1 <= high) */
  rateDraw?: { lowMultiplier: number; highMultiplier: number };
}

export interface MonteCarloRuns {
  /** wall-clock seconds to finish, per trial (Infinity when cut off) */
  completionSeconds: Float64Array;
  /** unplanned interruptions per trial, restarts hit during a restart included */
  interruptions: Float64Array;
  /** trials cut off at maxEventsPerTrial */
  censored: number;
  /** the multiple of the nominal unplanned rate each trial drew (all 1 without a range) */
  rateMultipliers: Float64Array;
}

/** u in [0, 1) to a rate multiplier: log-uniform on [low, 1] below u = 1/2, on [1, high] above. */
export function drawMultiplier(u: number, lowMultiplier: number, highMultiplier: number): number {
  return u < 0.5 ? exp((1 - 2 * u) * ln(lowMultiplier)) : exp((2 * u - 1) * ln(highMultiplier));
}

export function simulateRuns(input: MonteCarloInput): MonteCarloRuns {
  const {
    usefulSeconds: useful,
    intervalSeconds: tau,
    blockingSeconds: delta,
    durabilityLagSeconds: lag,
    restartSeconds: restart,
    unplannedPerSecond: rateU,
    plannedPerSecond: rateP,
    plannedCostSeconds: plannedCost,
    trials,
  } = input;
  if (!(tau > 0)) throw new Error(`montecarlo: intervalSeconds must be > 0, got ${tau}`);
  if (lag >= tau + delta) throw new Error("montecarlo: durability lag must be shorter than one interval");
  if (!Number.isInteger(trials) || trials < 1)
    throw new Error(`montecarlo: trials must be a positive integer, got ${trials}`);
  const maxEvents = input.maxEventsPerTrial ?? 1_000_000;
  const draw = input.rateDraw;
  if (draw && !(draw.lowMultiplier > 0 && draw.lowMultiplier <= 1 && draw.highMultiplier >= 1)) {
    throw new Error(
      `montecarlo: rateDraw needs 0 < low <= 1 <= high, got ${draw.lowMultiplier}, ${draw.highMultiplier}`,
    );
  }
  const rng = createRng(input.seed);
  const seg = tau + delta;
  const completionSeconds = new Float64Array(trials);
  const interruptions = new Float64Array(trials);
  const rateMultipliers = new Float64Array(trials).fill(1);
  let censored = 0;

  for (let trial = 0; trial < trials; trial++) {
    // a point rate draws nothing here, so its numbers are those of a fixed-rate run
    const m = draw ? drawMultiplier(rng.nextFloat(), draw.lowMultiplier, draw.highMultiplier) : 1;
    rateMultipliers[trial] = m;
    const rateTrial = rateU * m;
    const rateAll = rateTrial + rateP;
    const pUnplanned = rateAll > 0 ? rateTrial / rateAll : 0;
    const meanGap = rateAll > 0 ? 1 / rateAll : Infinity;
    const meanGapU = rateTrial > 0 ? 1 / rateTrial : Infinity;
    let t = 0;
    let remaining = useful;
    let events = 0;
    let unplanned = 0;
    run: for (;;) {
      // from the last durable state: ceil(remaining/tau) segments, the last without a checkpoint
      const segments = Math.ceil(remaining / tau);
      const finishIn = remaining + (segments - 1) * delta;
      const gap = rateAll > 0 ? -ln(rng.nextOpenClosed()) * meanGap : Infinity;
      if (gap >= finishIn) {
        t += finishIn;
        break;
      }
      if (++events > maxEvents) {
        t = Infinity;
        censored++;
        break;
      }
      const k = Math.floor(gap / seg);
      const into = gap - k * seg;
      if (rateP === 0 || rng.nextFloat() < pUnplanned) {
        unplanned++;
        // an async checkpoint is durable only `lag` after its snapshot
        const durable = k > 0 && into < lag ? k - 1 : k;
        remaining -= durable * tau;
        t += gap;
        for (;;) {
          const g = -ln(rng.nextOpenClosed()) * meanGapU;
          if (g >= restart) {
            t += restart;
            break;
          }
          t += g;
          unplanned++;
          if (++events > maxEvents) {
            t = Infinity;
            censored++;
            break run;
          }
        }
      } else {
        remaining -= k * tau + Math.min(into, tau);
        t += gap + plannedCost;
      }
    }
    completionSeconds[trial] = t;
    interruptions[trial] = unplanned;
  }
  return { completionSeconds, interruptions, censored, rateMultipliers };
}
