// Fits the per-family, per-dtype large-matmul efficiency (gemm.<dtype>.max in
// catalog/calibration.yaml) to the training cases, and writes the values back with their
// provenance. Parameters belong to a device family and a dtype, never to a case: each is
// chosen to minimise the sum of |log(predicted/measured)| over every case of that family and
// dtype (a median-seeking L1 fit, robust to a few odd measurements).
// Usage: npm run fit [-- CASES_DIR ...] [--dry-run]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { CALIBRATION_FILE, loadCatalogs } from "../src/catalog/load.ts";
import { findCaseFiles, readInput } from "../src/cli/files.ts";
import { evaluateScenario } from "../src/engine/evaluate.ts";
import { type Calibration, calibrationFor } from "../src/hardware/calibration.ts";
import { type Resolved, resolveScenario } from "../src/scenario/resolve.ts";
import { caseSchema } from "../src/scenario/schema.ts";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const dirs = args.filter((a) => !a.startsWith("--"));
const defaultDir = fileURLToPath(new URL("../../shared/validation/cases/train", import.meta.url));
const files = findCaseFiles(dirs.length > 0 ? dirs : [defaultDir]);

interface Row {
  id: string;
  resolved: Resolved;
  metric: string;
  measured: number;
  family: string;
  dtype: string;
}

const cat = loadCatalogs();
const rows: Row[] = [];
for (const f of files) {
  const p = readInput(f, caseSchema);
  if (!p.ok || p.value.kind !== "train") continue;
  const r = resolveScenario(p.value.scenario, cat);
  if (!r.ok) continue;
  const fam = calibrationFor(cat.calibration, r.value.device.id).family.family;
  const dtype = r.value.scenario.train?.precision ?? "bf16";
  for (const [metric, measured] of Object.entries(p.value.measured)) {
    // tokens/s and device-hours carry the same information as mfu; fit on throughput-type metrics
    if (metric === "mfu" || metric === "tflopsPerDevice") continue;
    rows.push({ id: p.value.id, resolved: r.value, metric, measured, family: fam, dtype });
  }
}

function gemmKey(cal: Calibration, family: string, dtype: string): string {
  const f = cal.families.find((x) => x.family === family);
  if (!f) return "default";
  // fp16 and bf16 share the tensor-core rate on every catalogued device: one parameter.
  if (dtype === "fp16" || dtype === "bf16") return f.gemm.bf16 ? "bf16" : "default";
  return dtype;
}

function loss(cal: Calibration, subset: Row[]): number {
  let s = 0;
  for (const r of subset) {
    const e = evaluateScenario(r.resolved, { ...cat, calibration: cal });
    const p = e.metrics[r.metric];
    s += p === undefined ? 10 : Math.abs(Math.log(p / r.measured));
  }
  return s / subset.length;
}

function withMax(cal: Calibration, family: string, key: string, max: number): Calibration {
  const c = structuredClone(cal);
  const f = c.families.find((x) => x.family === family);
  if (!f) return c;
  const base = f.gemm[key] ?? f.gemm.default;
  f.gemm[key] = { ...base, max };
  return c;
}

let cal = structuredClone(cat.calibration);
const groups = new Map<string, Row[]>();
for (const r of rows) {
  const k = `${r.family}|${gemmKey(cal, r.family, r.dtype)}`;
  groups.set(k, [...(groups.get(k) ?? []), r]);
}
const results: string[] = [];
const fitted: { family: string; key: string; max: number; n: number; before: number; after: number }[] = [];
for (const [k, subset] of groups) {
  const [family, key] = k.split("|");
  if (family === "default") continue;
  const before = loss(cal, subset);
  // golden-section search on max in [0.2, 1.0]; loss is unimodal in the efficiency
  let lo = 0.2;
  let hi = 1.0;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = loss(withMax(cal, family, key, x1), subset);
  let f2 = loss(withMax(cal, family, key, x2), subset);
  for (let i = 0; i < 24; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = loss(withMax(cal, family, key, x1), subset);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = loss(withMax(cal, family, key, x2), subset);
    }
  }
  const max = Math.round(((lo + hi) / 2) * 1000) / 1000;
  cal = withMax(cal, family, key, max);
  const after = loss(cal, subset);
  fitted.push({ family, key, max, n: subset.length, before, after });
  results.push(
    `${family} gemm.${key}.max = ${max} on ${subset.length} measurements (mean |log error| ${before.toFixed(3)} -> ${after.toFixed(3)})`,
  );
}
for (const r of results) console.log(r);

if (!dryRun) {
  const doc = parseDocument(readFileSync(CALIBRATION_FILE, "utf8"));
  const fams = doc.get("families") as { items: { get(k: string): unknown }[] };
  for (const f of fitted) {
    const idx = fams.items.findIndex((it) => it.get("family") === f.family);
    if (idx < 0) continue;
    const prev = doc.getIn(["families", idx, "gemm", f.key]) as unknown;
    const overhead =
      (prev && typeof prev === "object" && "get" in (prev as object)
        ? ((prev as { get(k: string): unknown }).get("overheadSeconds") as number)
        : undefined) ?? (doc.getIn(["families", idx, "gemm", "default", "overheadSeconds"]) as number);
    doc.setIn(["families", idx, "gemm", f.key], doc.createNode({ max: f.max, overheadSeconds: overhead }, { flow: true }));
    doc.setIn(
      ["families", idx, "fitted"],
      doc.createNode(
        fitted
          .filter((x) => x.family === f.family)
          .map((x) => `gemm.${x.key}.max fitted by scripts/fit.ts (npm run fit) on ${x.n} training measurements`),
      ),
    );
  }
  writeFileSync(CALIBRATION_FILE, doc.toString({ lineWidth: 110 }));
  console.log(`wrote ${CALIBRATION_FILE}`);
}
