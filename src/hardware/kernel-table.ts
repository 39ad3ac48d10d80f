// Kernel latency from measured tables (catalog/kernels, see docs/kernel-tables.md): pick the table for
// an op, dtype and engine on one device, then interpolate it (kernel-table-interp.ts). Each answer
// names its table, so a caller can say "measured table" rather than "prior"; undefined means no table
// covers the op and dtype on this device and the caller keeps its prior (the per-family scalar).
import { ln } from "../portable-math.ts";
import { type AxisGrowth, type GridValue, gridMicroseconds } from "./kernel-table-interp.ts";
import type { DeviceKernelTables, KernelOp, KernelTable, KernelTableSource } from "./kernel-table-schema.ts";
import { KERNEL_OP_GROWTH } from "./kernel-table-work.ts";

export interface KernelTableRef {
  device: string;
  op: KernelOp;
  dtype: string;
  backend: string;
  version: string;
  pass: "forward" | "forward-backward";
  confidence: "measured";
  source: KernelTableSource;
}

export interface KernelEstimate {
  seconds: number;
  table: KernelTableRef;
  /** the query lay outside the measured grid on some axis: clamped below, scaled by work above */
  outside: boolean;
}

export interface KernelPick {
  /** the engine whose table to prefer (trtllm, vllm, sglang, pytorch, …); others are used when it
   * has none for the op and dtype, and the answer says which was used */
  backend?: string;
  pass?: "forward" | "forward-backward";
  /** take the fastest table of the best-matching dtype whatever its engine: for GEMM and grouped
   * GEMM, whose kernel libraries (cuBLAS, CUTLASS, DeepGEMM) every engine can call, one engine's
   * table can time a fallback kernel (SGLang 0.5.14's block-FP8 grouped GEMM on GB200 reaches
   * 20 TFLOP/s where TensorRT-LLM's reaches 900 TFLOP/s at the same shape) */
  fastest?: boolean;
}

/** Engines in order of preference when none is asked for: the serving engines' tables are the
 * complete grids; this project's eager-PyTorch tables only cover the shapes it measured. */
const BACKEND_ORDER = ["trtllm", "vllm", "sglang", "nccl"];

const rank = (backend: string, want?: string) => {
  if (backend === want) return -1;
  const i = BACKEND_ORDER.indexOf(backend);
  return i < 0 ? BACKEND_ORDER.length : i;
};

/** How far a point lies outside a table's grid, in summed |log| steps (0 inside). */
function outsideDistance(t: KernelTable, point: Record<string, number>): number {
  let d = 0;
  for (const a of t.axes) {
    const x = point[a.name];
    const lo = a.values[0];
    const hi = a.values[a.values.length - 1];
    if (x < lo) d += ln(lo / x);
    else if (x > hi) d += ln(x / hi);
  }
  return d;
}

interface Candidate {
  t: KernelTable;
  rank: number;
  dtype: number;
}

/** The tables that can answer (op, dtypes, pass) on a device, in order of preference (engine, then
 * dtype, then catalog order); memoised per table set, since a serving simulation asks thousands
 * of times. */
const candidateMemo = new WeakMap<DeviceKernelTables, Map<string, Candidate[]>>();

function candidatesOf(
  set: DeviceKernelTables,
  op: KernelOp,
  dtypes: readonly string[] | undefined,
  pass: string,
  backend: string | undefined,
): Candidate[] {
  let bySet = candidateMemo.get(set);
  if (!bySet) {
    bySet = new Map();
    candidateMemo.set(set, bySet);
  }
  const key = `${op}|${dtypes?.join(",") ?? "*"}|${pass}|${backend ?? ""}`;
  let list = bySet.get(key);
  if (!list) {
    list = set.tables
      .filter((t) => t.op === op && t.pass === pass && (dtypes === undefined || dtypes.includes(t.dtype)))
      .map((t) => ({ t, rank: rank(t.backend, backend), dtype: dtypes ? dtypes.indexOf(t.dtype) : 0 }))
      .sort((a, b) => a.rank - b.rank || a.dtype - b.dtype);
    bySet.set(key, list);
  }
  return list;
}

