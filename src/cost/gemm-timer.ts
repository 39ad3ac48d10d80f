// The time of a matmul on a device: from the measured kernel tables where the device has them
// (catalog/kernels: the shape dependence, wave quantisation and small-M memory-boundness as
// measured), scaled to the family's sustained large-GEMM efficiency (catalog/calibration.yaml
// gemm.<dtype>.max, fitted on training runs: clocks under a sustained power cap and framework
// effects the kernel benchmarks do not see); elsewhere the roofline with that efficiency and a
// fixed per-kernel cost (src/hardware/roofline.ts). Either way the answer says which it used.

import { gemmSeconds, groupedGemmSeconds } from "../hardware/kernel-table.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Engine, matmulSeconds } from "../hardware/roofline.ts";

export interface GemmTimer {
  engine: Engine;
  tables?: DeviceKernelTables;
  /** the table dtype the matmuls run at (bf16, fp8, fp8-block, nvfp4) */
  tableDtype: string;
  /** table seconds × scale = seconds: the table's reference efficiency over the family's */
  scale: number;
}

/** A square GEMM large enough to reach a device's sustained efficiency: the reference shape. */
export const REFERENCE_GEMM = 8192;

const refCache = new WeakMap<DeviceKernelTables, Map<string, number>>();

/** The table's achieved FLOP/s at the reference shape, or undefined without a table. */
export function referenceFlopsPerSecond(
  tables: DeviceKernelTables | undefined,
  dtype: string,
): number | undefined {
  if (!tables) return undefined;
  let byDtype = refCache.get(tables);
  if (!byDtype) {
    byDtype = new Map();
    refCache.set(tables, byDtype);
  }
  const hit = byDtype.get(dtype);
  if (hit !== undefined) return hit;
  const n = REFERENCE_GEMM;
  const est = gemmSeconds(tables, { m: n, n, k: n, dtype });
  const v = est ? (2 * n * n * n) / est.seconds : Number.NaN;
  byDtype.set(dtype, v);
  return Number.isFinite(v) ? v : undefined;
}

/** A timer for matmuls at `tableDtype` on `engine`'s device; tables are used when they cover the dtype. */
export function gemmTimer(
  engine: Engine,
  tables: DeviceKernelTables | undefined,
  tableDtype: string,
): GemmTimer {
  const ref = referenceFlopsPerSecond(tables, tableDtype);
  if (ref === undefined) return { engine, tableDtype, scale: 1 };
  return { engine, tables, tableDtype, scale: ref / engine.matmulFlopsPerSecond };
}

/** Seconds of `count` m×k by k×n matmuls (each its own kernel). */
export function timeGemm(t: GemmTimer, m: number, k: number, n: number, bytes: number, count = 1): number {
  if (m <= 0 || k <= 0 || n <= 0 || count <= 0) return 0;
  if (t.tables) {
    const est = gemmSeconds(t.tables, { m, n, k, dtype: t.tableDtype });
    if (est) return count * est.seconds * t.scale;
  }
  return matmulSeconds(t.engine, m, k, n, bytes, count);
}

/** Seconds of one MoE layer's expert FFNs on one device from the grouped-GEMM table (both
 * projections and the activation, as the fused kernels run them), or undefined without one. */
export function timeGroupedExperts(
  t: GemmTimer,
  tokensPerExpert: number,
  experts: number,
  hidden: number,
  inter: number,
): number | undefined {
  if (!t.tables || tokensPerExpert <= 0 || experts <= 0) return undefined;
  const est = groupedGemmSeconds(t.tables, { tokensPerExpert, experts, hidden, inter, dtype: t.tableDtype });
  return est ? est.seconds * t.scale : undefined;
}
