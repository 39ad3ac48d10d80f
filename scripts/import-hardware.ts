// Imports data/hardware.json (and reliability.json beside it) into catalog/devices/<id>.yaml:
// one normalised, sourced record per accelerator, validated against src/hardware/device.ts.
//
//   npx tsx scripts/import-hardware.ts [hardware.json] [reliability.json]
//
// Deterministic and idempotent: the same input writes byte-identical files, and a file is only
// rewritten when its content changes. Mechanical rules (ranges keep low/high with the midpoint
// as value, bidirectional GB/s halves to one direction, system totals divide by the device
// count) are applied everywhere; every judgement beyond them sits in a table below (FABRIC,
// FAILURE_RATES, OVERRIDES) with its source and reason, and is repeated in the device's notes so
// nothing is changed silently. Prices are not imported: hardware.json's price fields are a
// snapshot; the dated, sourced prices the engine uses live in catalog/prices.yaml (src/economics).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Document } from "yaml";
import {
  type Confidence,
  type Device,
  DTYPES,
  type Dtype,
  deviceSchema,
  type FabricKind,
  type Figure,
} from "../src/hardware/device.ts";

const REPO = new URL("../", import.meta.url);
const DEFAULT_INPUT = fileURLToPath(new URL("data/hardware.json", REPO));
const OUT_DIR = fileURLToPath(new URL("catalog/devices/", REPO));

type Raw = Record<string, unknown>;
interface SourceRef {
  id: string;
  title: string;
  url?: string;
}

// ---------------------------------------------------------------------------------------------
// Confidence strings of hardware.json / reliability.json -> the catalog's enum. An unknown
// string stops the import: someone must decide what it means.
const CONFIDENCE: Record<string, { confidence: Confidence; note?: string }> = {
  official: { confidence: "official" },
  paper: { confidence: "paper" },
  measured: { confidence: "measured" },
  derived: { confidence: "derived" },
  rumor: { confidence: "rumor" },
  unknown: { confidence: "unknown" },
  analyst: { confidence: "analyst" },
  "analyst estimate": { confidence: "analyst" },
  "vendor claim": { confidence: "official", note: "vendor claim" },
  "official (vendor claim)": { confidence: "official", note: "vendor claim" },
  "third-party spec file": {
    confidence: "analyst",
    note: "from a third-party spec file (simulator/config repo)",
  },
  "paper (topology) / analyst estimate (GB/s)": {
    confidence: "analyst",
    note: "topology from a paper; the GB/s figures are analyst estimates",
  },
  "official (announced roadmap, not shipped)": {
    confidence: "official",
    note: "announced roadmap value, not shipped",
  },
  "official (announced; 9.6 TB/s not re-confirmed in retrieved text)": {
    confidence: "official",
    note: "announced roadmap value; 9.6 TB/s not re-confirmed in retrieved text",
  },
  "paper (numbers read via a secondary summary table, status 'S')": {
    confidence: "paper",
    note: "numbers read via a secondary summary table",
  },
};

function mapConfidence(raw: string, where: string): { confidence: Confidence; note?: string } {
  const m = CONFIDENCE[raw.trim().toLowerCase()] ?? CONFIDENCE[raw.trim()];
  if (!m)
    throw new Error(
      `${where}: unknown confidence "${raw}"; add it to CONFIDENCE in scripts/import-hardware.ts`,
    );
  return m;
}

