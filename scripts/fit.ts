// Refits the calibrated efficiencies of catalog/calibration.yaml on the repository's validation
// cases, from the priors, and writes them back as `fitted` entries with the number of measurements
// they rest on; then cross-validates (leave-one-source-out) and writes the 90% prediction
// intervals per regime from the held-out residuals (src/calibrate/intervals.ts).
//   npm run fit [-- CASES_DIR ...] [--dry-run]
// Parameters belong to a device family and a dtype (src/calibrate/fit-targets.ts), never to a
// case or a model.
import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { crossValidate } from "../src/calibrate/cross-validate.ts";
import { fitCalibration, priorsOf } from "../src/calibrate/fit.ts";
import { fitRows } from "../src/calibrate/fit-rows.ts";
import { intervalsFrom, type Residual, speedRatio } from "../src/calibrate/intervals.ts";
import { enginePredictor } from "../src/calibrate/predictor.ts";
import { CALIBRATION_FILE, loadCatalogs } from "../src/catalog/load.ts";
import { REPO_CASES, readCases } from "../src/cli/calibrate-commands.ts";
import { calibrationFor } from "../src/hardware/calibration.ts";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const dirs = args.filter((a) => !a.startsWith("--"));
const cat = loadCatalogs();
const rows = fitRows(readCases(dirs.length > 0 ? dirs : [REPO_CASES]), cat);
const predict = enginePredictor(cat);
const priors = priorsOf(cat.calibration);
const fit = fitCalibration(priors, rows, predict);
for (const p of fit.params) {
  console.log(
    `${p.family} ${p.param} = ${p.value} (prior ${p.prior}) on ${p.n} measurements from ${p.sources.length} sources (mean |log error| ${p.lossBefore.toFixed(3)} -> ${p.lossAfter.toFixed(3)})`,
  );
}

// Held-out residuals: which family is fitted decides whether a regime counts as fitted.
const cv = crossValidate(cat.calibration, rows, predict);
const residuals: Residual[] = [];
for (const x of cv) {
  if (!x.row.counted || x.outOfSample === undefined || !(x.outOfSample > 0)) continue;
  if (x.row.kind === "reliability") continue;
  residuals.push({
    regime: x.row.regime,
    kind: x.row.kind,
    ratio: speedRatio(x.row.metric, x.row.measured, x.outOfSample),
  });
}
const intervals = intervalsFrom(residuals);
for (const [k, v] of Object.entries(intervals))
  console.log(`interval ${k}: x[${v.low}, ${v.high}] (n=${v.n})`);

if (!dryRun) {
  const doc = parseDocument(readFileSync(CALIBRATION_FILE, "utf8"));
  const fams = doc.get("families") as { items: { get(k: string): unknown }[] };
  fams.items.forEach((_, idx) => {
    const name = String(fams.items[idx].get("family"));
    const f = fit.calibration.families.find((x) => x.family === name);
    if (f?.fitted && f.fitted.length > 0) {
      doc.setIn(
        ["families", idx, "fitted"],
        doc.createNode(
          f.fitted.map((e) => doc.createNode(e, { flow: true })),
          { flow: false },
        ),
      );
    } else if (doc.hasIn(["families", idx, "fitted"])) {
      doc.deleteIn(["families", idx, "fitted"]);
    }
  });
  doc.set("intervals", doc.createNode(intervals, { flow: false }));
  // The day the values last changed (reports print it): moved only when a value did, so a refit
  // that reproduces the file leaves it byte-identical.
  const before = readFileSync(CALIBRATION_FILE, "utf8");
  const unchanged = doc.toString({ lineWidth: 110 }) === before;
  if (!unchanged) doc.set("updated", new Date().toISOString().slice(0, 10));
  writeFileSync(CALIBRATION_FILE, doc.toString({ lineWidth: 110 }));
  console.log(`wrote ${CALIBRATION_FILE}`);
}
// Referenced so a family listed in calibration.yaml but fitted on nothing is visible in the log.
for (const f of cat.calibration.families) {
  if (!fit.params.some((p) => p.family === f.family)) {
    console.log(
      `${f.family}: no cases; priors kept (${calibrationFor(cat.calibration, f.appliesTo[0] ?? "").family.family})`,
    );
  }
}
