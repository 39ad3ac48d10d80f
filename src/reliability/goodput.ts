// Goodput under exponential failures: Daly (2006, FGCS 22(3)) complete model, wall time per
// segment of useful work tau = M e^(R/M) (e^((tau+delta)/M) - 1), failures striking work,
// checkpoint writes and restarts alike. Planned stops cost a checkpoint plus a restart, no rework.

import { exp, ln } from "../portable-math.ts";
import type { Seconds } from "../units.ts";

/** Expected interruptions: rate per device-hour x devices x hours (x the scenario's multiplier). */
export function expectedInterruptions(
  ratePerDeviceHour: number,
  devices: number,
  hours: number,
  failureRateMultiplier = 1,
): number {
  return ratePerDeviceHour * failureRateMultiplier * devices * hours;
}

/** The job's mean time between interruptions: the whole job stops when any device does. */
export function jobMtbfSeconds(
  ratePerDeviceHour: number,
  devices: number,
  failureRateMultiplier = 1,
): Seconds {
  const perHour = ratePerDeviceHour * failureRateMultiplier * devices;
  return perHour > 0 ? 3600 / perHour : Infinity;
}

/** e^x - 1 without cancellation for small x. */
function expm1(x: number): number {
  if (Math.abs(x) < 1e-5) return x + (x * x) / 2 + (x * x * x) / 6;
  return exp(x) - 1;
}

/** ln(e^x - 1) for x > 0, finite for large x. */
function lnExpm1(x: number): number {
  return x > 40 ? x + ln(1 - exp(-x)) : ln(expm1(x));
}

export interface GoodputInput {
  /** useful work between checkpoints */
  intervalSeconds: Seconds;
  /** what training waits for per checkpoint */
  blockingSeconds: Seconds;
  /** asynchronous checkpoints: time until the last one is durable (a failure inside it rolls back one more interval) */
  durabilityLagSeconds: Seconds;
  /** restart after an unplanned interruption */
  restartSeconds: Seconds;
  mtbfSeconds: Seconds;
  /** planned stops per second of wall time */
  plannedPerSecond: number;
  /** one planned stop: a final checkpoint and a restart without detection */
  plannedCostSeconds: Seconds;
}

/**
 * Fraction of wall time spent on training that is kept, in (0, 1]. Computed in log space so it
 * stays positive (if tiny) when failures outpace checkpoints. The asynchronous durability lag is
 * folded into the restart (first order: it adds `lag` of rework per failure).
 */
export function effectiveTrainingTimeFraction(g: GoodputInput): number {
  const tau = g.intervalSeconds;
  const m = g.mtbfSeconds;
  const planned = 1 + g.plannedPerSecond * g.plannedCostSeconds;
  if (!(tau > 0)) throw new Error(`goodput: intervalSeconds must be > 0, got ${tau}`);
  if (!Number.isFinite(m)) return tau / (tau + g.blockingSeconds) / planned;
  const r = g.restartSeconds + g.durabilityLagSeconds;
  const lnF = ln(tau) - ln(m) - r / m - lnExpm1((tau + g.blockingSeconds) / m) - ln(planned);
  return Math.min(1, exp(lnF));
}

/**
 * Expected time lost to one unplanned interruption, first order: half an interval of rework,
 * the asynchronous lag, and the restart.
 */
export function lostWorkPerFailureSeconds(
  intervalSeconds: Seconds,
  lagSeconds: Seconds,
  restartSeconds: Seconds,
): Seconds {
  return intervalSeconds / 2 + lagSeconds + restartSeconds;
}

/** Wall-clock days for a job needing `usefulDays` of training at this goodput. */
export function wallClockDays(usefulDays: number, fraction: number): number {
  return fraction > 0 ? usefulDays / fraction : Infinity;
}
