import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchLengths, lengthDistribution } from "./length-distribution.ts";

const integrate = (f: (q: number) => number, n = 100_000) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += f((i + 0.5) / n);
  return s / n;
};

describe("lengthDistribution", () => {
  it("{mean, max}: L(q) = max·q^(max/mean − 1) has that mean and that max", () => {
    for (const [mean, max] of [
      [1000, 2000],
      [500, 8192],
      [3206, 3986],
      [4096, 4096],
    ]) {
      const d = lengthDistribution({ mean, max });
      expect(integrate(d.quantile) / mean).toBeCloseTo(1, 3);
      expect(d.quantile(1)).toBe(max);
      expect(d.mean).toBe(mean);
    }
    // mean = max/2 is uniform: the median is max/2
    expect(lengthDistribution({ mean: 1000, max: 2000 }).quantile(0.5)).toBeCloseTo(1000, 9);
  });

  it("quantiles: linear between the points, from 1 token at q = 0, mean by the trapezoid rule", () => {
    const d = lengthDistribution({
      quantiles: [
        { q: 0.5, tokens: 401 },
        { q: 1, tokens: 1001 },
      ],
    });
    expect(d.quantile(0)).toBe(1);
    expect(d.quantile(0.25)).toBeCloseTo(201, 9);
    expect(d.quantile(0.75)).toBeCloseTo(701, 9);
    // 0.5·(1 + 401)/2 + 0.5·(401 + 1001)/2 = 100.5 + 350.5
    expect(d.mean).toBeCloseTo(451, 9);
    expect(d.max).toBe(1001);
    expect(lengthDistribution(700)).toMatchObject({ mean: 700, max: 700 });
  });
});

describe("batchLengths", () => {
  it("n samples in buckets summing to n, ascending, the last the longest of all N at 1 − 1/(2N)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (n, groups, share) => {
          const d = lengthDistribution({ mean: Math.max(1, share * 4000), max: 4000 });
          const N = n * groups;
          const b = batchLengths(d, n, N);
          expect(b.reduce((s, x) => s + x.count, 0)).toBeCloseTo(n, 6);
          for (let i = 1; i < b.length; i++) expect(b[i].tokens).toBeGreaterThanOrEqual(b[i - 1].tokens);
          expect(b.at(-1)!.tokens).toBeCloseTo(d.quantile(1 - 1 / (2 * N)), 9);
          expect(b.length).toBeLessThanOrEqual(257);
        },
      ),
    );
  });

  it("one sample per order statistic when few: 4 of a uniform 0..1000 at 125, 375, 625, then 875", () => {
    const d = lengthDistribution({ mean: 500, max: 1000 });
    expect(batchLengths(d, 4, 4).map((x) => x.tokens)).toEqual([125, 375, 625, 875]);
    // the same 4 among 1000 samples: the longest is the longest of the thousand
    expect(batchLengths(d, 4, 1000).at(-1)!.tokens).toBeCloseTo(999.5, 9);
  });
});
