// The price of interruptions for a job whose failures src/reliability has sized: the device-hours
// between the useful days and the wall-clock days (restarts, recomputed work, checkpoints), paid
// at the job's own rate. The range follows the interruption count's range, where it has one.
import { withInterruptions } from "./job-cost.ts";
import { span } from "./span.ts";
import type { JobCost } from "./types.ts";

export interface LostWork {
  usefulDays: number;
  wallClockDays: number;
  devices: number;
  interruptions: number;
  interruptionsRange: { low: number; high: number } | null;
}

export function lostWorkCost(cost: JobCost, w: LostWork): JobCost {
  const lost = Math.max(0, w.wallClockDays - w.usefulDays) * 24 * w.devices;
  const r = w.interruptionsRange && w.interruptions > 0 ? w.interruptionsRange : undefined;
  return withInterruptions(
    cost,
    span(lost, r ? (lost * r.low) / w.interruptions : lost, r ? (lost * r.high) / w.interruptions : lost),
  );
}