function lookup(
  set: DeviceKernelTables | undefined,
  op: KernelOp,
  dtypes: readonly string[] | undefined,
  point: Record<string, number>,
  pick: KernelPick = {},
): KernelEstimate | undefined {
  if (!set) return undefined;
  const list = candidatesOf(set, op, dtypes, pick.pass ?? "forward", pick.backend);
  if (list.length === 0) return undefined;
  const growth: Record<string, AxisGrowth> = KERNEL_OP_GROWTH[op];
  let t: KernelTable;
  let v: GridValue;
  if (pick.fastest) {
    // the best-matching dtype any engine has, then the fastest engine's table of it
    let best = Number.POSITIVE_INFINITY;
    for (const c of list) best = Math.min(best, c.dtype);
    t = list[0].t;
    v = { microseconds: Number.POSITIVE_INFINITY, outside: false };
    for (const c of list) {
      if (c.dtype !== best) continue;
      const w = gridMicroseconds(c.t, point, growth);
      if (w.microseconds < v.microseconds) {
        t = c.t;
        v = w;
      }
    }
  } else {
    // the preferred engine and dtype; among its tables, the one whose grid covers the point best
    const first = list[0];
    t = first.t;
    let d = Number.POSITIVE_INFINITY;
    for (const c of list) {
      if (c.rank !== first.rank || c.dtype !== first.dtype) break;
      const cd = outsideDistance(c.t, point);
      if (cd < d) {
        d = cd;
        t = c.t;
      }
    }
    v = gridMicroseconds(t, point, growth);
  }
  return {
    seconds: v.microseconds * 1e-6,
    outside: v.outside,
    table: {
      device: set.device,
      op,
      dtype: t.dtype,
      backend: t.backend,
      version: t.version,
      pass: t.pass,
      confidence: t.confidence,
      source: t.source,
    },
  };
}

/** Table dtypes that can stand for a requested operand dtype, best first. */
function operandDtypes(dtype: string): string[] {
  if (dtype === "bf16" || dtype === "fp16") return ["bf16"];
  if (dtype === "fp8") return ["fp8", "fp8-block"];
  if (dtype === "fp8-block" || dtype === "mxfp8") return ["fp8-block", "fp8"];
  if (dtype === "fp4" || dtype === "nvfp4") return ["nvfp4"];
  return [dtype];
}