// ---------------------------------------------------------------------------------------------
// Scale-up fabric kind per id (src/hardware/device.ts FABRIC_KINDS). `placeholder`: the fabric is
// not published; the kind only fills the required field and the device is not plannable.
const FABRIC: Record<string, { kind: FabricKind; why: string; placeholder?: true }> = {
  "nvidia-a100-40gb-sxm": { kind: "switched", why: "HGX NVSwitch: any pair at the full per-GPU NVLink rate" },
  "nvidia-a100-80gb-sxm": { kind: "switched", why: "HGX NVSwitch: any pair at the full per-GPU NVLink rate" },
  "nvidia-a800-80gb-sxm": { kind: "switched", why: "HGX NVSwitch with 8 of 12 NVLinks" },
  "nvidia-h100-sxm": { kind: "switched", why: "HGX NVSwitch: any pair at the full per-GPU NVLink rate" },
  "nvidia-h100-pcie": {
    kind: "full-mesh",
    why: "an NVLink bridge joins two cards: a 2-member point-to-point mesh",
  },
  "nvidia-h800-sxm": { kind: "switched", why: "HGX NVSwitch with 8 NVLinks per GPU" },
  "nvidia-h20": { kind: "switched", why: "HGX NVSwitch, full 18 NVLinks kept" },
  "nvidia-h200-sxm": { kind: "switched", why: "HGX NVSwitch: any pair at the full per-GPU NVLink rate" },
  "nvidia-b200": { kind: "switched", why: "HGX NVSwitch (NVLink 5)" },
  "nvidia-gb200": { kind: "supernode", why: "NVL72: 72 GPUs in one NVLink Switch domain" },
  "nvidia-l20": { kind: "pcie", why: "no NVLink; peers over PCIe Gen4 x16" },
  "nvidia-l40s": { kind: "pcie", why: "no NVLink; peers over PCIe Gen4 x16" },
  "huawei-ascend-910": { kind: "full-mesh", why: "HCCS links each NPU to the 3 others of its 4-NPU group" },
  "huawei-ascend-910b1": { kind: "full-mesh", why: "HCCS point-to-point full mesh of 8 NPUs, no switch" },
  "huawei-ascend-910b2": { kind: "full-mesh", why: "HCCS point-to-point full mesh of 8 NPUs, no switch" },
  "huawei-ascend-910b3": { kind: "full-mesh", why: "HCCS point-to-point full mesh of 8 NPUs, no switch" },
  "huawei-ascend-910b4": {
    kind: "pcie",
    why: "HCCS or PCIe depending on product; the only figure (32 GB/s, simulator) is PCIe-class",
  },
  "huawei-ascend-910c": {
    kind: "supernode",
    why: "CloudMatrix384 Unified Bus: 384 NPUs non-blocking all-to-all",
  },
  "huawei-cloudmatrix-384": { kind: "supernode", why: "Unified Bus: 384 NPUs non-blocking all-to-all" },
  "huawei-ascend-910d": { kind: "pcie", why: "rumored part, no fabric published", placeholder: true },
  "huawei-ascend-950pr": { kind: "supernode", why: "UnifiedBus 2.0 SuperPoD, all-to-all" },
  "huawei-ascend-950dt": { kind: "supernode", why: "UnifiedBus 2.0 SuperPoD, all-to-all" },
  "huawei-ascend-960": { kind: "supernode", why: "UnifiedBus 2.0 SuperPoD, all-to-all" },
  "huawei-ascend-970": { kind: "supernode", why: "UnifiedBus 2.0 SuperPoD, all-to-all" },
  "cambricon-mlu370-x8": { kind: "full-mesh", why: "MLU-Link bridge: 4 cards fully interconnected" },
  "cambricon-mlu590": { kind: "pcie", why: "fabric not published", placeholder: true },
  "hygon-dcu-k100-bw1000": { kind: "pcie", why: "fabric not published", placeholder: true },
  "kunlunxin-p800": { kind: "pcie", why: "XPU Link figures not published", placeholder: true },
  "moorethreads-mtt-s4000": {
    kind: "full-mesh",
    why: "MTLink topology not published; assumed point-to-point (the conservative reading)",
  },
  "biren-br100": {
    kind: "full-mesh",
    why: "8 BLink ports per OAM, topology not published; assumed point-to-point (the conservative reading)",
  },
  "biren-br104": { kind: "pcie", why: "BLink / PCIe card, no figures published" },
  "metax-c500": { kind: "pcie", why: "MetaXLink figures not published", placeholder: true },
  "enflame-cloudblazer-t20": {
    kind: "pcie",
    why: "GCU-LARE figures for T20 not published",
    placeholder: true,
  },
  "iluvatar-bi-tiangai100": { kind: "pcie", why: "PCIe 4.0 x16 card" },
  "amd-mi300x": { kind: "full-mesh", why: "xGMI: 8 OAM fully connected point-to-point, no switch" },
  "amd-mi325x": { kind: "full-mesh", why: "xGMI: 8 OAM fully connected point-to-point, no switch" },
  "google-tpu-v5p": { kind: "torus", why: "ICI 3D torus with optical circuit switches" },
  "google-tpu-v6e-trillium": { kind: "torus", why: "ICI 2D torus" },
};

// Per-device-hour failure figures from reliability.json, for the kinds they were measured on.
const FAILURE_RATES: {
  ids: string[];
  record: string;
  keys: [string] | [string, string];
  source: string;
  note: string;
}[] = [
  {
    ids: ["nvidia-h100-sxm"],
    record: "llama3-16k-h100",
    keys: ["unexpected_per_gpu_hour"],
    source: "llama3",
    note: "unexpected job interruptions per GPU-hour: Llama 3 405B pre-training, 16,384 H100 for 54 days (419 / (16,384 x 1,296 h)); GPU+HBM-attributed only: 1.16e-5",
  },
  {
    ids: ["nvidia-a100-40gb-sxm", "nvidia-a100-80gb-sxm"],
    record: "meta-rsc-a100",
    keys: ["failures_per_gpu_hour_rsc2", "failures_per_gpu_hour_rsc1"],
    source: "meta-rel",
    note: "failures per GPU-hour derived from 2.34 (RSC-2, 8k A100) to 6.50 (RSC-1, 16k A100) failures per 1000 node-days of 8 GPUs",
  },
  {
    ids: ["huawei-ascend-910c", "huawei-cloudmatrix-384"],
    record: "huawei-ascend-claims",
    keys: ["faults_per_npu_hour_upper_bound_cm384"],
    source: "hw-ha",
    note: "upper bound from 'CloudMatrix384 supernode MTBF > 24 h' over 384 NPUs",
  },
];

// Sources the entries cite without listing them.
const EXTRA_SOURCES: SourceRef[] = [
  {
    id: "meta-rel",
    title:
      "Kokolis et al., 'Revisiting Reliability in Large-Scale Machine Learning Research Clusters' (HPCA 2025; Meta RSC-1/RSC-2, 150M A100 GPU-hours)",
    url: "https://arxiv.org/abs/2410.21680",
  },
  {
    id: "gcp-v5p-table",
    title:
      "Google Cloud TPU v5p documentation, current specification table (FP8 459 TFLOPs, 95 GiB HBM, bidirectional ICI 1,200 GBps, DCN 50 Gbps per chip)",
    url: "https://docs.cloud.google.com/tpu/docs/v5p",
  },
];

