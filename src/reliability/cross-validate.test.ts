// Leave-one-source-out validation of the reliability model on the repository's reliability cases:
// each case is predicted with every rate, breakdown and factor its own source contributed removed
// (catalogForCase), so no case checks a number it supplied. Done when (issue 16): each logged
// interruption count lies inside the predicted 90% interval and the median absolute error of the
// expected count is at most 35%.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateScenario } from "../engine/evaluate.ts";
import { quantile } from "../engine/validate.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { caseSchema } from "../scenario/schema.ts";
import { catalogForCase } from "./rates-excluding.ts";

const DIR = fileURLToPath(new URL("../../validation/cases/reliability/", import.meta.url));
const cats = loadCatalogs();
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => caseSchema.parse(parse(readFileSync(DIR + f, "utf8"))));

function predict(c: (typeof cases)[number]) {
  const { catalog, excluded } = catalogForCase(c.source, cats.reliability!);
  const r = resolveScenario(c.scenario, { ...cats, reliability: catalog });
  if (!r.ok) throw new Error(`${c.id}: ${r.errors.map((e) => e.message).join("; ")}`);
  const e = evaluateScenario(r.value, { ...cats, reliability: catalog });
  return { rel: e.reliability!, excluded };
}

describe("reliability cases, each predicted without its own source", () => {
  const rows = cases.map((c) => ({ c, ...predict(c) }));

  it("every case excludes at least one source, and the sources' observations are gone", () => {
    for (const { c, rel, excluded } of rows) {
      expect(excluded.length, c.id).toBeGreaterThan(0);
      for (const o of rel.rates.observations) expect(excluded, c.id).not.toContain(o.source);
    }
  });

  it("each logged interruption count lies inside the predicted 90% interval", () => {
    const counted = rows.filter(({ c }) => c.measured.interruptions !== undefined);
    expect(counted.length).toBeGreaterThanOrEqual(3);
    for (const { c, rel } of counted) {
      const n = c.measured.interruptions;
      expect(
        n,
        `${c.id}: ${rel.interruptionsInterval.low}-${rel.interruptionsInterval.high}`,
      ).toBeGreaterThanOrEqual(rel.interruptionsInterval.low);
      expect(n, c.id).toBeLessThanOrEqual(rel.interruptionsInterval.high);
    }
  });

  it("the median absolute error of the expected count is at most 35%", () => {
    const errs = rows
      .filter(({ c }) => c.measured.interruptions !== undefined)
      .map(({ c, rel }) =>
        Math.abs((100 * (rel.interruptions - c.measured.interruptions)) / c.measured.interruptions),
      );
    expect(quantile(errs, 0.5)!).toBeLessThanOrEqual(35);
  });

  it("effective training time within 10% where a case logs it", () => {
    for (const { c, rel } of rows.filter(({ c }) => c.measured.effectiveTrainingTimeFraction !== undefined)) {
      const m = c.measured.effectiveTrainingTimeFraction;
      expect(Math.abs(rel.effectiveTrainingTimeFraction - m) / m, c.id).toBeLessThan(0.1);
    }
  });
});
