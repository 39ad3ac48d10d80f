// Failures for a plan: src/reliability's goodput (Daly 2006 with the optimal checkpoint interval)
// and expected interruptions for a job of `days` useful training days on `devices` devices.
// The checkpoint is the whole training state: bf16 weights plus fp32 master weights and Adam
// moments, 14 bytes per parameter (Megatron-LM distributed-optimizer checkpoints hold these).
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import { paramCounts } from "../model/param-counts.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import { ratesFor } from "../reliability/rates-for.ts";
import { type ReliabilitySpecInput, reliabilityReport } from "../reliability/report.ts";

export const CHECKPOINT_BYTES_PER_PARAM = 14;

/** Useful days the goodput used for ranking assumes (the interval barely depends on it). */
const RANKING_DAYS = 30;

export interface PlanReliabilitySummary {
  /** expected unplanned interruptions over the wall-clock run */
  interruptions: number;
  interruptionsRange: { low: number; high: number } | null;
  effectiveTrainingTimeFraction: number;
  wallClockDays: number;
  checkpointIntervalMinutes: number;
  ratesEntry: string;
  ratesAreDefault: boolean;
}

export interface GoodputEstimator {
  /** goodput fraction for a device count (cached), or undefined when it cannot be computed */
  fraction(devices: number): number | undefined;
  summary(devices: number, usefulDays: number): PlanReliabilitySummary | undefined;
  notes: string[];
}

export function goodputEstimator(
  arch: Arch,
  device: Device,
  devicesPerNode: number,
  catalog: ReliabilityCatalog,
  spec: ReliabilitySpecInput = {},
): GoodputEstimator {
  const notes: string[] = [];
  const rates = ratesFor(device.id, device.vendor, catalog);
  if (rates.isDefault)
    notes.push(`no failure rates published for ${device.id}: "${rates.entryId}" stands in`);
  const checkpointBytes = paramCounts(arch).totalWithMtp * CHECKPOINT_BYTES_PER_PARAM;
  // The Monte Carlo is not needed for the analytic goodput and interruptions: one trial keeps it cheap.
  const quiet = { ...spec, trials: 1 };
  const report = (devices: number, days: number) => {
    try {
      return reliabilityReport({
        deviceId: device.id,
        vendor: device.vendor,
        devices,
        devicesPerNode,
        durationDays: days,
        checkpointBytes,
        spec: quiet,
        rates,
      });
    } catch (e) {
      const msg = `reliability: ${(e as Error).message}`;
      if (!notes.includes(msg)) notes.push(msg);
      return undefined;
    }
  };
  const cache = new Map<number, number | undefined>();
  return {
    notes,
    fraction(devices) {
      if (!cache.has(devices))
        cache.set(devices, report(devices, spec.durationDays ?? RANKING_DAYS)?.effectiveTrainingTimeFraction);
      return cache.get(devices);
    },
    summary(devices, usefulDays) {
      const r = report(devices, usefulDays);
      if (!r) return undefined;
      return {
        interruptions: r.interruptions,
        interruptionsRange: r.interruptionsRange,
        effectiveTrainingTimeFraction: r.effectiveTrainingTimeFraction,
        wallClockDays: r.wallClockDays,
        checkpointIntervalMinutes: r.interval.usedMinutes,
        ratesEntry: r.rates.entryId,
        ratesAreDefault: r.rates.isDefault,
      };
    },
  };
}
