// The time of a matmul on a device: from the measured kernel tables where the device has them
// (catalog/kernels: the shape dependence, wave quantisation and small-M memory-boundness as
// measured), slowed to the family's sustained large-GEMM efficiency (catalog/calibration.yaml
// gemm.<dtype>.max, fitted on training runs: clocks under a sustained power cap and framework
// effects the kernel benchmarks do not see) as a fraction of its reference device's tables, so
// that the devices of a family keep the ratios their own tables measured (gemmTimer); elsewhere
// the roofline with that efficiency and a fixed per-kernel cost (src/hardware/roofline.ts).
// Either way the answer says which it used.

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

/** Large GEMMs that reach a device's sustained efficiency: the reference shapes (m, n, k). One
 * measured point is noisy (GB200's bf16 table reads 0.56 of peak at 8192³ and 0.60-0.76 around it);
 * the eight together are not. The mean of their eight rates is the reference: plain arithmetic
 * (no exp or log), so that every JavaScript engine computes it to the same last digit. */
export const REFERENCE_SHAPES: readonly (readonly [number, number, number])[] = [
  [8192, 8192, 8192],
  [16384, 8192, 8192],
  [8192, 16384, 8192],
  [8192, 8192, 16384],
  [4096, 8192, 8192],
  [8192, 4096, 8192],
  [8192, 8192, 4096],
  [16384, 16384, 16384],
];

const refCache = new WeakMap<DeviceKernelTables, Map<string, number>>();

/** The table's achieved FLOP/s on large GEMMs (the mean over REFERENCE_SHAPES), or undefined
 * without a table for the dtype. */
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
  if (hit !== undefined) return Number.isFinite(hit) ? hit : undefined;
  let sum = 0;
  for (const [m, n, k] of REFERENCE_SHAPES) {
    const est = gemmSeconds(tables, { m, n, k, dtype });
    if (!est) {
      sum = Number.NaN;
      break;
    }
    sum += (2 * m * n * k) / est.seconds;
  }
  const v = sum / REFERENCE_SHAPES.length;
  byDtype.set(dtype, v);
  return Number.isFinite(v) ? v : undefined;
}

/** The table's large-GEMM efficiency (reference FLOP/s over its device's dense peak), or undefined
 * where the table or the peak is missing. */
export function referenceEfficiency(
  tables: DeviceKernelTables | undefined,
  dtype: string,
): number | undefined {
  const f = referenceFlopsPerSecond(tables, dtype);
  const peak = tables?.peakTflops?.[dtype];
  return f !== undefined && peak ? f / (peak * 1e12) : undefined;
}

/** A timer for matmuls at `tableDtype` on `engine`'s device; tables are used when they cover the dtype.
 * The family's fitted large-GEMM efficiency (`engine`'s matmul rate over the peak) is read as a
 * sustained fraction of its reference device's measured kernels (the first device of the family
 * with a table, `reference`; without one the device is its own): every device of the family runs
 * its own measured table slowed by that same fraction. So a GB200 is as much faster than a B200 as
 * their kernels measured (about 6% in bf16 and 3% in fp8), not by the 11% of their datasheet
 * peaks. Each table dtype is normalised on its own reference: the tables give a recipe's shape
 * dependence, the fit its sustained level (block-scaled FP8 kernels differ by engine: DeepGEMM
 * reports more than the per-tensor tables measure, AIConfigurator's block tables less). */
export function gemmTimer(
  engine: Engine,
  tables: DeviceKernelTables | undefined,
  tableDtype: string,
  reference?: DeviceKernelTables,
): GemmTimer {
  const ref = referenceFlopsPerSecond(tables, tableDtype);
  if (ref === undefined) return { engine, tableDtype, scale: 1 };
  const on = reference ?? tables;
  const family = referenceEfficiency(on, tableDtype);
  const peak = tables?.peakTflops?.[tableDtype];
  // table seconds × family efficiency × own peak / (own peak × fitted efficiency)
  const scale =
    family !== undefined && peak
      ? (family * peak * 1e12) / engine.matmulFlopsPerSecond
      : ref / engine.matmulFlopsPerSecond;
  return { engine, tables, tableDtype, scale };
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
