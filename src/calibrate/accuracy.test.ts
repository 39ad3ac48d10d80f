// The accuracy bounds the project is held to, on the repository's validation cases, out of
// sample (leave-one-source-out): training median |error| <= 12% and p90 <= 30%, no training case
// failed; serving no worse than the recorded level (a regression guard, tightened as it improves).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { readCases } from "../cli/calibrate-commands.ts";
import { validateCases } from "./validate-cases.ts";

const CASES = fileURLToPath(new URL("../../validation/cases", import.meta.url));

describe("cross-validated accuracy on validation/cases", () => {
  const v = validateCases(readCases([CASES]), loadCatalogs(), { crossValidate: true });

  it("training: median |error| <= 12%, p90 <= 30%, none failed", () => {
    const t = v.summary.byKind.train;
    console.log(`train (cross-validated): n=${t.n} median ${t.medianAbsErrorPct}% p90 ${t.p90AbsErrorPct}%`);
    expect(t.failed).toBe(0);
    expect(t.medianAbsErrorPct).toBeLessThanOrEqual(12);
    expect(t.p90AbsErrorPct).toBeLessThanOrEqual(30);
  });

  it("serving: median |error| <= 40%, p90 <= 110%", () => {
    const s = v.summary.byKind.infer;
    console.log(`infer (cross-validated): n=${s.n} median ${s.medianAbsErrorPct}% p90 ${s.p90AbsErrorPct}%`);
    expect(s.medianAbsErrorPct).toBeLessThanOrEqual(40);
    expect(s.p90AbsErrorPct).toBeLessThanOrEqual(110);
  });
});
