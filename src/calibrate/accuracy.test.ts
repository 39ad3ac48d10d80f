// The accuracy the project is held to, on the repository's validation cases, out of sample
// (leave-one-source-out): a regression guard a little above the recorded level, tightened as it
// improves. Recorded 2026-12-02 on 110 training and 123 serving measurements: training 10.6%
// median, 32.8% p90 (11.1% / 36.5% before the 2021-22 Megatron runs declared their unfused
// attention and torchtitan ran its own selective recompute and attention kernel; 12.9% / 45.8%
// before Blackwell ran from its measured kernels); serving 13.7% / 44.1%. Issue 12's target
// (training 12% / 30%) was set on the 50 training cases of its day; the set has since doubled
// with MoE runs across Megatron-Bridge releases, gpt-oss and MindFormers runs: the median is
// there, the p90 is not (README, "Validation").
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { readCases } from "../cli/calibrate-commands.ts";
import { validateCases } from "./validate-cases.ts";

const CASES = fileURLToPath(new URL("../../validation/cases", import.meta.url));

describe("cross-validated accuracy on validation/cases", () => {
  const v = validateCases(readCases([CASES]), loadCatalogs(), { crossValidate: true });

  it("training: median |error| <= 11%, p90 <= 35%, none failed", () => {
    const t = v.summary.byKind.train;
    console.log(`train (cross-validated): n=${t.n} median ${t.medianAbsErrorPct}% p90 ${t.p90AbsErrorPct}%`);
    expect(t.failed).toBe(0);
    expect(t.medianAbsErrorPct).toBeLessThanOrEqual(11);
    expect(t.p90AbsErrorPct).toBeLessThanOrEqual(35);
  });

  it("serving: median |error| <= 15%, p90 <= 46%", () => {
    const s = v.summary.byKind.infer;
    console.log(`infer (cross-validated): n=${s.n} median ${s.medianAbsErrorPct}% p90 ${s.p90AbsErrorPct}%`);
    expect(s.medianAbsErrorPct).toBeLessThanOrEqual(15);
    expect(s.p90AbsErrorPct).toBeLessThanOrEqual(46);
  });
});
