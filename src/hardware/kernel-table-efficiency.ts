// Achieved fraction of a device's catalog peak for a shape, from the measured tables: the number to
// set beside a per-family scalar efficiency (achieved FLOP/s ÷ dense datasheet peak; bus bandwidth as
// nccl-tests defines it, busBw = algBw · 2(n−1)/n for all-reduce, (n−1)/n for gathers and scatters).
import type { Device, Dtype } from "./device.ts";
import {
  type CollectiveKind,
  gemmSeconds,
  groupedGemmSeconds,
  type KernelEstimate,
  type KernelPick,
} from "./kernel-table.ts";
import type { DeviceKernelTables } from "./kernel-table-schema.ts";
import { gemmFlops, groupedGemmFlops } from "./kernel-table-work.ts";

/** The catalog peak dtype whose tensor cores a table dtype runs on. */
export function peakDtype(tableDtype: string): Dtype | undefined {
  if (tableDtype === "bf16" || tableDtype === "fp16") return "bf16";
  if (tableDtype === "fp8" || tableDtype === "fp8-block") return "fp8";
  if (tableDtype === "nvfp4") return "fp4";
  return undefined;
}

/** Dense peak in FLOP/s for a table dtype, or undefined where the catalog has none. */
export function peakFlopsPerSecond(device: Device, tableDtype: string): number | undefined {
  const d = peakDtype(tableDtype);
  const fig = d ? device.peakTflops[d] : undefined;
  return fig ? fig.value * 1e12 : undefined;
}

export interface KernelEfficiency extends KernelEstimate {
  /** achieved FLOP/s over the catalog's dense peak for the dtype the table ran */
  efficiency: number;
  flopsPerSecond: number;
}

function withEfficiency(
  device: Device,
  est: KernelEstimate | undefined,
  flops: number,
): KernelEfficiency | undefined {
  if (!est) return undefined;
  const peak = peakFlopsPerSecond(device, est.table.dtype);
  if (!peak) return undefined;
  const flopsPerSecond = flops / est.seconds;
  return { ...est, flopsPerSecond, efficiency: flopsPerSecond / peak };
}

export function gemmEfficiency(
  set: DeviceKernelTables | undefined,
  device: Device,
  q: { m: number; n: number; k: number; dtype: string },
  pick?: KernelPick,
): KernelEfficiency | undefined {
  return withEfficiency(device, gemmSeconds(set, q, pick), gemmFlops(q));
}

export function groupedGemmEfficiency(
  set: DeviceKernelTables | undefined,
  device: Device,
  q: { tokensPerExpert: number; experts: number; hidden: number; inter: number; dtype: string },
  pick?: KernelPick,
): KernelEfficiency | undefined {
  return withEfficiency(device, groupedGemmSeconds(set, q, pick), groupedGemmFlops(q));
}

/** nccl-tests' bus bandwidth in bytes/s of a collective that took `seconds`. */
export function busBytesPerSecond(
  kind: CollectiveKind,
  bytes: number,
  ranks: number,
  seconds: number,
): number {
  const algBw = bytes / seconds;
  const factor = kind === "all-reduce" ? (2 * (ranks - 1)) / ranks : (ranks - 1) / ranks;
  return algBw * factor;
}
