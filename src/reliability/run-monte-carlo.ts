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
  /** the expected wall clock at the high end of the rate range (Infinity if it never finishes) */
  wallDaysHigh: number;
  /** the job's unplanned interruptions per hour at the nominal rate */
  unplannedPerHour: number;
  rateDraw?: { lowMultiplier: number; highMultiplier: number };
  trials: number;
  seed: number;
  deadlineDays?: number | null;
}): { monteCarlo: MonteCarloSummary | null; monteCarloSkipped: string | null } {
  const { physics, trials } = c;
  if (!(c.usefulDays > 0) || !Number.isFinite(c.wallDays)) {
    return { monteCarlo: null, monteCarloSkipped: "goodput is zero: the job does not finish" };
  }
  // Events a trial makes: at the nominal rate over the nominal wall clock; at the range's high end
  // over its own (longer) wall clock. A trial past ten times the high rate's events at the nominal
  // wall clock is cut off and counted as never finishing, so a rate at which the job cannot
  // finish costs a bounded number of draws, not a million per trial.
  const highMult = c.rateDraw?.highMultiplier ?? 1;
  const planned = physics.plannedPerSecond;
  const perSecondHigh = (c.unplannedPerHour * highMult) / 3600 + planned;
  const maxEventsPerTrial = Math.ceil(Math.max(1000, 10 * perSecondHigh * c.wallDays * 86400));
  const perTrialHigh = Number.isFinite(c.wallDaysHigh) ? perSecondHigh * c.wallDaysHigh * 86400 : Infinity;
  const expectedEvents = trials * Math.min(perTrialHigh, maxEventsPerTrial);
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
    maxEventsPerTrial,
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
