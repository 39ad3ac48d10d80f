import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedMaxPoisson, expertLoadImbalance, touchedExpertFraction } from "./moe-routing.ts";
import { tokensPerStep } from "./mtp.ts";

describe("MoE routing", () => {
  it("one token touches k of E experts; many touch them all", () => {
    expect(touchedExpertFraction(256, 8, 1)).toBeCloseTo(8 / 256);
    expect(touchedExpertFraction(256, 8, 10_000)).toBeCloseTo(1);
    // 1 - (1 - 8/256)^32: a 32-token decode batch of DeepSeek-V3 reads ~64% of the experts
    expect(touchedExpertFraction(256, 8, 32)).toBeCloseTo(1 - (248 / 256) ** 32, 12);
  });

  it("load imbalance shrinks with the load and vanishes without expert parallelism", () => {
    expect(expertLoadImbalance(1, 100)).toBe(1);
    expect(expertLoadImbalance(64, 100)).toBeGreaterThan(expertLoadImbalance(64, 10_000));
    expect(expertLoadImbalance(64, 1e9)).toBeCloseTo(1, 3);
  });

  it("E[max] of Poisson draws: one draw is its mean; more draws never lower it", () => {
    expect(expectedMaxPoisson(1, 0.7)).toBeCloseTo(0.7);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.001, max: 20, noNaN: true }),
        (n, l) => {
          const m = expectedMaxPoisson(n, l);
          return m >= l - 1e-9 && expectedMaxPoisson(n + 1, l) >= m - 1e-9;
        },
      ),
    );
    // 8 groups each admitting a prompt with probability ~0.44: the busiest admits ~1.5
    expect(expectedMaxPoisson(8, 0.4375)).toBeCloseTo(1.49, 1);
  });
});

describe("tokensPerStep", () => {
  it("is 1 + a + ... + a^k", () => {
    expect(tokensPerStep(0, 0.9)).toBe(1);
    expect(tokensPerStep(1, 0.7)).toBeCloseTo(1.7);
    expect(tokensPerStep(3, 0.5)).toBeCloseTo(1.875);
  });
});
