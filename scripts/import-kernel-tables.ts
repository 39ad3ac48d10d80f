// Reduces measured kernel-latency tables into catalog/kernels/<device>.<source>.json (the form of
// src/hardware/kernel-table-schema.ts): NVIDIA AIConfigurator's per-system collections
// (github.com/ai-dynamo/aiconfigurator, aic-core/src/aiconfigurator_core/systems/data/, Apache-2.0)
// and this project's own H100 measurements (catalog/measured/nvidia-h100-sxm.yaml, written from
// catalog/measured/raw/*.json by scripts/gpu/measured_to_yaml.py).
//
//   npx tsx scripts/import-kernel-tables.ts [AICONFIGURATOR] [--out DIR]
//
// AICONFIGURATOR is either a checkout (a folder holding aic-core/…/systems/data) or a git directory
// (bare or not), read with `git ls-tree` / `git show HEAD:…`; the commit cited is that HEAD's. Without
// it only the own-measurement file is rewritten. Deterministic: the same input gives byte-identical
// files. Only kernel tables are read: never AIConfigurator's end-to-end sample or benchmark files.
//
// What is kept, and why (the whole of catalog/kernels stays under ~3 MB and loads in milliseconds):
// - Systems with a catalog device: a100_sxm (80 GB), h100_sxm, h200_sxm, b200_sxm, gb200, l40s.
//   (No H20, H800 or Ascend tables exist there; those devices keep the per-family scalar.)
// - One version per (system, table, engine): the newest whose row count is at least half the
//   largest collection's, so a small top-up collection does not hide the full one.
// - GEMM from one engine per system (TensorRT-LLM, else vLLM, else SGLang: all three time the same
//   cuBLAS/CUTLASS/DeepGEMM kernels), dtypes bf16, fp8, fp8-block, nvfp4; m at powers of two
//   1..32768 (the odd m of the source probe wave quantisation, which a planner cannot aim at); n, k
//   at the source's model-shape values from 128 up.
// - Grouped GEMM (MoE): balanced routing only, gated kernels; each row becomes (tokens per local
//   expert = tokens·topk/experts, local experts = experts/ep, hidden, expert width/tp) and the grid
//   point takes the nearest measured expert shape (log distance), scaled by the work ratio.
// - Attention: window 0 (full causal), head dims 64 and 128, query heads 4, 8, 16, 32, 64 and KV heads 1..8
//   (powers of two); context by compute dtype (bf16, fp8 with fp8 KV), decode by KV-cache dtype.
// - MLA kernels (DeepSeek shapes), custom all-reduce (bf16) and NCCL collectives (half precision,
//   bytes as nccl-tests counts them) from every engine that has them.
// - Several kernels timed at one point (FA3 and FA4, graph and eager all-reduce, DeepGEMM and
//   CUTLASS): the fastest, as the engine's own tuner would pick.
// - Rows faster than the device's catalog limit (dense peak FLOP/s, operand/KV bytes at HBM bandwidth,
//   bus bandwidth above the scale-up link) are dropped as measurement artefacts (operands left in L2
//   by the timing loop, kernels that skipped work) and counted in the table's note; SGLang's
//   "trtllm_mha" context rows are left out (they grow linearly with the sequence length).
// Latencies are stored in microseconds with 3 significant digits; holes are filled from a lower
// neighbour scaled by work and every axis is made non-decreasing (see kernel-table-build.ts); each
// table counts its measured and derived points.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { parse } from "yaml";
import { loadDeviceCatalog } from "../src/catalog/devices.ts";
import type { Device } from "../src/hardware/device.ts";
import { buildGrid, type GridSample } from "../src/hardware/kernel-table-build.ts";
import { peakFlopsPerSecond } from "../src/hardware/kernel-table-efficiency.ts";
import {
  type KernelOp,
  type KernelTable,
  type KernelTableFile,
  kernelTableFileSchema,
} from "../src/hardware/kernel-table-schema.ts";
import { KERNEL_OP_FREE_AXES, KERNEL_OP_GROWTH } from "../src/hardware/kernel-table-work.ts";

export const DATA_DIR = "aic-core/src/aiconfigurator_core/systems/data";
const REPOSITORY = "ai-dynamo/aiconfigurator";
const LICENCE = "Apache-2.0";
const OUT_DIR = fileURLToPath(new URL("../catalog/kernels/", import.meta.url));
const MEASURED_FILE = "catalog/measured/nvidia-h100-sxm.yaml";

/** AIConfigurator system folder -> catalog/devices id (a100_sxm is the 80 GB part: its system file
 * gives 80 GiB and 2,039 GB/s). */
