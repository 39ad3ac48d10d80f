// The instability question for a plan: the failure rate at which it misses its deadline. The
// expected wall clock, useful days / goodput (Daly 2006 with the interval re-chosen at each rate),
// grows with the rate, so the break-even is the root of wall(rate) = deadline, found by bisection
// on the logarithm of a multiplier of the nominal job rate (deterministic, 200 halvings at most).

import { exp, ln } from "../portable-math.ts";
import { type GoodputAt, goodputAt, type RunPhysics } from "./goodput-at.ts";

export type BreakEvenStatus = "found" | "misses-at-any-rate" | "meets-at-any-rate";

export interface BreakEven {
  deadlineDays: number;
  status: BreakEvenStatus;
  /** multiple of the nominal (catalog value) rate at which the expected wall clock equals the deadline */
  multiplier: number | null;
  /** the job's interruptions per hour and its MTBF there */
  jobPerHour: number | null;
  jobMtbfHours: number | null;
  /** per device-hour, in the catalog's units (nominal x multiplier) */
  perDeviceHour: number | null;
}

/** Multipliers searched: from a millionth of the nominal rate to a million times it. */
const M_LOW = 1e-6;
const M_HIGH = 1e6;

export function wallClockAt(p: RunPhysics, usefulDays: number, jobPerHour: number): number {
  const g: GoodputAt = goodputAt(p, jobPerHour);
  return g.fraction > 0 ? usefulDays / g.fraction : Infinity;
}

export function breakEven(c: {
  physics: RunPhysics;
  usefulDays: number;
  deadlineDays: number;
  /** the job's interruptions per hour at the catalog value */
  nominalJobPerHour: number;
  /** the catalog value per device-hour, to express the result in its units */
  nominalPerDeviceHour: number;
}): BreakEven {
  const { physics, usefulDays, deadlineDays, nominalJobPerHour: nominal } = c;
  const none = (status: BreakEvenStatus): BreakEven => ({
    deadlineDays,
    status,
    multiplier: null,
    jobPerHour: null,
    jobMtbfHours: null,
    perDeviceHour: null,
  });
  if (!(nominal > 0)) return none("meets-at-any-rate");
  const wall = (m: number) => wallClockAt(physics, usefulDays, nominal * m);
  if (wall(M_LOW) > deadlineDays) return none("misses-at-any-rate");
  if (wall(M_HIGH) <= deadlineDays) return none("meets-at-any-rate");
  let lo = ln(M_LOW);
  let hi = ln(M_HIGH);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = 0.5 * (lo + hi);
    if (wall(exp(mid)) > deadlineDays) hi = mid;
    else lo = mid;
  }
  const m = exp(0.5 * (lo + hi));
  return {
    deadlineDays,
    status: "found",
    multiplier: m,
    jobPerHour: nominal * m,
    jobMtbfHours: 1 / (nominal * m),
    perDeviceHour: c.nominalPerDeviceHour * m,
  };
}
