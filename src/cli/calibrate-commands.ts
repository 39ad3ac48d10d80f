// `xpuplan validate` (in-sample or cross-validated) and `xpuplan calibrate` (fit the catalog's
// efficiencies on a team's own cases and write an overlay). Parsing and printing only: the
// fitting and the statistics are src/calibrate/.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { type CalibrationRun, calibrateOn } from "../calibrate/calibrate.ts";
import { fitCalibration, priorsOf } from "../calibrate/fit.ts";
import { fitRows } from "../calibrate/fit-rows.ts";
import { enginePredictor } from "../calibrate/predictor.ts";
import { validateCases } from "../calibrate/validate-cases.ts";
import { errorPct, quantile } from "../engine/validate.ts";
import { formatInputError } from "../scenario/parse.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { type Case, caseSchema } from "../scenario/schema.ts";
import { CliError } from "./errors.ts";
import { findCaseFiles, readInput } from "./files.ts";
import { formatValidation } from "./format-validation.ts";
import { catalogsWith, type LoadOptions } from "./load-scenario.ts";

/** The cases the catalog calibration is fitted on (the repository's validation set). */
export const REPO_CASES = fileURLToPath(new URL("../../validation/cases", import.meta.url));

interface Io {
  print(s: string): void;
  json(x: unknown): void;
}

export function readCases(paths: string[]): Case[] {
  return findCaseFiles(paths).map((file) => {
    const parsed = readInput(file, caseSchema);
    if (!parsed.ok) throw new CliError(parsed.errors.map(formatInputError));
    return parsed.value;
  });
}

/** The catalog as it would be without `ids`: refitted from its priors on the repository's other cases. */
function catalogWithout(cat: Catalogs, ids: Set<string>): Catalogs {
  let repo: Case[];
  try {
    repo = readCases([REPO_CASES]);
  } catch {
    return cat;
  }
  if (!repo.some((c) => ids.has(c.id))) return cat;
  const rows = fitRows(
    repo.filter((c) => !ids.has(c.id)),
    cat,
  );
  const calibration = fitCalibration(priorsOf(cat.calibration), rows, enginePredictor(cat)).calibration;
  return { ...cat, calibration };
}

const pct = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`);
const num = (x: number | undefined) => (x === undefined ? "—" : Number(x.toPrecision(4)).toString());

function medianAbs(xs: (number | undefined)[], measured: number[]): number | null {
  const e = xs.flatMap((p, i) => (p === undefined ? [] : [Math.abs(errorPct(p, measured[i]))]));
  return quantile(e, 0.5);
}

export function formatCalibration(run: CalibrationRun): string {
  const rows = run.rows.filter((r) => r.row.counted);
  const idW = Math.max(4, ...rows.map((r) => r.row.caseId.length));
  const lines = [
    `${"case".padEnd(idW)}  ${"metric".padEnd(26)}  ${"measured".padStart(10)}  ${"before".padStart(16)}  ${"after (held out)".padStart(18)}`,
  ];
  for (const r of rows) {
    const m = r.row.measured;
    const cell = (p: number | undefined) => (p === undefined ? "—" : `${num(p)} ${pct(errorPct(p, m))}`);
    lines.push(
      `${r.row.caseId.padEnd(idW)}  ${r.row.metric.padEnd(26)}  ${num(m).padStart(10)}  ${cell(r.before).padStart(16)}  ${cell(r.after).padStart(18)}`,
    );
  }
  const measured = rows.map((r) => r.row.measured);
  const b = medianAbs(
    rows.map((r) => r.before),
    measured,
  );
  const a = medianAbs(
    rows.map((r) => r.after),
    measured,
  );
  lines.push(
    "",
    `median |error| on these ${rows.length} measurements: before ${b === null ? "—" : `${b.toFixed(1)}%`}, after ${a === null ? "—" : `${a.toFixed(1)}%`} (each case predicted by a fit on the others)`,
  );
  if (run.params.length === 0)
    lines.push("no parameter is informed by these cases: the overlay changes nothing");
  for (const p of run.params) {
    lines.push(
      `  ${p.family} ${p.param}: ${num(p.prior)} → ${num(p.value)} on ${p.n} measurement${p.n === 1 ? "" : "s"}`,
    );
  }
  return lines.join("\n");
}

/** `xpuplan validate --cross-validate`: out of sample, leave-one-source-out. */
export function crossValidateCommand(paths: string[], o: LoadOptions & { json?: boolean }, io: Io) {
  const v = validateCases(readCases(paths), catalogsWith(o), { crossValidate: true });
  if (o.json) io.json(v);
  else {
    io.print(formatValidation(v.cases, v.summary));
    io.print(`(${v.mode})`);
  }
}

/** `xpuplan calibrate CASES -o overlay.yaml`. */
export function calibrateCommand(
  paths: string[],
  o: LoadOptions & { output: string; json?: boolean },
  io: Io,
) {
  const cases = readCases(paths);
  if (cases.length === 0) throw new CliError([`${paths.join(", ")}: no case files (*.yaml, *.json) found`]);
  const base = catalogWithout(catalogsWith(o), new Set(cases.map((c) => c.id)));
  const rows = fitRows(cases, base);
  const run = calibrateOn(base.calibration, rows, enginePredictor(base));
  const overlay = {
    fittedOn: {
      cases: cases.length,
      measurements: rows.filter((r) => r.counted).length,
      sources: [...new Set(rows.map((r) => r.source))].sort(),
    },
    ...run.overlay,
  };
  writeFileSync(
    o.output,
    `# Calibration overlay written by xpuplan calibrate: the fitted values below replace the\n# catalog's for these families. Use it with --calibration ${o.output}.\n${stringify(overlay)}`,
  );
  if (o.json) {
    io.json({
      overlay,
      params: run.params,
      rows: run.rows.map((r) => ({
        id: r.row.caseId,
        metric: r.row.metric,
        measured: r.row.measured,
        counted: r.row.counted,
        before: r.before ?? null,
        after: r.after ?? null,
        inSample: r.inSample ?? null,
      })),
    });
  } else {
    io.print(formatCalibration(run));
    io.print(`wrote ${o.output}`);
  }
}