export const SYSTEMS: Record<string, string> = {
  a100_sxm: "nvidia-a100-80gb-sxm",
  h100_sxm: "nvidia-h100-sxm",
  h200_sxm: "nvidia-h200-sxm",
  b200_sxm: "nvidia-b200",
  gb200: "nvidia-gb200",
  l40s: "nvidia-l40s",
};
const ENGINES = ["trtllm", "vllm", "sglang"];
const GEMM_DTYPES: Record<string, string> = {
  bfloat16: "bf16",
  fp8: "fp8",
  fp8_block: "fp8-block",
  nvfp4: "nvfp4",
};
const MOE_DTYPES = GEMM_DTYPES;

const pow2 = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let x = lo; x <= hi; x *= 2) out.push(x);
  return out;
};
const GRID = {
  gemmM: pow2(1, 32768),
  gemmNK: [128, 256, 512, 1024, 1536, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 12288, 16384, 65536],
  moeTokens: pow2(1 / 32, 4096),
  moeExperts: [1, 4, 16, 64, 256],
  moeHidden: [2048, 4096, 8192],
  moeInter: pow2(128, 16384),
  batch: pow2(1, 1024),
  contextSeq: pow2(16, 16384),
  kvLength: [16, 64, 256, 1024, 4096, 16384, 65536, 131072],
  heads: [4, 8, 16, 32, 64],
  kvHeads: [1, 2, 4, 8],
  contextKvHeads: [1, 8],
  headDim: [64, 128],
  mlaHeads: pow2(1, 128),
  bytes: pow2(256, 2 ** 30),
  ranks: [2, 4, 8],
};

export type Row = Record<string, string | number>;

const monotoneAxes = (spec: TableSpec) =>
  spec.axes.map((a) => !(KERNEL_OP_FREE_AXES[spec.op] ?? []).includes(a.name));

/** What the importer reads: the data folder's file list, row counts and rows. */
export interface TableReader {
  /** paths relative to the data folder, e.g. h100_sxm/gemm/trtllm/1.3.0rc20/gemm_perf.parquet */
  list(): string[];
  rowCount(path: string): Promise<number>;
  rows(path: string): Promise<Row[]>;
}

export interface Provenance {
  commit: string;
}

/** What no kernel can beat on a device: rows faster than this are measurement errors (a kernel that
 * skipped work, a cache that held the operands) and are dropped, and the table note counts them. */
export interface Limits {
  /** dense peak FLOP/s for a table dtype */
  flopsPerSecond(dtype: string): number | undefined;
  hbmBytesPerSecond: number;
  l2Bytes: number;
  /** per-device scale-up bandwidth, one direction */
  linkBytesPerSecond: number;
}

export function limitsOf(device: Device): Limits {
  return {
    flopsPerSecond: (dtype) => peakFlopsPerSecond(device, dtype),
    hbmBytesPerSecond: (device.memory.bandwidthTBps?.value ?? Number.POSITIVE_INFINITY) * 1e12,
    l2Bytes: (device.l2MB?.value ?? 0) * 1e6,
    linkBytesPerSecond: (device.scaleUp.bandwidthGBps?.value ?? Number.POSITIVE_INFINITY) * 1e9,
  };
}

/** Rows kept and the count dropped as faster than the limit. */
function physical(rows: Row[], secondsAtLimit: (r: Row) => number): { rows: Row[]; dropped: number } {
  const kept = rows.filter((r) => us(r) * 1e-6 >= secondsAtLimit(r));
  return { rows: kept, dropped: rows.length - kept.length };
}
const droppedNote = (n: number) =>
  n > 0 ? `${n} rows faster than the catalog peak FLOP/s or HBM/link bandwidth dropped` : undefined;
const join2 = (...parts: (string | undefined)[]) => parts.filter(Boolean).join("; ") || undefined;

// --- version choice -----------------------------------------------------------------------------

/** Sort key of an engine version: 1.3.0rc20 < 1.3.0 < 0.5.6.post2 ordering by numbers, rc before
 * the release, post after it. */
