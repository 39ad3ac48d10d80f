import { describe, expect, it } from "vitest";
import { quantileSorted, summarizeCompletion } from "./summary.ts";

describe("completion-time summary", () => {
  it("type-7 quantiles", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantileSorted([5], 0.9)).toBe(5);
  });

  it("days, deadline probability and a histogram holding every finite trial", () => {
    const seconds = Float64Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], (d) => d * 86400);
    const s = summarizeCompletion(seconds, { deadlineDays: 14, bins: 5 });
    expect(s.meanDays).toBeCloseTo(14.5, 12);
    expect(s.p50Days).toBeCloseTo(14.5, 12);
    expect(s.probabilityByDeadline).toBe(0.5);
    expect(s.histogram).toHaveLength(5);
    expect(s.histogram.reduce((n, b) => n + b.count, 0)).toBe(10);
    expect(s.histogram[0].lowDays).toBe(10);
    expect(s.histogram[4].highDays).toBe(19);
  });

  it("cut-off trials make the mean infinite and stay out of the histogram", () => {
    const s = summarizeCompletion(Float64Array.from([86400, Infinity]), { deadlineDays: null, bins: 3 });
    expect(s.censored).toBe(1);
    expect(s.meanDays).toBe(Infinity);
    expect(s.probabilityByDeadline).toBeNull();
    expect(s.histogram).toEqual([{ lowDays: 1, highDays: 1, count: 1 }]);
  });
});
