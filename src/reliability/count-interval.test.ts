import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countInterval, lnFactorial, normalQuantile, poissonQuantile } from "./count-interval.ts";

describe("Poisson quantiles", () => {
  it("match the cumulative sums worked by hand", () => {
    // Poisson(10): P(N <= 4) = 0.029, P(N <= 5) = 0.067; P(N <= 14) = 0.917, P(N <= 15) = 0.951
    expect(poissonQuantile(10, 0.05)).toBe(5);
    expect(poissonQuantile(10, 0.95)).toBe(15);
    // Poisson(0.05): P(0) = e^-0.05 = 0.951 >= 0.95; Poisson(0.1): P(0) = 0.905 < 0.95
    expect(poissonQuantile(0.05, 0.95)).toBe(0);
    expect(poissonQuantile(0.1, 0.95)).toBe(1);
    // Llama 3's 419 as a Poisson mean: 419 -/+ 1.645 sqrt(419) = 385.3 / 452.7
    expect(poissonQuantile(419, 0.05)).toBe(386);
    expect(poissonQuantile(419, 0.95)).toBe(453);
    expect(poissonQuantile(0, 0.95)).toBe(0);
  });

  it("above a mean of a million, the expansion agrees with the exact sum within a count", () => {
    // just below the limit the exact sum, just above it the expansion: the same to within a count
    const below = poissonQuantile(1e6, 0.95);
    const above = poissonQuantile(1e6 + 1e-6, 0.95);
    expect(Math.abs(above - below)).toBeLessThanOrEqual(1);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6449, 3);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6449, 3);
    // 1e12 +/- 1.645e6 (the z approximation is within 4.5e-4 sd), at once, not after a 50-million-term sum
    expect(Math.abs(poissonQuantile(1e12, 0.95) - (1e12 + 1.6449e6))).toBeLessThan(500);
    expect(Math.abs(poissonQuantile(1e12, 0.05) - (1e12 - 1.6449e6))).toBeLessThan(500);
  });

  it("ln n! is exact below 20 and Stirling's above, continuous across", () => {
    expect(lnFactorial(0)).toBe(0);
    expect(lnFactorial(5)).toBeCloseTo(Math.log(120), 14);
    let exact = 0;
    for (let i = 2; i <= 25; i++) exact += Math.log(i);
    expect(lnFactorial(25)).toBeCloseTo(exact, 10);
  });

  it("rejects a bad mean or probability", () => {
    expect(() => poissonQuantile(-1, 0.5)).toThrow(/mean/);
    expect(() => poissonQuantile(1, 1)).toThrow(/p must/);
    expect(() => countInterval(2, 1)).toThrow(/exceeds/);
  });
});

const mean = fc.double({ min: 0.06, max: 5e3, noNaN: true });

describe("count interval over a rate range: properties", () => {
  it("contains the expected count (means of at least 0.06, where P(0) < 0.95)", () => {
    fc.assert(
      fc.property(
        mean,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 30, noNaN: true }),
        (m, a, b) => {
          const ci = countInterval(m * a, m * b);
          return ci.low <= m && m <= ci.high;
        },
      ),
    );
  });

  it("a wider rate range never narrows it: the wider interval contains the narrower", () => {
    fc.assert(
      fc.property(
        mean,
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (lo, span, shrink, grow) => {
          const narrow = countInterval(lo, lo * span);
          const wide = countInterval(lo * shrink, lo * span * grow);
          return wide.low <= narrow.low && wide.high >= narrow.high;
        },
      ),
    );
  });

  it("for a point rate it is the Poisson 90% interval: width about 2 x 1.645 sqrt(mean)", () => {
    fc.assert(
      fc.property(fc.double({ min: 100, max: 1e5, noNaN: true }), (m) => {
        const ci = countInterval(m, m);
        const width = ci.high - ci.low;
        return Math.abs(width - 2 * 1.6449 * Math.sqrt(m)) <= 3;
      }),
    );
  });

  it("covers at least 90% of Poisson draws at any mean in the range (exact sum)", () => {
    const ci = countInterval(40, 90);
    for (const m of [40, 55, 70, 90]) {
      let p = 0;
      let term = Math.exp(-m);
      for (let k = 0; k <= ci.high; k++) {
        if (k >= ci.low) p += term;
        term *= m / (k + 1);
      }
      expect(p, `mean ${m}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
