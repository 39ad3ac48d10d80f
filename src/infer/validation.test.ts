// The inference model against the published measurements in validation/cases/infer
// (beside the repository; skipped when absent). Every case is predicted with the catalog and
// calibration only: no per-case parameter. Prints the error table; bounds: median |error|
// <= 15%, p90 <= 35%, no case failed.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { errorPct, quantile } from "../engine/validate.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { caseSchema } from "../scenario/schema.ts";
import { evaluateInference } from "./evaluate.ts";
import { catalogs } from "./test-fixtures.ts";

const DIR = fileURLToPath(new URL("../../validation/cases/infer", import.meta.url));

interface Row {
  id: string;
  metric: string;
  measured: number;
  predicted: number | null;
  errorPct: number | null;
  error?: string;
}

function predictAll(): Row[] {
  const rows: Row[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const c = caseSchema.parse(parse(readFileSync(`${DIR}/${file}`, "utf8")));
    const fail = (error: string) => {
      for (const [metric, measured] of Object.entries(c.measured))
        rows.push({ id: c.id, metric, measured, predicted: null, errorPct: null, error });
    };
    const r = resolveScenario(c.scenario, catalogs);
    if (!r.ok) {
      fail(r.errors.map((e) => e.message).join("; "));
      continue;
    }
    const res = evaluateInference({
      arch: r.value.arch,
      device: r.value.device,
      calibration: catalogs.calibration,
      devices: c.scenario.devices,
      devicesPerNode: c.scenario.devicesPerNode,
      infer: c.scenario.infer!,
    });
    if (!res.ok) {
      fail(res.issues.map((i) => i.message).join("; "));
      continue;
    }
    for (const [metric, measured] of Object.entries(c.measured)) {
      const predicted = (res.report.metrics as Record<string, number | undefined>)[metric];
      if (predicted === undefined)
        rows.push({ id: c.id, metric, measured, predicted: null, errorPct: null, error: "not predicted" });
      else rows.push({ id: c.id, metric, measured, predicted, errorPct: errorPct(predicted, measured) });
    }
  }
  return rows;
}

describe("inference validation (validation/cases/infer)", () => {
  it("median |error| <= 15%, p90 <= 35%, no case failed", () => {
    const rows = predictAll();
    const abs = rows.filter((r) => r.errorPct !== null).map((r) => Math.abs(r.errorPct!));
    const median = quantile(abs, 0.5)!;
    const p90 = quantile(abs, 0.9)!;
    const table = rows.map(
      (r) =>
        `${r.id.padEnd(46)} ${r.metric.padEnd(32)} ${r.measured.toPrecision(5).padStart(10)} ${(r.predicted?.toPrecision(5) ?? "—").padStart(10)} ${r.errorPct === null ? r.error : `${r.errorPct.toFixed(1)}%`}`,
    );
    console.log(
      [
        `${"case".padEnd(46)} ${"metric".padEnd(32)} ${"measured".padStart(10)} ${"predicted".padStart(10)} error`,
        ...table,
        `n ${rows.length}, median |error| ${median.toFixed(1)}%, p90 ${p90.toFixed(1)}%`,
      ].join("\n"),
    );
    expect(rows.length).toBeGreaterThanOrEqual(13);
    expect(rows.filter((r) => r.predicted === null)).toEqual([]);
    expect(median).toBeLessThanOrEqual(15);
    expect(p90).toBeLessThanOrEqual(35);
  });
});
