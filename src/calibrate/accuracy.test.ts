// The accuracy bounds the project is held to, on the repository's validation cases, out of
// sample (leave-one-source-out): training median |error| <= 12% and p90 <= 30% (issue bound);
// no case may fail to predict.
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

  it("no case of any kind fails to predict", () => {
    expect(v.cases.filter((c) => c.predicted === null).map((c) => `${c.id} ${c.metric}: ${c.error}`)).toEqual(
      [],
    );
  });
});