// Corrections and additions checked against public sources. Each replaces the imported value
// at `path` (a figure, or a plain number for counts) and is noted on the device.
const OVERRIDES: { id: string; path: string; value: Figure | number; why: string }[] = [
  {
    id: "google-tpu-v5p",
    path: "peakTflops.fp8",
    value: { value: 459, sources: ["gcp-v5p-table"], confidence: "official" },
    why: "hardware.json: unknown ('not listed for v5p'); Google's current v5p table lists peak FP8 459 TFLOPs per chip, the BF16 rate",
  },
  {
    id: "google-tpu-v5p",
    path: "scaleUp.bandwidthGBps",
    value: { value: 600, sources: ["gcp-v5p-table"], confidence: "official" },
    why: "Google: bidirectional ICI 1,200 GBps per chip (4,800 Gbps), so 600 GB/s per direction; hardware.json had 600 with the direction unstated",
  },
  {
    id: "google-tpu-v5p",
    path: "scaleOut.gbpsPerDevice",
    value: { value: 50, sources: ["gcp-v5p-table"], confidence: "official" },
    why: "Google: data center network (DCN) bandwidth 50 Gbps per chip; hardware.json left it empty",
  },
  {
    id: "google-tpu-v5p",
    path: "memory.capacityGB",
    value: { value: 102, sources: ["gcp-v5p-table", "gcp-v5p"], confidence: "official" },
    why: "Google's table gives 95 GiB usable (96 GiB physical); 95 GiB = 102.0 GB, the catalog's decimal unit (hardware.json: 95)",
  },
  {
    id: "cambricon-mlu370-x8",
    path: "peakTflops.int4",
    value: { value: 512, sources: ["cambricon-370"], confidence: "official" },
    why: "INT4 512 TOPS is in the launch figures hardware.json quotes in its INT8 note ('INT16 128, INT4 512')",
  },
  ...["huawei-ascend-910b1", "huawei-ascend-910b2", "huawei-ascend-910b3"].map((id) => ({
    id,
    path: "memory.capacityGB",
    value: { value: 64, sources: ["pangu-ultra", "hami-910b"], confidence: "paper" as const },
    why: "64 GB per device is stated in Huawei's Pangu Ultra paper (arXiv 2504.07866), so the capacity is paper-grade even though the memory section as a whole rests on a spec file",
  })),
  ...["huawei-ascend-950pr", "huawei-ascend-950dt"].map((id) => ({
    id,
    path: "scaleUp.domainSize",
    value: 8192,
    why: "Atlas 950 SuperPoD: 8,192 NPUs in one UnifiedBus domain (Huawei Connect 2025, source hc2025); hardware.json has no domain_size",
  })),
  ...(
    [
      ["huawei-ascend-950pr", 500],
      ["huawei-ascend-950dt", 500],
      ["huawei-ascend-960", 1000],
    ] as const
  ).flatMap(([id, half]) =>
    (["bf16", "fp16"] as const).map((dtype) => ({
      id,
      path: `peakTflops.${dtype}`,
      value: {
        value: half,
        low: half * 0.8,
        high: half,
        sources: ["hc2025"],
        confidence: "derived" as const,
        note: `half the announced FP8 rate (${2 * half} TFLOPS): the 16-bit:8-bit ratio of every DaVinci and Hopper/Blackwell tensor unit; 80% of that kept as the low end`,
      },
      why: `Huawei Connect 2025 announced FP8 and FP4 rates only; a 16-bit rate is needed to plan anything, so it is derived as FP8/2 (a range down to 0.8 of that)`,
    })),
  ),
  {
    id: "huawei-ascend-960",
    path: "scaleUp.domainSize",
    value: 15488,
    why: "Atlas 960 SuperPoD: 15,488 NPUs (Huawei Connect 2025, source hc2025); hardware.json has no domain_size",
  },
  // Board power where no vendor figure is published: each value is derived by a stated rule and
  // kept as a range, so energy and its cost carry the uncertainty.
  {
    id: "huawei-ascend-910c",
    path: "tdpWatts",
    value: {
      value: 800,
      low: 600,
      high: 800,
      sources: ["semi-cm384", "sixrack-910c"],
      confidence: "derived",
      note: "two 910B-class dies at the 910B's 400 W each; the low end is the pre-launch 600 W rumor; CloudMatrix384's all-in 559 kW / 384 = 1,456 W per NPU includes optics, CPUs and switches",
    },
    why: "hardware.json has no chip power for the 910C; energy needs one",
  },
  {
    id: "huawei-ascend-910b4",
    path: "tdpWatts",
    value: {
      value: 400,
      low: 300,
      high: 400,
      sources: ["chiao-sheets"],
      confidence: "derived",
      note: "the 400 W of the 910B1-B3 (same die, a lower bin) as the high end; 300 W as the low end for the lower-clocked bin",
    },
    why: "hardware.json has no power for the 910B4 bin; energy needs one",
  },
  ...(["huawei-ascend-950pr", "huawei-ascend-950dt"] as const).map((id) => ({
    id,
    path: "tdpWatts",
    value: {
      value: 800,
      low: 600,
      high: 1000,
      sources: ["hc2025", "semi-cm384"],
      confidence: "derived" as const,
      note: "no published figure: the 910C's derived 800 W (the package it succeeds, same cooling class), spanning 600 W to a B200-class 1,000 W",
    },
    why: "Huawei Connect 2025 gave no power for the 950; energy needs one",
  })),
  {
    id: "huawei-ascend-960",
    path: "tdpWatts",
    value: {
      value: 1600,
      low: 1200,
      high: 2000,
      sources: ["hc2025"],
      confidence: "derived",
      note: "no published figure: twice the 950's derived 800 W, as its announced rates are twice the 950's",
    },
    why: "Huawei Connect 2025 gave no power for the 960; energy needs one",
  },
  {
    id: "moorethreads-mtt-s4000",
    path: "tdpWatts",
    value: {
      value: 450,
      sources: ["mt-s4000"],
      confidence: "rumor",
      note: "the often-quoted 450 W, not verified against a datasheet (hardware.json note)",
    },
    why: "hardware.json keeps 450 W only in a note; energy needs a figure",
  },
  {
    id: "nvidia-gb200",
    path: "devicesPerNode",
    value: 4,
    why: "a GB200 compute tray (the host with its own NICs) holds 4 GPUs; hardware.json gives it as text ('4 GPUs + 2 Grace per compute tray; 72 GPUs per rack', source nv-gb200)",
  },
];

