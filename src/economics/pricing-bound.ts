// A device's pricing at one end of its ranges, for the pessimistic and optimistic devices of a
// comparison (src/search/device-bounds.ts): every money, power and site figure at its low or
// high end, so a job costed on it is a point at that end.
import { type Span, span } from "./span.ts";
import type { DevicePricing } from "./types.ts";
import { isPriced } from "./types.ts";

const end = (s: Span, e: "low" | "high"): Span => span(s[e]);
const ranged = (s: Span | undefined) => s !== undefined && s.low !== s.high;

export function pricingAt(p: DevicePricing | undefined, e: "low" | "high"): DevicePricing | undefined {
  if (!isPriced(p)) return p;
  return {
    ...p,
    hourlyUSD: end(p.hourlyUSD, e),
    ...(p.purchaseUSD ? { purchaseUSD: end(p.purchaseUSD, e) } : {}),
    // more years spread the capital thinner: the low end of money takes the high end of years
    ...(p.amortisationYears
      ? { amortisationYears: end(p.amortisationYears, e === "low" ? "high" : "low") }
      : {}),
    overheadWatts: end(p.overheadWatts, e),
    site: { ...p.site, pue: end(p.site.pue, e), electricityUSDPerKWh: end(p.site.electricityUSDPerKWh, e) },
  };
}

/** Whether the money of a job on this pricing is a range (site figures matter only for owned devices). */
export function pricingIsRange(p: DevicePricing | undefined): boolean {
  if (!isPriced(p)) return false;
  if (ranged(p.hourlyUSD)) return true;
  return (
    !p.energyIncluded &&
    (ranged(p.overheadWatts) || ranged(p.site.pue) || ranged(p.site.electricityUSDPerKWh))
  );
}
