import { describe, expect, it } from "vitest";
import { effectiveTrainingTimeFraction } from "./goodput.ts";
import { chooseInterval, dalyInterval, exactOptimalInterval, youngInterval } from "./interval.ts";

describe("optimal checkpoint interval", () => {
  // Hand-worked: a 5-minute checkpoint (delta = 300 s) and a 24-hour job MTBF (M = 86,400 s).
  // Young: sqrt(2 x 300 x 86,400) = sqrt(51,840,000) = 7,200 s = 120 min.
  // Daly: delta/2M = 300/172,800 = 1/576, sqrt = 1/24;
  //   7,200 x (1 + 1/72 + 1/5,184) - 300 = 7,200 + 100 + 1.3889 - 300 = 7,001.3889 s.
  it("Young (1974) and Daly (2006), worked by hand", () => {
    expect(youngInterval(300, 86_400)).toBe(7200);
    expect(dalyInterval(300, 86_400)).toBeCloseTo(7001.388888, 5);
  });

  it("Daly: the interval is M once the checkpoint takes 2M or more", () => {
    expect(dalyInterval(7200, 3600)).toBe(3600);
    expect(dalyInterval(1, Infinity)).toBe(Infinity);
  });

  it("the exact optimum of Daly's complete model agrees with his series when delta << M", () => {
    for (const [d, m] of [
      [300, 86_400],
      [2.84, 11_135],
      [60, 3600],
    ]) {
      const exact = exactOptimalInterval(d, m);
      expect(Math.abs(exact - dalyInterval(d, m)) / exact).toBeLessThan(1e-4);
    }
    expect(exactOptimalInterval(300, 86_400)).toBeCloseTo(7001.4044, 3);
  });

  it("the exact optimum maximises goodput", () => {
    const base = {
      blockingSeconds: 120,
      durabilityLagSeconds: 0,
      restartSeconds: 600,
      mtbfSeconds: 3 * 3600,
      plannedPerSecond: 0,
      plannedCostSeconds: 0,
    };
    const tau = exactOptimalInterval(base.blockingSeconds, base.mtbfSeconds);
    const f = (t: number) => effectiveTrainingTimeFraction({ ...base, intervalSeconds: t });
    for (const k of [0.5, 0.9, 0.99, 1.01, 1.1, 2]) expect(f(tau * k)).toBeLessThan(f(tau));
  });

  it("the interval used: scenario first, never beyond the job, never under the durability lag", () => {
    const c = { optimalSeconds: 600, jobSeconds: 86_400, lagSeconds: 0 };
    expect(chooseInterval(c)).toEqual({ seconds: 600, chosen: "optimal" });
    expect(chooseInterval({ ...c, scenarioMinutes: 30 })).toEqual({ seconds: 1800, chosen: "scenario" });
    expect(chooseInterval({ ...c, optimalSeconds: Infinity })).toEqual({
      seconds: 86_400,
      chosen: "clamped-to-job",
    });
    expect(chooseInterval({ ...c, lagSeconds: 900 })).toEqual({ seconds: 900, chosen: "clamped-to-lag" });
  });
});