export function compareVersions(a: string, b: string): number {
  const key = (v: string) => {
    const m = /^(\d+(?:\.\d+)*)(?:(rc|post|\.post)(\d+))?/.exec(v);
    const nums = (m?.[1] ?? "0").split(".").map(Number);
    while (nums.length < 4) nums.push(0);
    const stage = m?.[2] === "rc" ? -1 : m?.[2] ? 1 : 0;
    return [...nums, stage, Number(m?.[3] ?? 0)];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest version whose collection has at least half the rows of the largest one. */
export async function chooseVersion(
  reader: TableReader,
  candidates: { version: string; path: string }[],
): Promise<{ version: string; path: string } | undefined> {
  if (candidates.length === 0) return undefined;
  const counted = await Promise.all(
    candidates.map(async (c) => ({ ...c, n: await reader.rowCount(c.path) })),
  );
  const most = Math.max(...counted.map((c) => c.n));
  const big = counted.filter((c) => c.n >= most / 2).sort((a, b) => compareVersions(a.version, b.version));
  const pick = big[big.length - 1];
  return pick && { version: pick.version, path: pick.path };
}

// --- rows -> tables -----------------------------------------------------------------------------

const num = (r: Row, k: string) => Number(r[k]);
const str = (r: Row, k: string) => String(r[k] ?? "");
/** latency column of the source is milliseconds */
const us = (r: Row) => num(r, "latency") * 1000;

interface TableSpec {
  op: KernelOp;
  dtype: string;
  axes: { name: string; values: number[] }[];
  samples: GridSample[];
  note?: string;
}

function table(
  spec: TableSpec,
  backend: string,
  version: string,
  path: string,
  p: Provenance,
): KernelTable | undefined {
  // every row dropped as unphysical (or none on the grid): no table rather than an invented one
  const onGrid = spec.samples.some((s) => s.at.every((x, d) => spec.axes[d].values.includes(x)));
  if (!onGrid) {
    console.error(`skipped ${path} ${spec.op} ${spec.dtype}: no usable row on the grid`);
    return undefined;
  }
  const growth = spec.axes.map((a) => KERNEL_OP_GROWTH[spec.op][a.name] ?? 1);
  const built = buildGrid(
    spec.axes.map((a) => a.values),
    spec.samples,
    growth,
    monotoneAxes(spec),
  );
  return {
    op: spec.op,
    dtype: spec.dtype,
    backend,
    version,
    pass: "forward",
    ...(spec.note ? { note: spec.note } : {}),
    axes: spec.axes,
    microseconds: built.microseconds,
    measuredPoints: built.measuredPoints,
    derivedPoints: built.derivedPoints,
    raisedPoints: built.raisedPoints,
    source: { repository: REPOSITORY, path: `${DATA_DIR}/${path}`, commit: p.commit, licence: LICENCE },
    confidence: "measured",
  };
}

/** Axis values: the grid's candidates that the rows actually reach (so the grid never claims a
 * range nobody measured); at least the candidate nearest to the data when none falls inside. */
function present(candidates: number[], seen: Iterable<number>): number[] {
  const s = [...seen];
  const lo = Math.min(...s);
  const hi = Math.max(...s);
  const inside = candidates.filter((c) => c >= lo * (1 - 1e-9) && c <= hi * (1 + 1e-9));
  return inside.length > 0
    ? inside
    : [candidates.reduce((a, c) => (Math.abs(c - lo) < Math.abs(a - lo) ? c : a))];
}

function group<T>(rows: T[], key: (r: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function gemmTables(all: Row[], lim: Limits): TableSpec[] {
  const out: TableSpec[] = [];
  for (const [dtype, raw] of group(all, (r) => GEMM_DTYPES[str(r, "gemm_dtype")])) {
    const peak = lim.flopsPerSecond(dtype) ?? Number.POSITIVE_INFINITY;
    const elt = dtype === "bf16" ? 2 : dtype === "nvfp4" ? 0.5 : 1;
    // operands read once from HBM (a layer's weights are not in L2 when its GEMM runs; a benchmark
    // loop that keeps them there times something a model never sees), bf16 output written
    const bound = (r: Row) => {
      const [m, n, k] = [num(r, "m"), num(r, "n"), num(r, "k")];
      return Math.max((2 * m * n * k) / peak, ((m * k + n * k) * elt + 2 * m * n) / lim.hbmBytesPerSecond);
    };
    const { rows: rs, dropped } = physical(raw, bound);
    const axes = [
      { name: "m", values: present(GRID.gemmM, new Set(rs.map((r) => num(r, "m")))) },
      { name: "n", values: present(GRID.gemmNK, new Set(rs.map((r) => num(r, "n")))) },
      { name: "k", values: present(GRID.gemmNK, new Set(rs.map((r) => num(r, "k")))) },
    ];
    const samples = rs.map((r) => ({ at: [num(r, "m"), num(r, "n"), num(r, "k")], microseconds: us(r) }));
    out.push({ op: "gemm", dtype, axes, samples, note: droppedNote(dropped) });
  }
  return out;
}

function moeTables(rows: Row[], lim: Limits): TableSpec[] {
  const out: TableSpec[] = [];
  const usable = rows.filter(
    (r) =>
      str(r, "distribution") === "balanced" &&
      !str(r, "kernel_source").includes("nongated") &&
      num(r, "num_experts") % num(r, "moe_ep_size") === 0 &&
      num(r, "inter_size") % num(r, "moe_tp_size") === 0,
  );
  for (const [dtype, raw] of group(usable, (r) => MOE_DTYPES[str(r, "moe_dtype")])) {
    const peak = lim.flopsPerSecond(dtype) ?? Number.POSITIVE_INFINITY;
    // routed tokens on this device · 3 GEMMs of 2·hidden·(inter/tp)
    const flops = (r: Row) =>
      (6 * num(r, "num_tokens") * num(r, "topk") * num(r, "hidden_size") * num(r, "inter_size")) /
      (num(r, "moe_ep_size") * num(r, "moe_tp_size"));
    const elt = dtype === "bf16" ? 2 : dtype === "nvfp4" ? 0.5 : 1;
    // the weights of the experts that receive a token, read once
    const bytes = (r: Row) =>
      Math.min(
        num(r, "num_experts") / num(r, "moe_ep_size"),
        (num(r, "num_tokens") * num(r, "topk")) / num(r, "moe_ep_size"),
      ) *
      3 *
      num(r, "hidden_size") *
      (num(r, "inter_size") / num(r, "moe_tp_size")) *
      elt;
    const { rows: rs, dropped } = physical(raw, (r) =>
      Math.max(flops(r) / peak, bytes(r) / lim.hbmBytesPerSecond),
    );
    // one latency curve over tokens per local expert for each (hidden, expert width, local experts)
    const curves = new Map<string, { shape: number[]; points: Map<number, number> }>();
    for (const r of rs) {
      const shape = [
        num(r, "hidden_size"),
        num(r, "inter_size") / num(r, "moe_tp_size"),
        num(r, "num_experts") / num(r, "moe_ep_size"),
      ];
      const key = shape.join(",");
      const t = (num(r, "num_tokens") * num(r, "topk")) / num(r, "num_experts");
      const c = curves.get(key) ?? { shape, points: new Map<number, number>() };
      curves.set(key, c);
      const prev = c.points.get(t);
      if (prev === undefined || us(r) < prev) c.points.set(t, us(r));
    }
    const shapes = [...curves.values()].sort((a, b) => a.shape.join(",").localeCompare(b.shape.join(",")));
    const axes = [
      { name: "tokensPerExpert", values: GRID.moeTokens },
      { name: "experts", values: GRID.moeExperts },
      { name: "hidden", values: GRID.moeHidden },
      { name: "inter", values: GRID.moeInter },
    ];
    const samples: GridSample[] = [];
    let exact = 0;
    for (const e of GRID.moeExperts)
      for (const h of GRID.moeHidden)
        for (const i of GRID.moeInter) {
          const target = [h, i, e];
          const dist = (s: number[]) => s.reduce((d, x, j) => d + Math.abs(Math.log(x / target[j])), 0);
          let best = shapes[0];
          for (const s of shapes) if (dist(s.shape) < dist(best.shape) - 1e-12) best = s;
          const scale = (h * i * e) / (best.shape[0] * best.shape[1] * best.shape[2]);
          if (dist(best.shape) === 0) exact++;
          const ts = [...best.points.keys()].sort((a, b) => a - b);
          const exactShape = dist(best.shape) === 0;
          for (const t of GRID.moeTokens)
            samples.push({
              at: [t, e, h, i],
              microseconds: curveAt(ts, best.points, t) * scale,
              derived: !(exactShape && best.points.has(t)),
            });
        }
    out.push({
      op: "grouped-gemm",
      dtype,
      axes,
      samples,
      note: join2(
        `resampled from ${shapes.length} measured expert shapes (${exact} grid shapes measured exactly); balanced routing`,
        droppedNote(dropped),
      ),
    });
  }
  return out;
}

/** Log-log interpolation along one measured curve; flat below its first point, linear in tokens above. */
function curveAt(ts: number[], points: Map<number, number>, t: number): number {
  if (t <= ts[0]) return points.get(ts[0])!;
  const last = ts[ts.length - 1];
  if (t >= last) return points.get(last)! * (t / last);
  let i = 0;
  while (ts[i + 1] < t) i++;
  const a = points.get(ts[i])!;
  const b = points.get(ts[i + 1])!;
  const f = Math.log(t / ts[i]) / Math.log(ts[i + 1] / ts[i]);
  return Math.exp(Math.log(a) + f * Math.log(Math.max(a, b) / a));
}

function attentionTables(rows: Row[], phase: "context" | "generation", lim: Limits): TableSpec[] {
  const out: TableSpec[] = [];
  // SGLang's "trtllm_mha" context rows grow linearly with the sequence (0.04, 0.07, 0.13 ms at 4k,
  // 8k, 16k tokens on B200): not a causal prefill of that length, so they are left out
  const full = rows.filter(
    (r) =>
      num(r, "window_size") === 0 &&
      (!("beam_width" in r) || num(r, "beam_width") <= 1) &&
      !(phase === "context" && str(r, "framework") === "SGLang" && str(r, "kernel_source") === "trtllm_mha"),
  );
  const dtypeOf = (r: Row): string | undefined => {
    const a = str(r, "attn_dtype");
    const kv = str(r, "kv_cache_dtype");
    if (phase === "context")
      return a === "bfloat16" && kv === "bfloat16" ? "bf16" : a === "fp8" && kv === "fp8" ? "fp8" : undefined;
    return a === "bfloat16" ? (kv === "bfloat16" ? "bf16" : kv === "fp8" ? "fp8" : undefined) : undefined;
  };
  const op = phase === "context" ? "context-attention" : "generation-attention";
  const lengthName = phase === "context" ? "seq" : "kvLength";
  const length = (r: Row) => (phase === "context" ? num(r, "isl") : num(r, "isl") + num(r, "step"));
  for (const [dtype, raw] of group(full, dtypeOf)) {
    // context: causal FLOPs at the compute dtype's peak; decode: the KV bytes at HBM bandwidth (a
    // layer's KV is read once per step in a model; L2 reuse between timed repetitions is not real)
    const peak = lim.flopsPerSecond(dtype) ?? Number.POSITIVE_INFINITY;
    const elt = dtype === "fp8" ? 1 : 2;
    const bound = (r: Row) => {
      const [b, h, kv, d] = [
        num(r, "batch_size"),
        num(r, "num_heads"),
        num(r, "num_key_value_heads"),
        num(r, "head_dim"),
      ];
      if (phase === "context") return (2 * b * h * length(r) ** 2 * d) / peak;
      return (2 * b * length(r) * kv * d * elt) / lim.hbmBytesPerSecond;
    };
    const { rows: rs, dropped } = physical(raw, bound);
    const kvGrid = phase === "context" ? GRID.contextKvHeads : GRID.kvHeads;
    const inGrid = rs.filter((r) => kvGrid.includes(num(r, "num_key_value_heads")));
    if (inGrid.length === 0) continue;
    const axes = [
      { name: "batch", values: present(GRID.batch, new Set(inGrid.map((r) => num(r, "batch_size")))) },
      {
        name: lengthName,
        values: present(phase === "context" ? GRID.contextSeq : GRID.kvLength, new Set(inGrid.map(length))),
      },
      { name: "heads", values: present(GRID.heads, new Set(inGrid.map((r) => num(r, "num_heads")))) },
      { name: "kvHeads", values: present(kvGrid, new Set(inGrid.map((r) => num(r, "num_key_value_heads")))) },
      { name: "headDim", values: present(GRID.headDim, new Set(inGrid.map((r) => num(r, "head_dim")))) },
    ];
    const samples = inGrid.map((r) => ({
      at: [
        num(r, "batch_size"),
        length(r),
        num(r, "num_heads"),
        num(r, "num_key_value_heads"),
        num(r, "head_dim"),
      ],
      microseconds: us(r),
    }));
    out.push({ op, dtype, axes, samples, note: droppedNote(dropped) });
  }
  return out;
}

function mlaTables(all: Row[], phase: "context" | "generation", lim: Limits): TableSpec[] {
  const out: TableSpec[] = [];
  const length = (r: Row) => (phase === "context" ? num(r, "isl") : num(r, "isl") + num(r, "step"));
  const dtypeOf = (r: Row) =>
    str(r, "mla_dtype") === "bfloat16"
      ? ({ bfloat16: "bf16", fp8: "fp8" } as Record<string, string>)[str(r, "kv_cache_dtype")]
      : undefined;
  for (const [dtype, raw] of group(all, dtypeOf)) {
    // context MLA: causal QKᵀ over 192 dims and PV over 128 per head, at the bf16 peak
    const peak = lim.flopsPerSecond("bf16") ?? Number.POSITIVE_INFINITY;
    const bound = (r: Row) =>
      phase === "context" ? (num(r, "batch_size") * num(r, "num_heads") * length(r) ** 2 * 320) / peak : 0;
    const { rows: rs, dropped } = physical(raw, bound);
    const axes = [
      { name: "batch", values: present(GRID.batch, new Set(rs.map((r) => num(r, "batch_size")))) },
      {
        name: phase === "context" ? "seq" : "kvLength",
        values: present(phase === "context" ? GRID.contextSeq : GRID.kvLength, new Set(rs.map(length))),
      },
      { name: "heads", values: present(GRID.mlaHeads, new Set(rs.map((r) => num(r, "num_heads")))) },
    ];
    const samples = rs.map((r) => ({
      at: [num(r, "batch_size"), length(r), num(r, "num_heads")],
      microseconds: us(r),
    }));
    out.push({
      op: phase === "context" ? "context-mla" : "generation-mla",
      dtype,
      axes,
      samples,
      note: droppedNote(dropped),
    });
  }
  return out;
}

function allReduceTables(rows: Row[], lim: Limits): TableSpec[] {
  const rs = rows.filter((r) => str(r, "allreduce_dtype") === "bfloat16");
  if (rs.length === 0) return [];
  const bytes = (r: Row) => num(r, "message_size") * 2; // elements of bf16
  return [collectiveSpec("custom-all-reduce", "bf16", rs, bytes, lim)];
}

const NCCL_OPS: Record<string, KernelOp> = {
  all_reduce: "nccl-all-reduce",
  all_gather: "nccl-all-gather",
  reduce_scatter: "nccl-reduce-scatter",
  alltoall: "nccl-all-to-all",
};

function ncclTables(rows: Row[], lim: Limits): TableSpec[] {
  const half = rows.filter((r) => str(r, "nccl_dtype") === "half");
  const bytes = (r: Row) => num(r, "message_size") * 2; // the collector stores bytes / 2 for half
  return [...group(half, (r) => NCCL_OPS[str(r, "op_name")])].map(([op, rs]) =>
    collectiveSpec(op as KernelOp, "fp16", rs, bytes, lim),
  );
}

function collectiveSpec(
  op: KernelOp,
  dtype: string,
  raw: Row[],
  bytes: (r: Row) => number,
  lim: Limits,
): TableSpec {
  // nccl-tests' bus bandwidth may not exceed the device's one-direction scale-up link
  const busFactor = (n: number) => (op.endsWith("all-reduce") ? (2 * (n - 1)) / n : (n - 1) / n);
  const { rows: rs, dropped } = physical(
    raw,
    (r) => (bytes(r) * busFactor(num(r, "num_gpus"))) / lim.linkBytesPerSecond,
  );
  const axes = [
    { name: "bytes", values: present(GRID.bytes, new Set(rs.map(bytes))) },
    { name: "ranks", values: present(GRID.ranks, new Set(rs.map((r) => num(r, "num_gpus")))) },
  ];
  const samples = rs.map((r) => ({ at: [bytes(r), num(r, "num_gpus")], microseconds: us(r) }));
  return { op, dtype, axes, samples, note: droppedNote(dropped) };
}

/** Which source file feeds which reducer: family folder, file name, engines, reducer. */
const FAMILIES: {
  family: string;
  file: string;
  engines: string[];
  reduce: (rows: Row[], lim: Limits) => TableSpec[];
}[] = [
  { family: "gemm", file: "gemm_perf.parquet", engines: ["first"], reduce: gemmTables },
  { family: "moe", file: "moe_perf.parquet", engines: ENGINES, reduce: moeTables },
  {
    family: "attention",
    file: "context_attention_perf.parquet",
    engines: ENGINES,
    reduce: (r, l) => attentionTables(r, "context", l),
  },
  {
    family: "attention",
    file: "generation_attention_perf.parquet",
    engines: ENGINES,
    reduce: (r, l) => attentionTables(r, "generation", l),
  },
  {
    family: "mla",
    file: "context_mla_perf.parquet",
    engines: ENGINES,
    reduce: (r, l) => mlaTables(r, "context", l),
  },
  {
    family: "mla",
    file: "generation_mla_perf.parquet",
    engines: ENGINES,
    reduce: (r, l) => mlaTables(r, "generation", l),
  },
  { family: "comm", file: "custom_allreduce_perf.parquet", engines: ENGINES, reduce: allReduceTables },
  { family: "comm", file: "nccl_perf.parquet", engines: ["nccl"], reduce: ncclTables },
];

/** Every table of every mapped system, in a fixed order. */
export async function importAiconfigurator(
  reader: TableReader,
  p: Provenance,
  limits: (device: string) => Limits,
): Promise<KernelTableFile[]> {
  const files = reader.list();
  const files2: KernelTableFile[] = [];
  for (const system of Object.keys(SYSTEMS).sort()) {
    const tables: KernelTable[] = [];
    for (const fam of FAMILIES) {
      const engines = fam.engines[0] === "first" ? ENGINES : fam.engines;
      for (const engine of engines) {
        const prefix = `${system}/${fam.family}/${engine}/`;
        const candidates = files
          .filter((f) => f.startsWith(prefix) && f.endsWith(`/${fam.file}`))
          .map((f) => ({ version: f.slice(prefix.length).split("/")[0], path: f }));
        const pick = await chooseVersion(reader, candidates);
        if (!pick) continue;
        for (const spec of fam.reduce(await reader.rows(pick.path), limits(SYSTEMS[system]))) {
          const t = table(spec, engine, pick.version, pick.path, p);
          if (t) tables.push(t);
        }
        if (fam.engines[0] === "first") break;
      }
    }
    if (tables.length > 0)
      files2.push({
        schema: "xpuplan-kernel-tables/1",
        device: SYSTEMS[system],
        note: `NVIDIA AIConfigurator system "${system}", reduced by scripts/import-kernel-tables.ts`,
        tables,
      });
  }
  return files2;
}

// --- this project's own H100 measurements ------------------------------------------------------

interface MeasuredYaml {
  source: { date: string; software: Record<string, unknown> };
  gemm: Record<string, { m: number; n: number; k: number; us: number; shape: string }[]>;
  hbm: { op: string; bytes: number; us: number }[];
  attention: {
    phase: string;
    backend: string;
    batch: number;
    heads: number;
    seq: number;
    headDim: number;
    fwdUs?: number;
    fwdBwdUs?: number;
  }[];
}

/** Own measurements in table form where they make a grid: GEMM per projection shape (m varies),
 * HBM copy and read by size, SDPA prefill (flash and cuDNN kernels, forward and forward+backward). */
export function importMeasured(text: string, path: string): KernelTableFile {
  const y = parse(text) as MeasuredYaml;
  const software = y.source.software as { torch?: string };
  const version = `torch ${software.torch ?? "?"}`;
  const source = { path, method: "measured by scripts/gpu/measure_h100.py" };
  const tables: KernelTable[] = [];
  const push = (spec: TableSpec, backend: string, pass: KernelTable["pass"] = "forward") => {
    const growth = spec.axes.map((a) => KERNEL_OP_GROWTH[spec.op][a.name] ?? 1);
    const b = buildGrid(
      spec.axes.map((a) => a.values),
      spec.samples,
      growth,
      monotoneAxes(spec),
    );
    tables.push({
      op: spec.op,
      dtype: spec.dtype,
      backend,
      version,
      pass,
      ...(spec.note ? { note: spec.note } : {}),
      axes: spec.axes,
      microseconds: b.microseconds,
      measuredPoints: b.measuredPoints,
      derivedPoints: b.derivedPoints,
      raisedPoints: b.raisedPoints,
      source,
      confidence: "measured",
    });
  };
  for (const dtype of ["bf16", "fp8"]) {
    const rows = (y.gemm[dtype] ?? []).filter((r) => r.shape === "projection");
    for (const [nk, rs] of group(
      rows,
      (r) => `${String(r.n).padStart(6, "0")},${String(r.k).padStart(6, "0")}`,
    )) {
      const [n, k] = nk.split(",").map(Number);
      const axes = [
        { name: "m", values: [...new Set(rs.map((r) => r.m))].sort((a, b) => a - b) },
        { name: "n", values: [n] },
        { name: "k", values: [k] },
      ];
      push(
        {
          op: "gemm",
          dtype,
          axes,
          samples: rs.map((r) => ({ at: [r.m, n, k], microseconds: r.us })),
          note: "eager PyTorch (cuBLASLt): m ≤ 512 sits at the ~20 µs host dispatch floor of eager mode",
        },
        "pytorch",
      );
    }
  }
  for (const op of ["copy", "read"] as const) {
    const rs = y.hbm.filter((r) => r.op === op);
    push(
      {
        op: op === "copy" ? "memory-copy" : "memory-read",
        dtype: "bytes",
        axes: [{ name: "bytes", values: rs.map((r) => r.bytes).sort((a, b) => a - b) }],
        samples: rs.map((r) => ({ at: [r.bytes], microseconds: r.us })),
      },
      "pytorch",
    );
  }
  const prefill = y.attention.filter((r) => r.phase === "prefill");
  for (const [kernel, rs] of group(prefill, (r) => r.backend)) {
    const axes = [
      { name: "batch", values: [...new Set(rs.map((r) => r.batch))].sort((a, b) => a - b) },
      { name: "seq", values: [...new Set(rs.map((r) => r.seq))].sort((a, b) => a - b) },
      { name: "heads", values: [...new Set(rs.map((r) => r.heads))].sort((a, b) => a - b) },
      { name: "headDim", values: [...new Set(rs.map((r) => r.headDim))].sort((a, b) => a - b) },
    ];
    for (const pass of ["forward", "forward-backward"] as const) {
      const samples = rs
        .map((r) => ({
          at: [r.batch, r.seq, r.heads, r.headDim],
          microseconds: (pass === "forward" ? r.fwdUs : r.fwdBwdUs) ?? 0,
        }))
        .filter((s) => s.microseconds > 0);
      push(
        {
          op: "context-attention",
          dtype: "bf16",
          axes,
          samples,
          note: `PyTorch SDPA, ${kernel} kernel, causal, MHA`,
        },
        `pytorch-sdpa-${kernel}`,
        pass,
      );
    }
  }
  return {
    schema: "xpuplan-kernel-tables/1",
    device: "nvidia-h100-sxm",
    note: `this project's measurements of ${y.source.date} (${path}), one H100 SXM 80GB, eager PyTorch`,
    tables,
  };
}

// --- reading the source ---------------------------------------------------------------------------

/** A checkout folder or a git directory. */
export function openAiconfigurator(root: string): { reader: TableReader; commit: string } {
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", root, ...args], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  const folder = join(root, DATA_DIR);
  const isFolder = existsSync(folder);
  let commit: string;
  try {
    commit = git("rev-parse", "HEAD").toString().trim();
  } catch {
    throw new Error(`${root}: not a git checkout or git directory (the commit to cite comes from its HEAD)`);
  }
  const cache = new Map<string, ArrayBuffer>();
  const bytes = (path: string): ArrayBuffer => {
    let b = cache.get(path);
    if (!b) {
      const buf = isFolder ? readFileSync(join(folder, path)) : git("show", `HEAD:${DATA_DIR}/${path}`);
      b = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      cache.set(path, b);
    }
    return b;
  };
  const list = (): string[] => {
    if (isFolder) {
      const out: string[] = [];
      const walk = (rel: string) => {
        for (const e of readdirSync(join(folder, rel), { withFileTypes: true })) {
          const p = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walk(p);
          else out.push(p);
        }
      };
      walk("");
      return out.sort();
    }
    return git("ls-tree", "-r", "--name-only", "HEAD", `${DATA_DIR}/`)
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(DATA_DIR.length + 1))
      .sort();
  };
  const reader: TableReader = {
    list,
    rowCount: async (path) => Number(parquetMetadata(bytes(path)).num_rows),
    rows: async (path) => {
      const rows = (await parquetReadObjects({ file: bytes(path), compressors })) as Record<
        string,
        unknown
      >[];
      return rows.map((r) => {
        const o: Row = {};
        for (const [k, v] of Object.entries(r))
          o[k] = typeof v === "bigint" ? Number(v) : (v as string | number);
        return o;
      });
    },
  };
  return { reader, commit };
}

/** One table per line, so a diff shows which table changed. */
export function serialise(file: KernelTableFile): string {
  const head = { schema: file.schema, device: file.device, ...(file.note ? { note: file.note } : {}) };
  const top = JSON.stringify(head, null, 2).slice(0, -2);
  const tables = file.tables.map((t) => `    ${JSON.stringify(t)}`).join(",\n");
  return `${top},\n  "tables": [\n${tables}\n  ]\n}\n`;
}

function write(dir: string, name: string, file: KernelTableFile): void {
  const checked = kernelTableFileSchema.parse(file);
  const target = join(dir, name);
  const text = serialise(checked);
  if (existsSync(target) && readFileSync(target, "utf8") === text) return;
  writeFileSync(target, text);
  console.log(`wrote ${target} (${checked.tables.length} tables, ${(text.length / 1024).toFixed(0)} KiB)`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? resolve(args[outAt + 1]) : OUT_DIR;
  const source = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
  mkdirSync(out, { recursive: true });
  const repoRoot = fileURLToPath(new URL("../", import.meta.url));
  write(
    out,
    "nvidia-h100-sxm.measured.json",
    importMeasured(readFileSync(join(repoRoot, MEASURED_FILE), "utf8"), MEASURED_FILE),
  );
  if (!source) return;
  const { reader, commit } = openAiconfigurator(resolve(source));
  const devices = loadDeviceCatalog();
  const limits = (id: string) => {
    const d = devices.find((x) => x.id === id);
    if (!d) throw new Error(`catalog/devices has no ${id}`);
    return limitsOf(d);
  };
  for (const f of await importAiconfigurator(reader, { commit }, limits))
    write(out, `${f.device}.aiconfigurator.json`, f);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(2);
  });
}