export function gemmSeconds(
  set: DeviceKernelTables | undefined,
  q: { m: number; n: number; k: number; dtype: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  return lookup(set, "gemm", operandDtypes(q.dtype), { m: q.m, n: q.n, k: q.k }, pick);
}

/** One MoE layer's expert FFNs on one device: `tokensPerExpert` routed tokens (tokens·topK / all
 * experts under balanced routing) on each of `experts` local experts of width `inter` (already
 * divided by expert tensor parallelism). */
export function groupedGemmSeconds(
  set: DeviceKernelTables | undefined,
  q: { tokensPerExpert: number; experts: number; hidden: number; inter: number; dtype: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const { tokensPerExpert, experts, hidden, inter } = q;
  return lookup(
    set,
    "grouped-gemm",
    operandDtypes(q.dtype),
    { tokensPerExpert, experts, hidden, inter },
    pick,
  );
}

/** Causal prefill attention of `batch` sequences of `seq` tokens; dtype is the compute dtype. */
export function contextAttentionSeconds(
  set: DeviceKernelTables | undefined,
  q: { batch: number; seq: number; heads: number; kvHeads: number; headDim: number; dtype?: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const dtypes = q.dtype === "fp8" ? ["fp8", "bf16"] : ["bf16"];
  const { batch, seq, heads, kvHeads, headDim } = q;
  return lookup(set, "context-attention", dtypes, { batch, seq, heads, kvHeads, headDim }, pick);
}

/** One decode step's attention: `batch` sequences, one new token each, over `kvLength` cached
 * tokens; kvDtype is the KV-cache dtype (bf16 or fp8). */
export function generationAttentionSeconds(
  set: DeviceKernelTables | undefined,
  q: { batch: number; kvLength: number; heads: number; kvHeads: number; headDim: number; kvDtype?: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const dtypes = q.kvDtype === "fp8" ? ["fp8", "bf16"] : ["bf16"];
  const { batch, kvLength, heads, kvHeads, headDim } = q;
  return lookup(set, "generation-attention", dtypes, { batch, kvLength, heads, kvHeads, headDim }, pick);
}

/** MLA attention kernels (DeepSeek-V2/V3 shapes), `heads` on this device. */
export function contextMlaSeconds(
  set: DeviceKernelTables | undefined,
  q: { batch: number; seq: number; heads: number; kvDtype?: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const dtypes = q.kvDtype === "fp8" ? ["fp8", "bf16"] : ["bf16"];
  return lookup(set, "context-mla", dtypes, { batch: q.batch, seq: q.seq, heads: q.heads }, pick);
}

export function generationMlaSeconds(
  set: DeviceKernelTables | undefined,
  q: { batch: number; kvLength: number; heads: number; kvDtype?: string },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const dtypes = q.kvDtype === "fp8" ? ["fp8", "bf16"] : ["bf16"];
  return lookup(
    set,
    "generation-mla",
    dtypes,
    { batch: q.batch, kvLength: q.kvLength, heads: q.heads },
    pick,
  );
}

export type CollectiveKind = "all-reduce" | "all-gather" | "reduce-scatter" | "all-to-all";

/** NCCL collective of `bytes` (the whole buffer per rank, as nccl-tests counts) over `ranks`. */
export function collectiveSeconds(
  set: DeviceKernelTables | undefined,
  q: { kind: CollectiveKind; bytes: number; ranks: number },
  pick?: KernelPick,
): KernelEstimate | undefined {
  const op = `nccl-${q.kind}` as KernelOp;
  if (q.ranks <= 1) return zeroCost(set, op, pick);
  return lookup(set, op, undefined, { bytes: q.bytes, ranks: q.ranks }, pick);
}

/** Tensor-parallel all-reduce inside one NVLink domain: the engine's custom kernel where measured
 * (what TensorRT-LLM, vLLM and SGLang run for small messages), else NCCL's. */
export function allReduceSeconds(
  set: DeviceKernelTables | undefined,
  q: { bytes: number; ranks: number },
  pick?: KernelPick,
): KernelEstimate | undefined {
  if (q.ranks <= 1) return zeroCost(set, "custom-all-reduce", pick) ?? zeroCost(set, "nccl-all-reduce", pick);
  return (
    lookup(set, "custom-all-reduce", undefined, { bytes: q.bytes, ranks: q.ranks }, pick) ??
    collectiveSeconds(set, { kind: "all-reduce", bytes: q.bytes, ranks: q.ranks }, pick)
  );
}

/** HBM streaming: a copy of `bytes` (read and write) or a read-only pass over them. */
export function memorySeconds(
  set: DeviceKernelTables | undefined,
  q: { kind: "copy" | "read"; bytes: number },
  pick?: KernelPick,
): KernelEstimate | undefined {
  return lookup(set, q.kind === "copy" ? "memory-copy" : "memory-read", undefined, { bytes: q.bytes }, pick);
}

/** A collective over one rank moves nothing; still name the table that would have answered. */
function zeroCost(set: DeviceKernelTables | undefined, op: KernelOp, pick?: KernelPick) {
  const any = lookup(set, op, undefined, { bytes: 1, ranks: 2 }, pick);
  return any && { ...any, seconds: 0, outside: false };
}
