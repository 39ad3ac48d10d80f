// Writes the validation tables the README shows, from the cases themselves, so they cannot drift:
// in-sample and cross-validated (leave-one-source-out) error by kind, vendor and dense/MoE, the
// worst cross-validated cases, the published training layouts the memory model admits, and the
// fitted values with what each rests on. Also regenerates the case table of validation/CASES.md.
//
//   npx tsx scripts/validation-report.ts            print the README tables (Markdown)
//   npx tsx scripts/validation-report.ts --cases    rewrite the table in validation/CASES.md
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validateCases } from "../src/calibrate/validate-cases.ts";
import { loadCatalogs } from "../src/catalog/load.ts";
import { readCases } from "../src/cli/calibrate-commands.ts";
import { quantile, type ValidationRow } from "../src/engine/validate.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CASES = `${ROOT}validation/cases`;
const cases = readCases([CASES]);
const cat = loadCatalogs();

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${x.toFixed(1)}%`);

function casesTable(): void {
  const path = `${ROOT}validation/CASES.md`;
  const text = readFileSync(path, "utf8");
  const head = text.slice(0, text.indexOf("| id | kind |"));
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${k} ${n}`).join(", ");
  const intro = head.replace(
    /^\d+ cases under `cases\/` \([^)]*\)/m,
    `${cases.length} cases under \`cases/\` (${summary})`,
  );
  const rows = [...cases]
    .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind.localeCompare(b.kind)))
    .map((c) => {
      const m = Object.entries(c.measured)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      const s = c.scenario as { hardware?: string; devices?: number };
      return `| ${c.id} | ${c.kind} | ${s.hardware ?? "—"} | ${s.devices ?? "—"} | ${m} | ${c.source.confidence} |`;
    });
  writeFileSync(
    path,
    `${intro}| id | kind | hardware | devices | metrics | confidence |\n| --- | --- | --- | --- | --- | --- |\n${rows.join("\n")}\n`,
  );
  console.log(`wrote ${path}: ${cases.length} cases`);
}

function readmeTables(): void {
  const cv = validateCases(cases, cat, { crossValidate: true });
  const rows = cv.cases.filter((r) => r.counted !== false);
  const group = (r: ValidationRow) => {
    const [kind, vendor, arch] = (r.regime ?? `${r.kind}/other/dense`).split("/");
    return { kind, vendor, arch };
  };
  const inErr = (r: ValidationRow) =>
    r.inSamplePredicted === null || r.inSamplePredicted === undefined
      ? null
      : (100 * (r.inSamplePredicted - r.measured)) / r.measured;
  const line = (label: string[], rs: ValidationRow[]) => {
    const a = rs
      .map(inErr)
      .filter((x): x is number => x !== null)
      .map(Math.abs);
    const b = rs.filter((r) => r.errorPct !== null).map((r) => Math.abs(r.errorPct as number));
    const failed = rs.filter((r) => r.predicted === null).length;
    return `| ${label.join(" | ")} | ${rs.length}${failed ? ` (${failed} failed)` : ""} | ${pct(quantile(a, 0.5))} | ${pct(quantile(a, 0.9))} | ${pct(quantile(b, 0.5))} | ${pct(quantile(b, 0.9))} |`;
  };
  const out: string[] = [];
  out.push(
    "| kind | vendor | dense/MoE | n | in-sample median | in-sample p90 | cross-validated median | cross-validated p90 |",
  );
  out.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  const kinds = [...new Set(rows.map((r) => group(r).kind))].sort();
  for (const k of kinds) {
    const rk = rows.filter((r) => group(r).kind === k);
    const keys = [...new Set(rk.map((r) => `${group(r).vendor}/${group(r).arch}`))].sort();
    for (const key of keys) {
      const [v, a] = key.split("/");
      out.push(
        line(
          [k, v, a],
          rk.filter((r) => `${group(r).vendor}/${group(r).arch}` === key),
        ),
      );
    }
    out.push(line([`**${k}**`, "all", "all"], rk));
  }
  out.push("");
  out.push("Worst cross-validated rows:");
  out.push("");
  out.push("| case | metric | measured | in-sample | cross-validated |");
  out.push("| --- | --- | --- | --- | --- |");
  const worst = rows
    .filter((r) => r.errorPct !== null)
    .sort((a, b) => Math.abs(b.errorPct as number) - Math.abs(a.errorPct as number))
    .slice(0, 12);
  const sign = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : ""}${x.toFixed(0)}%`);
  for (const r of worst)
    out.push(
      `| ${r.id} | ${r.metric} | ${Number(r.measured.toPrecision(4))} | ${sign(inErr(r))} | ${sign(r.errorPct)} |`,
    );
  // Korthikanti et al. 2022 Table 5: the eight runs Calculon validates against (3.7% mean error)
  const k5 = rows.filter((r) => r.id.startsWith("korthikanti22-") && !r.id.endsWith("-dp8"));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  out.push("");
  out.push(
    `Korthikanti et al. 2022 Table 5 (${k5.length} runs): mean |error| ${mean(k5.map((r) => Math.abs(r.errorPct ?? 0))).toFixed(1)}% cross-validated, ${mean(k5.map((r) => Math.abs(inErr(r) ?? 0))).toFixed(1)}% in-sample (Calculon: 3.7%).`,
  );
  const L = cv.summary.layouts;
  out.push("");
  out.push(
    `Published training layouts the memory model admits: ${L.fit} of ${L.cases}; over memory: ${L.overMemory.map((x) => `\`${x}\``).join(", ") || "none"}.`,
  );
  out.push("");
  out.push("Fitted values (`catalog/calibration.yaml`, written by `npm run fit`):");
  out.push("");
  out.push("| family | parameter | value | measurements it rests on |");
  out.push("| --- | --- | --- | --- |");
  for (const f of cat.calibration.families)
    for (const e of f.fitted ?? [])
      out.push(`| ${f.family} | \`${e.param}\` | ${e.value} | ${e.n} (${e.on ?? ""}) |`);
  console.log(out.join("\n"));
}

if (process.argv.includes("--cases")) casesTable();
else readmeTables();
