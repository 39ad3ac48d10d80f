// The plain data src/economics hands the rest of the engine: how one device kind is costed
// (its pricing) and what a job costs on it. Every money figure is in US dollars with its range.
import type { Confidence } from "../hardware/device.ts";
import type { Currency } from "./prices-schema.ts";
import type { Span } from "./span.ts";

/** Where a device's price comes from: the user's costs: block, or a kind of catalog offer. */
export const COST_BASES = [
  "user-hourly",
  "user-purchase",
  "on-demand",
  "reserved",
  "rental",
  "purchase",
] as const;
export type CostBasis = (typeof COST_BASES)[number];

export interface Site {
  pue: Span;
  electricityUSDPerKWh: Span;
  /** where each figure came from: "user" or the catalog's sources */
  from: { pue: string; electricity: string };
}

export interface DeviceCost {
  basis: CostBasis;
  /** one line a reader can check: basis, provider, date, confidence */
  label: string;
  /** per device-hour: the rent, or the purchase price amortised */
  hourlyUSD: Span;
  /** a rent includes power; owned devices pay for energy on top */
  energyIncluded: boolean;
  purchaseUSD?: Span;
  amortisationYears?: Span;
  utilisation?: number;
  /** node draw per device beyond the board (CPUs, NICs, fans, switch share) */
  overheadWatts: Span;
  overheadFrom: string;
  site: Site;
  /** the currency the user's costs are in, for display */
  display: { currency: Currency; perUSD: number };
  sources: string[];
  /** the catalog figure's confidence; "user" for the scenario's own numbers */
  confidence: Confidence | "user";
  notes: string[];
}

export interface PriceUnknown {
  basis: "unknown";
  /** why, and how to give a price */
  message: string;
  /** a costs: block that would price the device */
  example: string;
}

export type DevicePricing = DeviceCost | PriceUnknown;

export const isPriced = (p: DevicePricing | undefined): p is DeviceCost =>
  p !== undefined && p.basis !== "unknown";

/** A job's money: capital or rent, energy, and (once failures are known) the lost work. */
export interface JobCost {
  basis: CostBasis;
  label: string;
  deviceHours: number;
  capitalUSD: Span;
  energyUSD: Span;
  /** facility energy: board + node overhead, times PUE (owned devices only) */
  facilityEnergyMWh?: Span;
  /** device-hours lost to interruptions (restart, recomputed work, checkpoint overhead) */
  lostDeviceHours?: Span;
  interruptionUSD?: Span;
  totalUSD: Span;
  display: { currency: Currency; perUSD: number };
  notes: string[];
}
