// One observation's rate per device-hour: a count over its exposure (devices x days x 24 h), with
// the range its source leaves open (a loose period, a count given as a range), or a bound as
// stated. A count that covers only some components is a lower bound on the interruptions of the
// whole job, so its high end is also given scaled to all causes by the covered components' share.
import { COMPONENTS, type Component, type Observation } from "./catalog-schema.ts";

export interface ObservationRate {
  /** the nominal rate (a bound: the geometric centre of its range) */
  perDeviceHour: number;
  low: number;
  /** the high end of the count or bound as published */
  high: number;
  /** `high` divided by the share of interruptions the observation's components cover */
  highAllCauses: number;
  /** the share of interruptions its components cover (1 when it counts every cause) */
  coveredShare: number;
}

/** Device-hours of a count's exposure. */
export function exposureDeviceHours(devices: number, days: number): number {
  return devices * days * 24;
}

/** The share of interruptions `covers` accounts for under these component shares (sum to 1). */
export function coveredShare(
  covers: readonly Component[] | undefined,
  shares: Record<Component, number>,
): number {
  if (!covers) return 1;
  const s = COMPONENTS.filter((c) => covers.includes(c)).reduce((a, c) => a + shares[c], 0);
  // a breakdown that gives the covered components no weight says nothing about the rest
  return s > 0 ? Math.min(1, s) : 1;
}

export function observationRate(o: Observation, shares: Record<Component, number>): ObservationRate {
  const share = coveredShare(o.covers, shares);
  if (o.kind === "bound") {
    return {
      perDeviceHour: Math.sqrt(o.perDeviceHourLow * o.perDeviceHourHigh),
      low: o.perDeviceHourLow,
      high: o.perDeviceHourHigh,
      highAllCauses: o.perDeviceHourHigh / share,
      coveredShare: share,
    };
  }
  const hours = (days: number) => exposureDeviceHours(o.devices, days);
  const high = (o.interruptionsHigh ?? o.interruptions) / hours(o.daysLow ?? o.days);
  return {
    perDeviceHour: o.interruptions / hours(o.days),
    low: (o.interruptionsLow ?? o.interruptions) / hours(o.daysHigh ?? o.days),
    high,
    highAllCauses: high / share,
    coveredShare: share,
  };
}
