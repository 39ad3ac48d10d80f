import { describe, expect, it } from "vitest";
import { errorPct, quantile, summarise } from "./validate.ts";

describe("validation summary", () => {
  it("errorPct is 100·(predicted − measured)/measured", () => {
    expect(errorPct(110, 100)).toBeCloseTo(10);
    expect(errorPct(90, 100)).toBeCloseTo(-10);
  });
  it("quantiles interpolate between order statistics", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([0, 10], 0.9)).toBeCloseTo(9);
  });
  it("failed rows count as failures and stay out of the error quantiles", () => {
    const s = summarise([
      { id: "a", kind: "train", metric: "m", measured: 1, predicted: 1.1, errorPct: 10 },
      { id: "b", kind: "train", metric: "m", measured: 1, predicted: 0.8, errorPct: -20 },
      { id: "c", kind: "infer", metric: "m", measured: 1, predicted: null, errorPct: null, error: "x" },
    ]);
    expect(s.n).toBe(3);
    expect(s.failed).toBe(1);
    expect(s.medianAbsErrorPct).toBe(15);
    expect(s.byKind.infer.failed).toBe(1);
  });
  it("counts each training case's layout once, and names those over memory", () => {
    const row = (id: string, metric: string, layoutFits?: boolean) => ({
      id,
      kind: "train",
      metric,
      measured: 1,
      predicted: 1,
      errorPct: 0,
      ...(layoutFits === undefined ? {} : { layoutFits }),
    });
    const s = summarise([
      row("a", "mfu", true),
      row("a", "tokensPerSecondPerDevice", true),
      row("b", "mfu", false),
      row("c", "ttftSeconds"),
    ]);
    expect(s.layouts).toEqual({ cases: 2, fit: 1, overMemory: ["b"] });
  });
});
