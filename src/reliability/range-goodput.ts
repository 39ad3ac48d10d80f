// Goodput across a failure-rate range: the same plan (devices, nodes, checkpoint, restart) run at
// the low, nominal and high rate of one catalog entry. Applied to every family entry, it answers
// "what does Ascend's claimed range do to this plan, next to NVIDIA's measured one": the
// instability question in numbers, each row with the entry it came from.

import type { RateBasis } from "./entry-rate.ts";
import { type GoodputAt, goodputAt, type RunPhysics } from "./goodput-at.ts";
import { jobRate } from "./job-rate.ts";
import type { ResolvedRates } from "./rates-for.ts";

export interface RatePoint {
  perDeviceHour: number;
  jobPerHour: number;
  effectiveTrainingTimeFraction: number;
  wallClockDays: number;
  /** device-hours held but not training: checkpoints, restarts, rework, planned stops */
  lostDeviceHours: number;
  /** null without a deadline */
  meetsDeadline: boolean | null;
}

export interface EntryGoodput {
  entryId: string;
  vendorClaim: boolean;
  basis: RateBasis;
  low: RatePoint;
  value: RatePoint;
  high: RatePoint;
}

export interface PlanUnits {
  devices: number;
  devicesPerNode: number;
  failureRateMultiplier: number;
  usefulDays: number;
  deadlineDays: number | null;
}

export function ratePoint(p: RunPhysics, u: PlanUnits, perDeviceHour: number, jobPerHour: number): RatePoint {
  const g: GoodputAt = goodputAt(p, jobPerHour);
  const wall = g.fraction > 0 ? u.usefulDays / g.fraction : Infinity;
  return {
    perDeviceHour,
    jobPerHour,
    effectiveTrainingTimeFraction: g.fraction,
    wallClockDays: wall,
    lostDeviceHours: u.devices * (wall - u.usefulDays) * 24,
    meetsDeadline: u.deadlineDays === null ? null : wall <= u.deadlineDays,
  };
}

export function entryGoodput(p: RunPhysics, u: PlanUnits, rates: ResolvedRates): EntryGoodput {
  const f = rates.unexpectedPerDeviceHour;
  const job = jobRate({
    perDeviceHour: f.value,
    componentShares: rates.componentShares,
    referenceDevicesPerNode: rates.referenceDevicesPerNode,
    devices: u.devices,
    devicesPerNode: u.devicesPerNode,
    failureRateMultiplier: u.failureRateMultiplier,
  }).perHour;
  // the job rate is linear in the per-device rate, so the range scales it
  const at = (x: number) => ratePoint(p, u, x, f.value > 0 ? (job * x) / f.value : 0);
  return {
    entryId: rates.entryId,
    vendorClaim: rates.vendorClaim,
    basis: rates.basis,
    low: at(f.low ?? f.value),
    value: at(f.value),
    high: at(f.high ?? f.value),
  };
}
