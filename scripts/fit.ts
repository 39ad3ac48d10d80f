// Fits the efficiency parameters of catalog/calibration.yaml to the validation cases and writes
// them back with their provenance (npm run fit [-- CASES_DIR ...] [--dry-run]).
// - training: gemm.<dtype>.max of each device family, on that family's training cases of the dtype
//   (fp16 and bf16 share the tensor-core rate: one parameter);
// - serving: the keys a family's `inference:` block declares (gemm.<dtype>, mlaDecodeAttention,
//   attention), on that family's inference cases that exercise them.
// Each parameter minimises the mean |log(predicted/measured)| over its cases (a median-seeking
// L1 fit, robust to a few odd measurements), by golden-section search, two coordinate rounds.
// Parameters belong to a device family and a dtype, never to a case or a model.
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
const defaultDir = fileURLToPath(new URL("../validation/cases", import.meta.url));
const files = findCaseFiles(dirs.length > 0 ? dirs : [defaultDir]);

interface Row {
  id: string;
  kind: string;
  resolved: Resolved;
  metric: string;
  measured: number;
  family: string;
}

const cat = loadCatalogs();
const rows: Row[] = [];
for (const f of files) {
  const p = readInput(f, caseSchema);
  if (!p.ok || p.value.kind === "reliability") continue;
  const r = resolveScenario(p.value.scenario, cat);
  if (!r.ok) continue;
  const family = calibrationFor(cat.calibration, r.value.device.id).family.family;
  for (const [metric, measured] of Object.entries(p.value.measured)) {
    // mfu and TFLOP/s carry the same information as tokens/s: fit on throughput-type metrics
    if (metric === "mfu" || metric === "tflopsPerDevice") continue;
    rows.push({ id: p.value.id, kind: p.value.kind, resolved: r.value, metric, measured, family });
  }
}

interface Param {
  family: string;
  /** path inside the family record */
  path: string[];
  label: string;
  rows: Row[];
}

const trainDtypeKey = (family: string, dtype: string) => {
  const f = cat.calibration.families.find((x) => x.family === family);
  if (dtype === "fp16" || dtype === "bf16") return f?.gemm.bf16 ? "bf16" : "default";
  return dtype;
};

const params: Param[] = [];
const byKey = new Map<string, Param>();
const addRow = (family: string, path: string[], r: Row) => {
  const k = `${family}|${path.join(".")}`;
  let p = byKey.get(k);
  if (!p) {
    p = { family, path, label: path.join("."), rows: [] };
    byKey.set(k, p);
    params.push(p);
  }
  p.rows.push(r);
};
for (const r of rows) {
  const fam = cat.calibration.families.find((x) => x.family === r.family);
  if (!fam) continue;
  const s = r.resolved.scenario;
  if (r.kind === "train" && s.train) {
    addRow(r.family, ["gemm", trainDtypeKey(r.family, s.train.precision ?? "bf16"), "max"], r);
  }
  if (r.kind === "infer" && s.infer && fam.inference) {
    const inf = fam.inference;
    const act = s.infer.activations ?? s.infer.weights;
    if (inf.gemm && act in inf.gemm) addRow(r.family, ["inference", "gemm", act], r);
    const mla = r.resolved.arch.attention?.kind === "mla";
    if (mla && inf.mlaDecodeAttention !== undefined && s.infer.phase !== "prefill") {
      addRow(r.family, ["inference", "mlaDecodeAttention"], r);
    }
    if (inf.attention !== undefined) addRow(r.family, ["inference", "attention"], r);
  }
}

function get(cal: Calibration, p: Param): number {
  const f = cal.families.find((x) => x.family === p.family) as unknown as Record<string, unknown>;
  let cur: unknown = f;
  for (const k of p.path) cur = (cur as Record<string, unknown> | undefined)?.[k];
  if (typeof cur === "number") return cur;
  const g = (f.gemm as Record<string, { max: number }>).default;
  return g.max;
}

function set(cal: Calibration, p: Param, v: number): Calibration {
  const c = structuredClone(cal);
  const f = c.families.find((x) => x.family === p.family) as unknown as Record<string, unknown>;
  if (p.path[0] === "gemm") {
    const gemm = f.gemm as Record<string, { max: number; overheadSeconds: number }>;
    gemm[p.path[1]] = { ...(gemm[p.path[1]] ?? gemm.default), max: v };
    return c;
  }
  let cur = f;
  for (const k of p.path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[p.path[p.path.length - 1]] = v;
  return c;
}

function loss(cal: Calibration, subset: Row[]): number {
  let s = 0;
  for (const r of subset) {
    const e = evaluateScenario(r.resolved, { ...cat, calibration: cal });
    const p = e.metrics[r.metric];
    s += p === undefined || !(p > 0) ? 10 : Math.abs(Math.log(p / r.measured));
  }
  return s / subset.length;
}

function golden(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 22; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = f(x2);
    }
  }
  return Math.round(((lo + hi) / 2) * 1000) / 1000;
}

let cal = structuredClone(cat.calibration);
const before = new Map(params.map((p) => [p, loss(cal, p.rows)]));
for (let round = 0; round < 2; round++) {
  for (const p of params) {
    const v = golden((x) => loss(set(cal, p, x), p.rows), 0.05, 1.0);
    cal = set(cal, p, v);
  }
}
for (const p of params) {
  console.log(
    `${p.family} ${p.label} = ${get(cal, p)} on ${p.rows.length} measurements (mean |log error| ${before.get(p)!.toFixed(3)} -> ${loss(cal, p.rows).toFixed(3)})`,
  );
}

if (!dryRun) {
  const doc = parseDocument(readFileSync(CALIBRATION_FILE, "utf8"));
  const fams = doc.get("families") as { items: { get(k: string): unknown }[] };
  const notes = new Map<number, string[]>();
  for (const p of params) {
    const idx = fams.items.findIndex((it) => it.get("family") === p.family);
    if (idx < 0) continue;
    const v = get(cal, p);
    if (p.path[0] === "gemm") {
      const fam = cal.families.find((x) => x.family === p.family)!;
      const g = fam.gemm[p.path[1]];
      doc.setIn(
        ["families", idx, "gemm", p.path[1]],
        doc.createNode({ max: v, overheadSeconds: g.overheadSeconds }, { flow: true }),
      );
    } else {
      doc.setIn(["families", idx, ...p.path], v);
    }
    notes.set(idx, [
      ...(notes.get(idx) ?? []),
      `${p.label} fitted by scripts/fit.ts (npm run fit) on ${p.rows.length} ${p.rows[0].kind} measurements`,
    ]);
  }
  for (const [idx, lines] of notes) doc.setIn(["families", idx, "fitted"], doc.createNode(lines));
  writeFileSync(CALIBRATION_FILE, doc.toString({ lineWidth: 110 }));
  console.log(`wrote ${CALIBRATION_FILE}`);
}
