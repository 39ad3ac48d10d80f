import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { readCases } from "../cli/calibrate-commands.ts";
import { catalogForCase } from "../reliability/rates-excluding.ts";
import { validateCases } from "./validate-cases.ts";

const LLAMA3 = fileURLToPath(
  new URL("../../validation/cases/reliability/llama3-405b-interruptions.yaml", import.meta.url),
);

describe("cross-validated reliability cases", () => {
  const cat = loadCatalogs();
  const cases = readCases([LLAMA3]);
  const v = validateCases(cases, cat, { crossValidate: true });
  const row = v.cases.find((r) => r.metric === "interruptions")!;

  it("predicts a cluster's interruptions from the failure rates of the other clusters only", () => {
    const { excluded } = catalogForCase(cases[0].source, cat.reliability!);
    // the Llama 3 paper is one of the rate sources: held out, it no longer informs its own case
    expect(excluded.length).toBeGreaterThan(0);
    expect(row.inSamplePredicted).not.toBeNull();
    expect(row.predicted).not.toBeNull();
    expect(row.predicted).not.toBe(row.inSamplePredicted);
  });

  it("keeps the in-sample prediction beside the held-out one, in the same shape as validate", () => {
    expect(v.mode).toBe("cross-validated (leave-one-source-out)");
    expect(row.errorPct).toBeCloseTo((100 * (row.predicted! - row.measured)) / row.measured, 9);
  });
});
