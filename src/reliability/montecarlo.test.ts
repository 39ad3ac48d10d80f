import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveTrainingTimeFraction } from "./goodput.ts";
import { exactOptimalInterval } from "./interval.ts";
import { drawMultiplier, type MonteCarloInput, simulateRuns } from "./montecarlo.ts";

const DAY = 86400;

/** A regime much harsher than Llama 3: one failure an hour, 2-minute checkpoints, 10-minute restarts. */
const harsh: MonteCarloInput = {
  usefulSeconds: 10 * DAY,
  intervalSeconds: exactOptimalInterval(120, 3600),
  blockingSeconds: 120,
  durabilityLagSeconds: 0,
  restartSeconds: 600,
  unplannedPerSecond: 1 / 3600,
  plannedPerSecond: 0,
  plannedCostSeconds: 0,
  trials: 4000,
  seed: 11,
};

function analyticMeanSeconds(m: MonteCarloInput): number {
  const f = effectiveTrainingTimeFraction({
    intervalSeconds: m.intervalSeconds,
    blockingSeconds: m.blockingSeconds,
    durabilityLagSeconds: m.durabilityLagSeconds,
    restartSeconds: m.restartSeconds,
    mtbfSeconds: 1 / m.unplannedPerSecond,
    plannedPerSecond: m.plannedPerSecond,
    plannedCostSeconds: m.plannedCostSeconds,
  });
  return m.usefulSeconds / f;
}

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

describe("Monte Carlo of a checkpointed run", () => {
  it("same seed, same numbers to the last bit; another seed, other numbers", () => {
    const a = simulateRuns({ ...harsh, trials: 200 });
    const b = simulateRuns({ ...harsh, trials: 200 });
    const c = simulateRuns({ ...harsh, trials: 200, seed: 12 });
    expect(b.completionSeconds).toEqual(a.completionSeconds);
    expect(b.interruptions).toEqual(a.interruptions);
    expect(c.completionSeconds).not.toEqual(a.completionSeconds);
  });

  it("its mean matches Daly's complete model (synchronous checkpoints) within 1%", () => {
    const runs = simulateRuns(harsh);
    expect(mean(runs.completionSeconds) / analyticMeanSeconds(harsh)).toBeCloseTo(1, 2);
    // interruptions: one per MTBF of wall time
    expect(mean(runs.interruptions) / (mean(runs.completionSeconds) / 3600)).toBeCloseTo(1, 1);
  });

  it("asynchronous lag and planned stops: the mean stays within 2% of the first-order model", () => {
    const m = {
      ...harsh,
      blockingSeconds: 5,
      durabilityLagSeconds: 120,
      intervalSeconds: Math.max(120, exactOptimalInterval(5, 3600)),
      plannedPerSecond: 1 / (8 * 3600),
      plannedCostSeconds: 420,
    };
    const ratio = mean(simulateRuns(m).completionSeconds) / analyticMeanSeconds(m);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
  });

  it("the Llama 3 regime (16,384 H100, 54 days): mean within 0.5% of the analytic expectation", () => {
    const m: MonteCarloInput = {
      usefulSeconds: 49.7 * DAY,
      intervalSeconds: 249.6,
      blockingSeconds: 2.84,
      durabilityLagSeconds: 0,
      restartSeconds: 632.8,
      unplannedPerSecond: 1 / 11_135,
      plannedPerSecond: (2.2135e-6 * 16_384) / 3600,
      plannedCostSeconds: 335.7,
      trials: 2000,
      seed: 1,
    };
    expect(mean(simulateRuns(m).completionSeconds) / analyticMeanSeconds(m)).toBeCloseTo(1, 2);
  });

  it("without failures the run takes its work plus one blocking write per interval", () => {
    const runs = simulateRuns({
      ...harsh,
      unplannedPerSecond: 0,
      intervalSeconds: 1000,
      usefulSeconds: 10_000,
      trials: 3,
    });
    expect(Array.from(runs.completionSeconds)).toEqual([
      10_000 + 9 * 120,
      10_000 + 9 * 120,
      10_000 + 9 * 120,
    ]);
  });

  it("a trial that cannot finish is cut off and counted", () => {
    const runs = simulateRuns({ ...harsh, intervalSeconds: 50 * 3600, maxEventsPerTrial: 1000, trials: 5 });
    expect(runs.censored).toBe(5);
    expect(runs.completionSeconds[0]).toBe(Infinity);
  });

  it("a point rate draws nothing: the same numbers with or without a degenerate range", () => {
    const a = simulateRuns({ ...harsh, trials: 100 });
    expect(Array.from(a.rateMultipliers)).toEqual(new Array(100).fill(1));
  });
});

describe("Monte Carlo with the failure rate drawn per trial from its range", () => {
  // Ascend 910C's claimed range around its centre: 3.0e-6 .. 1.085e-4 around 1.8e-5 per NPU-hour
  const draw = { lowMultiplier: 3.0e-6 / 1.804e-5, highMultiplier: 1.085e-4 / 1.804e-5 };
  const ranged: MonteCarloInput = { ...harsh, usefulSeconds: 2 * DAY, trials: 1500, rateDraw: draw };

  it("same seed, same draws and times to the last bit", () => {
    const a = simulateRuns(ranged);
    const b = simulateRuns(ranged);
    expect(b.rateMultipliers).toEqual(a.rateMultipliers);
    expect(b.completionSeconds).toEqual(a.completionSeconds);
  });

  it("the nominal rate is the median draw, the range the support", () => {
    const m = Float64Array.from(simulateRuns(ranged).rateMultipliers).sort();
    expect(m[0]).toBeGreaterThanOrEqual(draw.lowMultiplier);
    expect(m[m.length - 1]).toBeLessThanOrEqual(draw.highMultiplier);
    const below = m.filter((x) => x < 1).length / m.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(0.03);
  });

  it("a rate range spreads the completion time wider than the point rate does", () => {
    const spread = (runs: ReturnType<typeof simulateRuns>) => {
      const t = Float64Array.from(runs.completionSeconds).sort();
      return t[Math.floor(0.9 * t.length)] - t[Math.floor(0.1 * t.length)];
    };
    expect(spread(simulateRuns(ranged))).toBeGreaterThan(
      2 * spread(simulateRuns({ ...ranged, rateDraw: undefined })),
    );
  });

  it("drawMultiplier is monotone in u, 1 at u = 1/2, the ends at 0 and 1", () => {
    expect(drawMultiplier(0, 0.1, 6)).toBeCloseTo(0.1, 12);
    expect(drawMultiplier(0.5, 0.1, 6)).toBe(1);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (a, b) => {
          const [u, v] = a < b ? [a, b] : [b, a];
          return drawMultiplier(u, 0.2, 5) <= drawMultiplier(v, 0.2, 5);
        },
      ),
    );
  });

  it("rejects a range that does not contain the nominal rate", () => {
    expect(() => simulateRuns({ ...ranged, rateDraw: { lowMultiplier: 1.5, highMultiplier: 3 } })).toThrow(
      /rateDraw/,
    );
  });
});
