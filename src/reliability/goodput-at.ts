// Goodput of one run at a given job failure rate, the checkpoint interval re-chosen for that rate
// as an operator would (Daly 2006 exact optimum, unless the scenario fixes it): the one function
// the nominal report, the break-even search and the comparison across rate ranges all call.
import type { Seconds } from "../units.ts";
import { effectiveTrainingTimeFraction } from "./goodput.ts";
import { chooseInterval, exactOptimalInterval, type IntervalChoice } from "./interval.ts";

export interface RunPhysics {
  blockingSeconds: Seconds;
  durabilityLagSeconds: Seconds;
  restartSeconds: Seconds;
  /** planned stops per second and what one costs */
  plannedPerSecond: number;
  plannedCostSeconds: Seconds;
  scenarioIntervalMinutes?: number | null;
  /** the span the interval may not exceed (one checkpoint per job at least) */
  jobSeconds: Seconds;
}

export interface GoodputAt {
  fraction: number;
  intervalSeconds: Seconds;
  chosen: IntervalChoice;
  optimalSeconds: Seconds;
  mtbfSeconds: Seconds;
}

/** Goodput at `unplannedPerHour` interruptions per hour of the whole job. */
export function goodputAt(p: RunPhysics, unplannedPerHour: number): GoodputAt {
  if (!(unplannedPerHour >= 0)) throw new Error(`goodput: rate must be >= 0, got ${unplannedPerHour}`);
  const mtbfSeconds = unplannedPerHour > 0 ? 3600 / unplannedPerHour : Infinity;
  const optimalSeconds = exactOptimalInterval(p.blockingSeconds, mtbfSeconds);
  const { seconds, chosen } = chooseInterval({
    optimalSeconds,
    scenarioMinutes: p.scenarioIntervalMinutes,
    jobSeconds: p.jobSeconds,
    lagSeconds: p.durabilityLagSeconds,
  });
  const fraction = effectiveTrainingTimeFraction({
    intervalSeconds: seconds,
    blockingSeconds: p.blockingSeconds,
    durabilityLagSeconds: p.durabilityLagSeconds,
    restartSeconds: p.restartSeconds,
    mtbfSeconds,
    plannedPerSecond: p.plannedPerSecond,
    plannedCostSeconds: p.plannedCostSeconds,
  });
  return { fraction, intervalSeconds: seconds, chosen, optimalSeconds, mtbfSeconds };
}
