// What a job costs on one device kind (total cost of ownership for owned devices):
//   capital = hourly price x device-hours (a rent, or the purchase price amortised)
//   energy  = (board energy + node overhead x device-hours) x PUE x electricity price
//             (owned devices only: a rent includes power)
//   lost work = device-hours lost to interruptions x the job's own price per device-hour
// Each term keeps its range: the low end takes every low figure, the high end every high one.
import { add, type Span, scale, span, ZERO } from "./span.ts";
import type { DevicePricing, JobCost } from "./types.ts";
import { isPriced } from "./types.ts";

/** Facility energy in MWh: (board MWh + overhead watts x device-hours) x PUE. */
export function facilityEnergyMWh(
  pricing: DevicePricing | undefined,
  deviceHours: number,
  boardMWh: number,
): Span | undefined {
  if (!isPriced(pricing)) return undefined;
  const it = add(span(boardMWh), scale(pricing.overheadWatts, deviceHours / 1e6));
  return {
    value: it.value * pricing.site.pue.value,
    low: it.low * pricing.site.pue.low,
    high: it.high * pricing.site.pue.high,
  };
}

/**
 * The job's money for `deviceHours` on a priced device whose boards used `boardMWh`; undefined
 * when the device has no price. Owned devices without a board-power figure leave energy out (said
 * in the notes).
 */
export function jobCost(
  pricing: DevicePricing | undefined,
  deviceHours: number,
  boardMWh: number | undefined,
): JobCost | undefined {
  if (!isPriced(pricing)) return undefined;
  const notes: string[] = [];
  const capital = scale(pricing.hourlyUSD, deviceHours);
  let energy = ZERO;
  let facility: Span | undefined;
  if (!pricing.energyIncluded) {
    if (boardMWh === undefined) notes.push("energy left out: the device has no board-power figure");
    else {
      facility = facilityEnergyMWh(pricing, deviceHours, boardMWh);
      const price = pricing.site.electricityUSDPerKWh;
      if (facility)
        energy = {
          value: facility.value * 1000 * price.value,
          low: facility.low * 1000 * price.low,
          high: facility.high * 1000 * price.high,
        };
    }
  }
  return {
    basis: pricing.basis,
    label: pricing.label,
    deviceHours,
    capitalUSD: capital,
    energyUSD: energy,
    ...(facility ? { facilityEnergyMWh: facility } : {}),
    totalUSD: add(capital, energy),
    display: pricing.display,
    notes: [...pricing.notes, ...notes],
  };
}

/** The same job with the price of the work interruptions cost: lost device-hours at the job's rate. */
export function withInterruptions(cost: JobCost, lostDeviceHours: Span): JobCost {
  const rate = cost.deviceHours > 0 ? scale(cost.totalUSD, 1 / cost.deviceHours) : ZERO;
  const lost = {
    value: lostDeviceHours.value * rate.value,
    low: lostDeviceHours.low * rate.low,
    high: lostDeviceHours.high * rate.high,
  };
  return {
    ...cost,
    lostDeviceHours,
    interruptionUSD: lost,
    totalUSD: add(cost.totalUSD, lost),
  };
}

/** An all-in price per device-hour at full load (energy at board power + overhead, for owned
 * devices): what engine parts that only multiply an hourly price by device-hours read. */
export function allInHourlyUSD(
  pricing: DevicePricing | undefined,
  tdpWatts: number | undefined,
): Span | undefined {
  if (!isPriced(pricing)) return undefined;
  const oneHour = jobCost(pricing, 1, tdpWatts === undefined ? undefined : tdpWatts / 1e6);
  return oneHour?.totalUSD;
}

/** USD per million generated tokens for a fleet of `devices` serving `tokensPerSecond`. */
export function costPerMillionTokens(
  pricing: DevicePricing | undefined,
  tdpWatts: number | undefined,
  devices: number,
  tokensPerSecond: number,
): Span | undefined {
  const hourly = allInHourlyUSD(pricing, tdpWatts);
  if (!hourly || !(tokensPerSecond > 0)) return undefined;
  return scale(hourly, (devices * 1e6) / (tokensPerSecond * 3600));
}

/** One line saying how a device's money is reckoned, or why there is none and how to give it. */
export function costBasis(pricing: DevicePricing | undefined): string {
  if (!pricing) return "no price: the catalog was loaded without prices";
  return isPriced(pricing) ? pricing.label : `${pricing.message}, e.g.\n${pricing.example}`;
}
