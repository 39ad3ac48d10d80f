// The instability answers of a reliability report in sentences a reader forwards: how many
// interruptions (with the interval that holds across the failure-rate range), the failure rate at
// which the deadline is missed, and the device-hours lost. Shared by the reports and the web page.
import type { ReliabilityReport } from "../reliability/report-types.ts";
import { formatNumber } from "./format.ts";

const sci = (x: number) => x.toExponential(2);

export function interruptionsLine(r: ReliabilityReport): string {
  const iv = r.interruptionsInterval;
  return `${formatNumber(r.interruptions)} unplanned interruptions expected over ${formatNumber(r.wallClockDays)} wall-clock days (${formatNumber(100 * iv.probability)} % interval: ${formatNumber(iv.low)} to ${formatNumber(iv.high)} across the failure-rate range); job MTBF ${formatNumber(r.rates.jobMtbfHours)} h.`;
}

/** Where the deadline breaks: the failure rate above which the expected wall clock passes it. */
export function breakEvenLine(r: ReliabilityReport): string {
  const be = r.breakEven;
  if (!be) return "No deadline in the scenario's reliability block: no break-even failure rate.";
  const d = `${formatNumber(be.deadlineDays)}-day deadline`;
  if (be.status === "misses-at-any-rate") return `The ${d} is missed even without failures.`;
  if (be.status === "meets-at-any-rate") return `The ${d} is met at any failure rate searched.`;
  const f = r.rates.unexpectedPerDeviceHour;
  const lo = f.low ?? f.value;
  const hi = f.high ?? f.value;
  const at = be.perDeviceHour ?? Number.NaN;
  const where =
    at < lo
      ? "below the catalog's range: expected to miss it"
      : at > hi
        ? "above the catalog's range: met across the range"
        : "inside the catalog's range";
  return `The ${d} is missed above ${sci(at)} interruptions per device-hour (${formatNumber(be.multiplier ?? Number.NaN)} × the catalog value; job MTBF ${formatNumber(be.jobMtbfHours ?? Number.NaN)} h), ${where}.`;
}

export function lostLine(r: ReliabilityReport): string {
  const l = r.lostDeviceHours;
  return `${formatNumber(l.value)} device-hours lost to checkpoints, restarts and rework (${formatNumber(l.low)} to ${formatNumber(l.high)} across the failure-rate range).`;
}

/** This plan at every compared entry's low, nominal and high failure rate. */
export function rangeRows(r: ReliabilityReport) {
  return [r.rangeGoodput, ...r.comparison.filter((c) => c.entryId !== r.rangeGoodput.entryId)];
}
