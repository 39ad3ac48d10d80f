// The report's Monte Carlo: simulate the run (montecarlo.ts) unless the job never finishes or the
// trials would take too many events, and summarise completion times and interruption counts.
import { DEFAULT_HISTOGRAM_BINS } from "./defaults.ts";
import type { RunPhysics } from "./goodput-at.ts";
import { simulateRuns } from "./montecarlo.ts";
import type { MonteCarloSummary } from "./report-types.ts";
import { quantileSorted, summarizeCompletion } from "./summary.ts";

/** Above this many simulated events in all, the Monte Carlo is skipped (the analytic figures stand). */
const MONTE_CARLO_EVENT_BUDGET = 5e7;

export function runMonteCarlo(c: {
  physics: RunPhysics;
  intervalSeconds: number;
  usefulDays: number;
  wallDays: number;
  /** the job's unplanned interruptions per hour at the nominal rate */
  unplannedPerHour: number;
  rateDraw?: { lowMultiplier: number; highMultiplier: number };
  trials: number;
  seed: number;
  deadlineDays?: number | null;
}): { monteCarlo: MonteCarloSummary | null; monteCarloSkipped: string | null } {
  const { physics, trials } = c;
  // the budget is checked at the high end: a drawn rate there makes the longest trials
  const worstPerSecond = (c.unplannedPerHour * (c.rateDraw?.highMultiplier ?? 1)) / 3600;
  const expectedEvents = (worstPerSecond + physics.plannedPerSecond) * c.wallDays * 86400 * trials;
  if (!(c.usefulDays > 0) || !Number.isFinite(c.wallDays)) {
    return { monteCarlo: null, monteCarloSkipped: "goodput is zero: the job does not finish" };
  }
  if (expectedEvents > MONTE_CARLO_EVENT_BUDGET) {
    return {
      monteCarlo: null,
      monteCarloSkipped: `about ${expectedEvents.toExponential(1)} simulated interruptions in ${trials} trials exceed the budget of ${MONTE_CARLO_EVENT_BUDGET.toExponential(0)}; the analytic figures stand`,
    };
  }
  const runs = simulateRuns({
    usefulSeconds: c.usefulDays * 86400,
    intervalSeconds: c.intervalSeconds,
    blockingSeconds: physics.blockingSeconds,
    durabilityLagSeconds: physics.durabilityLagSeconds,
    restartSeconds: physics.restartSeconds,
    unplannedPerSecond: c.unplannedPerHour / 3600,
    plannedPerSecond: physics.plannedPerSecond,
    plannedCostSeconds: physics.plannedCostSeconds,
    trials,
    seed: c.seed,
    rateDraw: c.rateDraw,
  });
  let sum = 0;
  for (let i = 0; i < trials; i++) sum += runs.interruptions[i];
  const sorted = Float64Array.from(runs.interruptions).sort();
  return {
    monteCarlo: {
      seed: c.seed,
      meanInterruptions: sum / trials,
      interruptionsP05: quantileSorted(sorted, 0.05),
      interruptionsP95: quantileSorted(sorted, 0.95),
      rateDrawn: c.rateDraw !== undefined,
      ...summarizeCompletion(runs.completionSeconds, {
        deadlineDays: c.deadlineDays,
        bins: DEFAULT_HISTOGRAM_BINS,
      }),
    },
    monteCarloSkipped: null,
  };
}
