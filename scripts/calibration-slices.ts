// The README's "Calibrating on your own runs" table: what `xpuplan calibrate` does for a team whose
// runs the catalog has never seen. Each slice of the repository's own cases is removed from the
// catalog's fit first (the catalog refitted from its priors on every other case), then calibrated
// on as a team would: "before" is the slice predicted by that catalog, "after" each of its runs
// predicted by a calibration fitted on the slice's other runs (leave-one-case-out), both as the
// median |error| of the slice's counted metrics.
//
//   npx tsx scripts/calibration-slices.ts    print the table rows (Markdown)
import { fileURLToPath } from "node:url";
import { calibrateOn } from "../src/calibrate/calibrate.ts";
import { fitCalibration, priorsOf } from "../src/calibrate/fit.ts";
import { fitRows } from "../src/calibrate/fit-rows.ts";
import { enginePredictor } from "../src/calibrate/predictor.ts";
import { loadCatalogs } from "../src/catalog/load.ts";
import { readCases } from "../src/cli/calibrate-commands.ts";
import { quantile } from "../src/engine/validate.ts";

const CASES = fileURLToPath(new URL("../validation/cases", import.meta.url));
const cat = loadCatalogs();
const rows = fitRows(readCases([CASES]), cat);
const predict = enginePredictor(cat);

const SLICES: { name: string; ids: (id: string) => boolean }[] = [
  { name: "MindSpeed-LLM dense models on Ascend 910B", ids: (id) => id.startsWith("mindspeed-910b-") },
  { name: "Megatron-LM H100 weak-scaling runs", ids: (id) => id.startsWith("megatron-h100-weak-") },
  {
    name: "Megatron-Bridge 26.04.01 MoE and dense on H100/B200/GB200",
    ids: (id) => id.startsWith("mbridge-26.04.01-"),
  },
];

const absErr = (p: number | undefined, m: number) =>
  p === undefined ? Number.NaN : Math.abs(p / m - 1) * 100;
console.log("| held-back slice | runs | before (catalog without them) | after (leave-one-case-out) |");
console.log("| --- | --- | --- | --- |");
for (const s of SLICES) {
  const held = rows.filter((r) => s.ids(r.caseId) && r.counted);
  const base = fitCalibration(
    priorsOf(cat.calibration),
    rows.filter((r) => !s.ids(r.caseId)),
    predict,
  ).calibration;
  const run = calibrateOn(base, held, predict);
  const before = quantile(
    run.rows.map((x) => absErr(x.before, x.row.measured)),
    0.5,
  );
  const after = quantile(
    run.rows.map((x) => absErr(x.after, x.row.measured)),
    0.5,
  );
  const runs = new Set(held.map((r) => r.caseId)).size;
  const pct = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)}%`);
  console.log(`| ${s.name} | ${runs} | ${pct(before)} | ${pct(after)} |`);
}