// ---------------------------------------------------------------------------------------------
// Small readers over untyped JSON.
const isObj = (x: unknown): x is Raw => typeof x === "object" && x !== null && !Array.isArray(x);
const obj = (x: unknown): Raw => (isObj(x) ? x : {});
const str = (x: unknown): string | undefined =>
  typeof x === "string" && x.trim() !== "" ? x.trim() : undefined;
const strs = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : [];
const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
/** Six significant digits: keeps derived values (divisions) free of float noise. */
const round6 = (x: number): number => Number(x.toPrecision(6));
/** Notes joined with "; ", each segment once (a caveat may arrive from two places). */
const joinNotes = (...parts: (string | undefined)[]): string | undefined => {
  const kept: string[] = [];
  for (const p of parts) {
    for (const seg of (p ?? "").split(/;\s+/)) {
      const t = seg.trim().replace(/[.;]$/, "");
      if (t && !kept.includes(t)) kept.push(t);
    }
  }
  return kept.length > 0 ? kept.join("; ") : undefined;
};

/**
 * A number or a range in text: "25,000-30,000", "~39k per chip", "~8M (≈3x NVL72)", "4-8".
 * Only the part before the first "(" is read; one number, or two joined by a dash or "to",
 * is unambiguous. Anything else returns undefined and the caller keeps the text as a note.
 */
export function parseNumberText(text: string): { value: number; low?: number; high?: number } | undefined {
  const head = text.split("(")[0];
  const token = /(\d[\d,]*(?:\.\d+)?)\s*([kKMB](?![a-z]))?/g;
  const found: { n: number; suffix?: string; start: number; end: number }[] = [];
  for (const m of head.matchAll(token)) {
    found.push({
      n: Number(m[1].replace(/,/g, "")),
      suffix: m[2],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  const scale = (s?: string) => (s === "k" || s === "K" ? 1e3 : s === "M" ? 1e6 : s === "B" ? 1e9 : 1);
  if (found.length === 1) return { value: found[0].n * scale(found[0].suffix) };
  if (found.length === 2 && /^\s*(?:-|–|to)\s*$/.test(head.slice(found[0].end, found[1].start))) {
    const s = found[1].suffix;
    const low = found[0].n * scale(found[0].suffix ?? s);
    const high = found[1].n * scale(s);
    if (low < high) return { value: round6((low + high) / 2), low, high };
  }
  return undefined;
}

interface FigureSpec {
  raw: unknown;
  sources: string[];
  confidence: { confidence: Confidence; note?: string };
  note?: string;
  /** divide by this (system totals to per device) */
  per?: number;
}

/** A Figure, or null with the reason why it is missing. */
function figure(spec: FigureSpec, where: string): { figure: Figure | null; missing?: string } {
  const { raw, per } = spec;
  let v: { value: number; low?: number; high?: number } | undefined;
  let textNote: string | undefined;
  if (raw === null || raw === undefined)
    return { figure: null, missing: spec.note ?? "not given in hardware.json" };
  if (typeof raw === "number") v = { value: raw };
  else if (isObj(raw) && num(raw.low) !== undefined && num(raw.high) !== undefined) {
    const low = raw.low as number;
    const high = raw.high as number;
    if (low > high) throw new Error(`${where}: range low ${low} > high ${high}`);
    v = low === high ? { value: low } : { value: round6((low + high) / 2), low, high };
  } else if (typeof raw === "string") {
    v = parseNumberText(raw);
    textNote = `hardware.json text: "${raw}"`;
    if (!v) return { figure: null, missing: joinNotes(`not a number in hardware.json: "${raw}"`, spec.note) };
  } else {
    throw new Error(`${where}: cannot read ${JSON.stringify(raw)}; add a rule for it`);
  }
  const div = (x: number) => (per ? round6(x / per) : x);
  const f: Figure = {
    value: div(v.value),
    confidence: spec.confidence.confidence,
    sources: [...spec.sources],
  };
  if (v.low !== undefined) f.low = div(v.low);
  if (v.high !== undefined) f.high = div(v.high);
  const note = joinNotes(spec.note, textNote, spec.confidence.note);
  if (note) f.note = note;
  return { figure: f };
}

// ---------------------------------------------------------------------------------------------

interface Context {
  entry: Raw;
  id: string;
  notes: string[];
  cited: Set<string>;
}

/** Confidence of the value at `path` ("memory.bandwidth_tbps"): a path override, the value's
 * own, a section override, the entry default. The entry default's note (e.g. "announced
 * roadmap") also applies to official values of that entry. */
function confidenceAt(ctx: Context, path: string, own: unknown): { confidence: Confidence; note?: string } {
  const conf = obj(ctx.entry.confidence);
  const overrides = obj(conf.overrides);
  const section = path.split(".")[0];
  const raw = str(overrides[path]) ?? str(own) ?? str(overrides[section]) ?? str(conf.default) ?? "unknown";
  const m = mapConfidence(raw, `${ctx.id} ${path}`);
  const def = str(conf.default)
    ? mapConfidence(str(conf.default) as string, `${ctx.id} confidence.default`)
    : undefined;
  if (def?.note && m.confidence === def.confidence && !m.note) return { ...m, note: def.note };
  return m;
}

function cite(ctx: Context, ids: string[]): string[] {
  for (const s of ids) ctx.cited.add(s);
  return ids;
}

function peaks(ctx: Context, per: number | undefined) {
  const compute = obj(ctx.entry.compute_tflops_dense);
  const keys: Record<Dtype, string[]> = {
    fp64: ["fp64"],
    fp32: ["fp32"],
    tf32: ["tf32"],
    bf16: ["bf16"],
    fp16: ["fp16"],
    fp8: ["fp8"],
    int8: ["int8_tops", "int8"],
    int4: ["int4_tops", "int4"],
    fp4: ["fp4"],
  };
  const peakTflops = {} as Record<Dtype, Figure | null>;
  const dtypeNotes: Record<string, string> = {};
  for (const dtype of DTYPES) {
    const key = keys[dtype].find((k) => isObj(compute[k]));
    const c = key ? obj(compute[key]) : undefined;
    const where = `${ctx.id} compute_tflops_dense.${key ?? dtype}`;
    if (!c) {
      peakTflops[dtype] = null;
      dtypeNotes[dtype] = "unknown: not given in hardware.json";
      continue;
    }
    if (c.supported === false) {
      if (c.value !== null && c.value !== undefined) throw new Error(`${where}: unsupported but has a value`);
      peakTflops[dtype] = null;
      dtypeNotes[dtype] = `unsupported: ${str(c.note) ?? "not supported"}`;
      continue;
    }
    const built = figure(
      {
        raw: c.value,
        sources: cite(ctx, strs(c.sources)),
        confidence: confidenceAt(ctx, `compute_tflops_dense.${key}`, c.confidence),
        note: str(c.note),
        per,
      },
      where,
    );
    peakTflops[dtype] = built.figure;
    if (!built.figure) dtypeNotes[dtype] = `unknown: ${built.missing}`;
    else if (per) built.figure.note = joinNotes(built.figure.note, `system total / ${per}`);
  }
  return { peakTflops, dtypeNotes };
}

function memory(ctx: Context, per: number | undefined): Device["memory"] {
  const m = obj(ctx.entry.memory);
  const sources = cite(ctx, strs(m.sources));
  const note = joinNotes(str(m.note), per ? `system total / ${per}` : undefined);
  const capacity = figure(
    {
      raw: m.capacity_gb,
      sources,
      confidence: confidenceAt(ctx, "memory.capacity_gb", m.confidence),
      note,
      per,
    },
    `${ctx.id} memory.capacity_gb`,
  );
  const bandwidth = figure(
    {
      raw: m.bandwidth_tbps,
      sources,
      confidence: confidenceAt(ctx, "memory.bandwidth_tbps", m.confidence),
      note,
      per,
    },
    `${ctx.id} memory.bandwidth_tbps`,
  );
  if (!capacity.figure) ctx.notes.push(`memory capacity unknown: ${capacity.missing}`);
  if (!bandwidth.figure && capacity.figure) ctx.notes.push(`memory bandwidth unknown: ${bandwidth.missing}`);
  const out: Device["memory"] = { capacityGB: capacity.figure, bandwidthTBps: bandwidth.figure };
  const kind = str(m.type);
  return kind ? { kind, ...out } : out;
}

function devicesPerNode(ctx: Context): number {
  const node = obj(ctx.entry.node);
  const raw = node.chips_per_node;
  // Settled here rather than with the other overrides: the scale-up domain of a PCIe card depends on it.
  const o = OVERRIDES.find((x) => x.id === ctx.id && x.path === "devicesPerNode");
  if (o && typeof o.value === "number") {
    ctx.notes.push(
      `override devicesPerNode: hardware.json ${JSON.stringify(raw ?? null)} -> ${o.value}: ${o.why}`,
    );
    return o.value;
  }
  if (num(raw) !== undefined) return raw as number;
  if (raw === undefined || raw === null) {
    ctx.notes.push("devicesPerNode: not in hardware.json; the default 8 is used");
    return 8;
  }
  const parsed = typeof raw === "string" ? parseNumberText(raw) : undefined;
  if (parsed && parsed.high !== undefined) {
    ctx.notes.push(`devicesPerNode: hardware.json gives "${raw}"; the high end (${parsed.high}) is used`);
    return parsed.high;
  }
  if (parsed && Number.isInteger(parsed.value)) return parsed.value;
  throw new Error(
    `${ctx.id}: node.chips_per_node ${JSON.stringify(raw)} is ambiguous; add an OVERRIDES entry`,
  );
}

function scaleUp(ctx: Context, perNode: number): Device["scaleUp"] {
  const fabric = FABRIC[ctx.id];
  if (!fabric)
    throw new Error(`${ctx.id}: no scale-up fabric kind; add it to FABRIC in scripts/import-hardware.ts`);
  const s = obj(ctx.entry.scale_up);
  const sources = cite(ctx, strs(s.sources));
  const conf = (path: string) => confidenceAt(ctx, `scale_up.${path}`, s.confidence);
  const notes: string[] = [];

  // One direction per device: the unidirectional figure, else half the bidirectional one.
  let bandwidth: Figure | null = null;
  const uni = num(s.bw_GBps_unidir_per_chip);
  const bidir = num(s.bw_GBps_bidir_per_chip) ?? num(s.bw_GBps_per_chip_direction_unspecified);
  if (uni !== undefined) {
    bandwidth = figure({ raw: uni, sources, confidence: conf("bw_GBps_unidir_per_chip") }, ctx.id).figure;
  } else if (bidir !== undefined && !fabric.placeholder) {
    const c = conf("bw_GBps_bidir_per_chip");
    const stated =
      num(s.bw_GBps_bidir_per_chip) !== undefined
        ? "bidirectional"
        : "direction unstated, taken as bidirectional";
    bandwidth = figure(
      {
        raw: round6(bidir / 2),
        sources,
        confidence: { confidence: "derived" },
        note: joinNotes(`${bidir} GB/s ${stated} / 2 (source confidence: ${c.confidence})`, c.note),
      },
      ctx.id,
    ).figure;
  }

  let domainSize = num(s.domain_size);
  if (fabric.placeholder) domainSize = 1;
  else if (fabric.kind === "pcie" && (domainSize === undefined || domainSize <= 1) && bandwidth) {
    notes.push(
      `domain: hardware.json ${domainSize ?? "none"} (no NVLink-class fabric); PCIe peers within the node, so the node size`,
    );
    domainSize = perNode;
  }
  if (domainSize === undefined) {
    notes.push("domain size not published (placeholder 1)");
    domainSize = 1;
  }

  // Full mesh: the per-peer link, one direction.
  let perPeer: Figure | null | undefined;
  if (fabric.kind === "full-mesh") {
    const pu = num(s.per_peer_GBps_unidir);
    const pb = num(s.per_peer_GBps_bidir);
    if (pu !== undefined)
      perPeer = figure({ raw: pu, sources, confidence: conf("per_peer_GBps_unidir") }, ctx.id).figure;
    else if (pb !== undefined) {
      const c = conf("per_peer_GBps_bidir");
      perPeer = figure(
        {
          raw: round6(pb / 2),
          sources,
          confidence: { confidence: "derived" },
          note: joinNotes(
            `${pb} GB/s bidirectional per peer / 2 (source confidence: ${c.confidence})`,
            c.note,
          ),
        },
        ctx.id,
      ).figure;
    } else if (bandwidth && domainSize > 1) {
      perPeer = figure(
        {
          raw: round6(bandwidth.value / (domainSize - 1)),
          sources,
          confidence: { confidence: "derived" },
          note: `${bandwidth.value} GB/s per device / ${domainSize - 1} peers: assumes the links split evenly`,
        },
        ctx.id,
      ).figure;
    } else perPeer = null;
  }

  if (num(s.measured_GBps_unidir) !== undefined)
    notes.push(`measured ${s.measured_GBps_unidir} GB/s one direction`);
  for (const k of ["topology", "note", "measured", "aggregate", "per_port"])
    if (str(s[k])) notes.push(`${k === "note" || k === "topology" ? "" : `${k}: `}${str(s[k])}`);
  if (num(s.links) !== undefined) notes.push(`${s.links} links`);
  if (num(s.ports) !== undefined) notes.push(`${s.ports} ports`);
  notes.push(`kind ${fabric.kind}: ${fabric.why}`);

  const technology = str(s.technology);
  return {
    kind: fabric.kind,
    ...(technology ? { technology } : {}),
    bandwidthGBps: bandwidth,
    ...(perPeer !== undefined ? { perPeerGBps: perPeer } : {}),
    domainSize,
    note: joinNotes(...notes),
  };
}

function scaleOut(ctx: Context): Device["scaleOut"] {
  const s = obj(ctx.entry.scale_out);
  const built = figure(
    {
      raw: s.per_chip_Gbps,
      sources: cite(ctx, strs(s.sources)),
      confidence: confidenceAt(ctx, "scale_out.per_chip_Gbps", s.confidence),
    },
    `${ctx.id} scale_out.per_chip_Gbps`,
  );
  const note = joinNotes(str(s.typical), str(s.note));
  return note ? { gbpsPerDevice: built.figure, note } : { gbpsPerDevice: built.figure };
}

function tdp(ctx: Context, per: number | undefined): Figure | null {
  const t = obj(ctx.entry.tdp_w);
  const built = figure(
    {
      raw: t.value,
      sources: cite(ctx, strs(t.sources)),
      confidence: confidenceAt(ctx, "tdp_w", t.confidence),
      note: joinNotes(
        str(t.note),
        per ? `system total / ${per}: all-in per device (CPUs, switches, optics included)` : undefined,
      ),
      per,
    },
    `${ctx.id} tdp_w`,
  );
  if (!built.figure) ctx.notes.push(`tdpWatts unknown: ${built.missing}`);
  return built.figure;
}

function failures(ctx: Context, reliability: Raw[]): Figure | null {
  const rule = FAILURE_RATES.find((r) => r.ids.includes(ctx.id));
  if (!rule) return null;
  const rec = reliability.find((r) => r.id === rule.record);
  if (!rec) throw new Error(`reliability.json has no record "${rule.record}" (FAILURE_RATES, ${ctx.id})`);
  const derived = obj(rec.derived);
  const vals = rule.keys.map((k) => {
    const v = num(derived[k]);
    if (v === undefined) throw new Error(`reliability.json ${rule.record}.derived.${k} is not a number`);
    return v;
  });
  const raw = vals.length === 2 ? { low: vals[0], high: vals[1] } : vals[0];
  const c = mapConfidence(str(rec.confidence) ?? "unknown", `reliability.json ${rule.record}`);
  return figure(
    {
      raw,
      sources: cite(ctx, [rule.source]),
      confidence: c,
      note: joinNotes(rule.note, str(derived.caveat)),
    },
    `${ctx.id} failuresPerDeviceHour`,
  ).figure;
}

function entryNotes(ctx: Context): void {
  const e = ctx.entry;
  const arch = joinNotes(
    str(e.architecture) && `architecture: ${str(e.architecture)}`,
    str(e.process) && `process: ${str(e.process)}`,
  );
  if (arch) ctx.notes.push(arch);
  const sram = obj(e.on_chip_sram);
  const extra = Object.entries(sram).filter(
    ([k, v]) => !["l2_mb", "confidence", "sources", "note"].includes(k) && v !== null,
  );
  if (extra.length > 0)
    ctx.notes.push(`on-chip memory: ${extra.map(([k, v]) => `${k} ${String(v)}`).join(", ")}`);
  for (const n of strs(e.notes)) ctx.notes.push(n);
  for (const m of Array.isArray(e.measured) ? e.measured.map(obj) : []) {
    ctx.notes.push(`measured: ${str(m.what)}: ${String(m.value)} [${cite(ctx, strs(m.sources)).join(", ")}]`);
  }
  for (const r of Array.isArray(e.reliability) ? e.reliability.map(obj) : []) {
    const c = mapConfidence(str(r.confidence) ?? "unknown", `${ctx.id} reliability`);
    ctx.notes.push(
      `reliability, ${str(r.metric)}: ${joinNotes(String(r.value), str(r.derived))} (${c.confidence}) [${cite(ctx, strs(r.sources)).join(", ")}]`,
    );
  }
}

function l2(ctx: Context): Figure | null {
  const s = obj(ctx.entry.on_chip_sram);
  return figure(
    {
      raw: s.l2_mb,
      sources: cite(ctx, strs(s.sources)),
      confidence: confidenceAt(ctx, "on_chip_sram", s.confidence),
      note: str(s.note),
    },
    `${ctx.id} on_chip_sram.l2_mb`,
  ).figure;
}

function setPath(target: Raw, path: string, value: unknown): unknown {
  const keys = path.split(".");
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(o[k])) throw new Error(`override path ${path}: ${k} is not an object`);
    o = o[k] as Raw;
  }
  const last = keys[keys.length - 1];
  const before = o[last];
  o[last] = value;
  return before;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (isObj(v) && "value" in v) return String(v.value);
  return String(v);
}

function plannability(d: Device): string[] {
  const reasons: string[] = [];
  if (!d.peakTflops.bf16 && !d.peakTflops.fp16) {
    reasons.push(
      `no bf16 or fp16 peak (bf16 ${d.dtypeNotes?.bf16 ?? "missing"}; fp16 ${d.dtypeNotes?.fp16 ?? "missing"})`,
    );
  }
  if (!d.memory.capacityGB) reasons.push("memory capacity unknown");
  if (!d.memory.bandwidthTBps) reasons.push("memory bandwidth unknown");
  if (!d.scaleUp.bandwidthGBps) reasons.push("scale-up bandwidth unknown");
  return reasons;
}

/** One hardware.json entry to a catalog Device (validated). */
export function toDevice(entry: Raw, sourceIndex: Map<string, SourceRef>, reliability: Raw[]): Device {
  const id = str(entry.id);
  if (!id) throw new Error(`an entry has no id: ${JSON.stringify(entry).slice(0, 80)}`);
  const ctx: Context = { entry, id, notes: [], cited: new Set() };

  // A system entry (CloudMatrix384) gives totals; the catalog holds per-device figures.
  let per: number | undefined;
  if (entry.system === true) {
    const node = obj(entry.node);
    per = (num(node.chips_per_node) ?? 0) * (num(node.nodes) ?? 0);
    if (!(per > 1)) throw new Error(`${id}: system entry without chips_per_node x nodes`);
    ctx.notes.push(
      `hardware.json describes the whole system; compute, memory and power are its totals divided by ${per} devices (per device, as the 910C inside it)`,
    );
  }
  entryNotes(ctx);
  const perNode = devicesPerNode(ctx);
  const { peakTflops, dtypeNotes } = peaks(ctx, per);
  const d: Device = {
    id,
    vendor: str(entry.vendor) ?? "unknown",
    name: str(entry.name) ?? id,
    ...(str(entry.variant) ? { variant: str(entry.variant) } : {}),
    ...(str(entry.status) ? { status: str(entry.status) } : {}),
    ...(num(entry.release_year) !== undefined ? { releaseYear: entry.release_year as number } : {}),
    plannable: true,
    peakTflops,
    dtypeNotes,
    memory: memory(ctx, per),
    l2MB: l2(ctx),
    scaleUp: scaleUp(ctx, perNode),
    scaleOut: scaleOut(ctx),
    devicesPerNode: perNode,
    tdpWatts: tdp(ctx, per),
    failuresPerDeviceHour: failures(ctx, reliability),
    notes: ctx.notes,
    sources: [],
  };

  for (const o of OVERRIDES.filter((x) => x.id === id && x.path !== "devicesPerNode")) {
    const value =
      typeof o.value === "number"
        ? o.value
        : { ...o.value, note: joinNotes(o.value.note, `override: ${o.why}`) };
    if (typeof o.value !== "number") cite(ctx, o.value.sources);
    const before = setPath(d as unknown as Raw, o.path, value);
    if (o.path.startsWith("peakTflops.") && d.dtypeNotes) delete d.dtypeNotes[o.path.split(".")[1]];
    ctx.notes.push(`override ${o.path}: ${describe(before)} -> ${describe(value)}: ${o.why}`);
  }
  if (d.scaleUp.kind === "pcie" && d.scaleUp.bandwidthGBps && d.scaleUp.domainSize > d.devicesPerNode) {
    d.scaleUp.domainSize = d.devicesPerNode;
  }

  // Invariant the whole planner relies on: no Ascend before the 950 has FP8.
  if (/^huawei-(ascend-910|cloudmatrix)/.test(id) && d.peakTflops.fp8 !== null) {
    throw new Error(`${id}: an Ascend before the 950 cannot have an FP8 peak`);
  }

  const reasons = plannability(d);
  d.plannable = reasons.length === 0;
  if (reasons.length > 0) d.notPlannableReasons = reasons;
  if (d.dtypeNotes && Object.keys(d.dtypeNotes).length === 0) delete d.dtypeNotes;

  // The entry's own sources, then any source its figures cite without listing it.
  const own = (Array.isArray(entry.sources) ? entry.sources.map(obj) : []).map((s) => ref(s, id));
  const listed = new Set(own.map((s) => s.id));
  for (const s of ctx.cited) {
    if (listed.has(s)) continue;
    const r = sourceIndex.get(s);
    if (!r) throw new Error(`${id}: cites source "${s}" that no entry lists; add it to EXTRA_SOURCES`);
    own.push(r);
    listed.add(s);
  }
  d.sources = own;
  if (d.notes && d.notes.length === 0) delete d.notes;
  return order(deviceSchema.parse(d));
}

function ref(s: Raw, where: string): SourceRef {
  const id = str(s.id);
  const title = str(s.title);
  if (!id || !title) throw new Error(`${where}: a source lacks id or title`);
  const url = str(s.url);
  return url ? { id, title, url } : { id, title };
}

/** Key order of the written file: identity, verdict, figures, then notes and sources (zod's
 * output follows the schema's order, which puts the verdict last). */
function order(d: Device): Device {
  const keys = [
    "id",
    "vendor",
    "name",
    "variant",
    "status",
    "releaseYear",
    "plannable",
    "notPlannableReasons",
    "peakTflops",
    "dtypeNotes",
    "memory",
    "l2MB",
    "scaleUp",
    "scaleOut",
    "devicesPerNode",
    "tdpWatts",
    "failuresPerDeviceHour",
    "notes",
    "sources",
  ];
  const src = d as unknown as Raw;
  const extra = Object.keys(src).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new Error(`${d.id}: unordered keys ${extra.join(", ")}`);
  return Object.fromEntries(keys.filter((k) => src[k] !== undefined).map((k) => [k, src[k]])) as Device;
}

export function importHardware(hardware: Raw[], reliability: Raw[]): Device[] {
  const index = new Map<string, SourceRef>();
  for (const e of hardware) {
    for (const s of Array.isArray(e.sources) ? e.sources.map(obj) : []) {
      const r = ref(s, String(e.id));
      if (!index.has(r.id)) index.set(r.id, r);
    }
  }
  for (const s of EXTRA_SOURCES) if (!index.has(s.id)) index.set(s.id, s);
  const ids = new Set<string>();
  const devices = hardware.map((e) => {
    const d = toDevice(e, index, reliability);
    if (ids.has(d.id)) throw new Error(`duplicate id ${d.id}`);
    ids.add(d.id);
    return d;
  });
  for (const o of OVERRIDES) if (!ids.has(o.id)) throw new Error(`OVERRIDES names unknown id ${o.id}`);
  for (const id of Object.keys(FABRIC)) if (!ids.has(id)) throw new Error(`FABRIC names unknown id ${id}`);
  return devices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function toYaml(d: Device): string {
  const doc = new Document(d);
  doc.commentBefore =
    " Generated by scripts/import-hardware.ts from data/hardware.json; edit the data or the\n importer's tables, not this file. Units: TFLOP/s (TOPS for int), GB, TB/s, GB/s one direction,\n Gb/s for scale-out, W, USD.";
  return doc.toString({ lineWidth: 0 });
}

function main(): void {
  const input = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_INPUT;
  const relPath = process.argv[3] ? resolve(process.argv[3]) : join(dirname(input), "reliability.json");
  if (!existsSync(input))
    throw new Error(`no hardware.json at ${input}; pass its path as the first argument`);
  const hardware = JSON.parse(readFileSync(input, "utf8")) as Raw[];
  const reliability = existsSync(relPath) ? (JSON.parse(readFileSync(relPath, "utf8")) as Raw[]) : [];
  if (!existsSync(relPath)) console.warn(`no reliability.json at ${relPath}; failure rates left out`);
  const devices = importHardware(hardware, reliability);

  mkdirSync(OUT_DIR, { recursive: true });
  let written = 0;
  for (const d of devices) {
    const file = join(OUT_DIR, `${d.id}.yaml`);
    const text = toYaml(d);
    if (existsSync(file) && readFileSync(file, "utf8") === text) continue;
    writeFileSync(file, text);
    written++;
  }
  const keep = new Set(devices.map((d) => `${d.id}.yaml`));
  const stale = readdirSync(OUT_DIR).filter((f) => f.endsWith(".yaml") && !keep.has(f));
  for (const f of stale) rmSync(join(OUT_DIR, f));
  const notPlannable = devices.filter((d) => !d.plannable).map((d) => d.id);
  console.log(
    `${devices.length} devices (${written} written, ${devices.length - written} unchanged, ${stale.length} stale removed); not plannable: ${notPlannable.join(", ") || "none"}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
