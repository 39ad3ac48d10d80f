// How one device kind is costed: the user's costs: block first (a rent per device-hour, or a
// purchase price amortised), else the catalog's offers of the first kind in the basis order
// (costs.basis, or catalog/prices.yaml basisOrder). A purchase is amortised straight-line:
// price / (years x 8,766 h x utilisation) per device-hour (hyperscalers depreciate servers over
// 5-6 years, neoclouds 4-6; catalog site.amortisationYears). Owned devices pay for energy on top:
// (board + node overhead) x PUE x electricity price; a rent includes it.
import type { Confidence } from "../hardware/device.ts";
import type { Costs, DeviceCosts } from "./costs-schema.ts";
import { priceUnknown } from "./missing-price.ts";
import { combineOffers, HOURS_PER_YEAR, offerUSD } from "./offer-rate.ts";
import type { Offer, OfferKind, PriceCatalog, Sourced } from "./prices-schema.ts";
import { div, type Span, scale, span } from "./span.ts";
import type { DeviceCost, DevicePricing, Site } from "./types.ts";

const sourced = (s: Sourced): Span => span(s.value, s.low, s.high);
const amount = (a: number | [number, number], perUSD: number): Span =>
  typeof a === "number" ? span(a / perUSD) : span((a[0] + a[1]) / 2 / perUSD, a[0] / perUSD, a[1] / perUSD);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const years = (s: Span) => (s.low === s.high ? `${s.value} y` : `${s.value} y (${s.low}-${s.high})`);

function siteOf(prices: PriceCatalog, costs: Costs | undefined, perUSD: number): Site {
  const c = prices.site;
  return {
    pue: costs?.pue !== undefined ? span(costs.pue) : sourced(c.pue),
    electricityUSDPerKWh:
      costs?.electricityPerKWh !== undefined
        ? amount(costs.electricityPerKWh, perUSD)
        : sourced(c.electricityUSDPerKWh),
    from: {
      pue: costs?.pue !== undefined ? "user" : c.pue.sources.join(", "),
      electricity:
        costs?.electricityPerKWh !== undefined ? "user" : c.electricityUSDPerKWh.sources.join(", "),
    },
  };
}

function overheadOf(
  id: string,
  tdpWatts: number | undefined,
  prices: PriceCatalog,
): { watts: Span; from: string; note?: string } {
  const own = prices.devices[id]?.overheadWatts;
  if (own) return { watts: sourced(own), from: own.sources.join(", ") };
  const f = prices.site.overheadFraction;
  if (tdpWatts === undefined)
    return { watts: span(0), from: "none", note: "no board power: node power and energy left out" };
  return {
    watts: scale(sourced(f), tdpWatts),
    from: `${pct(f.value)} of board power (site.overheadFraction: ${f.sources.join(", ")})`,
  };
}

function amortised(purchase: Span, yrs: Span, utilisation: number): Span {
  return div(purchase, scale(yrs, HOURS_PER_YEAR * utilisation));
}

export interface PricingInput {
  deviceId: string;
  tdpWatts?: number;
  prices: PriceCatalog;
  costs?: Costs;
}

export function devicePricing({ deviceId, tdpWatts, prices, costs }: PricingInput): DevicePricing {
  const currency = costs?.currency ?? "USD";
  const perUSD = currency === "CNY" ? (costs?.exchangeRate ?? prices.exchangeRates.CNY.value) : 1;
  const site = siteOf(prices, costs, perUSD);
  const overhead = overheadOf(deviceId, tdpWatts, prices);
  const yrsDefault =
    costs?.amortisationYears !== undefined
      ? span(costs.amortisationYears)
      : sourced(prices.site.amortisationYears);
  const utilDefault = costs?.utilisation ?? prices.site.utilisation.value;
  const base = {
    overheadWatts: overhead.watts,
    overheadFrom: overhead.from,
    site,
    display: { currency, perUSD },
  };
  const notes = overhead.note ? [overhead.note] : [];

  const user: DeviceCosts | undefined = costs?.devices?.[deviceId];
  if (user) return userPricing(deviceId, user, perUSD, yrsDefault, utilDefault, base, notes);

  const entry = prices.devices[deviceId];
  const order: OfferKind[] = costs?.basis ? [costs.basis] : prices.basisOrder;
  for (const kind of order) {
    let offers = (entry?.offers ?? []).filter((o) => o.kind === kind);
    if (offers.length === 0) continue;
    let chipHigh = 0;
    if (kind === "purchase") {
      const whole = offers.filter((o) => o.scope !== "chip");
      if (whole.length > 0) {
        // A chip-alone price is a floor under the whole machine's: it can only raise the high end.
        chipHigh = Math.max(
          0,
          ...offers.filter((o) => o.scope === "chip").map((o) => offerUSD(o, prices).high),
        );
        offers = whole;
      } else
        notes.push(
          "purchase price of the chip alone: servers and network are left out, so capital is understated",
        );
    }
    const combined = combineOffers(offers, prices);
    const newest = combined.newest;
    const usd = { ...combined.usd, high: Math.max(combined.usd.high, chipHigh) };
    const conf: Confidence = newest.confidence;
    const who = newest.provider ?? newest.sources.join(", ");
    const scope = newest.scope ? `${newest.scope}, ` : "";
    if (kind === "purchase") {
      const hourly = amortised(usd, yrsDefault, utilDefault);
      return {
        basis: "purchase",
        label: `catalog purchase (${scope}${who}, ${newest.date}, ${conf}) amortised over ${years(yrsDefault)} at ${pct(utilDefault)} utilisation`,
        hourlyUSD: hourly,
        energyIncluded: false,
        purchaseUSD: usd,
        amortisationYears: yrsDefault,
        utilisation: utilDefault,
        ...base,
        sources: [...new Set(offers.flatMap((o: Offer) => o.sources))],
        confidence: conf,
        notes,
      };
    }
    const names = { "on-demand": "cloud on-demand", reserved: "cloud reserved", rental: "rental" } as const;
    return {
      basis: kind,
      label: `catalog ${names[kind]} (${who}${newest.region ? `, ${newest.region}` : ""}, ${newest.date}, ${conf})`,
      hourlyUSD: usd,
      energyIncluded: true,
      ...base,
      sources: [...new Set(offers.flatMap((o: Offer) => o.sources))],
      confidence: conf,
      notes,
    };
  }
  const why = costs?.basis
    ? `the catalog has no ${costs.basis} price for it${entry?.offers.length ? ` (it has: ${[...new Set(entry.offers.map((o) => o.kind))].join(", ")})` : ""}`
    : entry?.unknown;
  return priceUnknown(deviceId, why);
}

function userPricing(
  deviceId: string,
  user: DeviceCosts,
  perUSD: number,
  yrsDefault: Span,
  utilDefault: number,
  base: Pick<DeviceCost, "overheadWatts" | "overheadFrom" | "site" | "display">,
  notes: string[],
): DeviceCost {
  const common = { ...base, sources: ["user"], confidence: "user" as const, notes };
  if (user.perDeviceHour !== undefined) {
    const energyIncluded = user.includesEnergy ?? true;
    return {
      basis: "user-hourly",
      label: `your price per device-hour (costs.devices.${deviceId})${energyIncluded ? "" : ", power priced on top"}`,
      hourlyUSD: amount(user.perDeviceHour, perUSD),
      energyIncluded,
      ...common,
    };
  }
  const purchase = amount(user.purchase as number | [number, number], perUSD);
  const yrs = user.amortisationYears !== undefined ? span(user.amortisationYears) : yrsDefault;
  const util = user.utilisation ?? utilDefault;
  return {
    basis: "user-purchase",
    label: `your purchase price (costs.devices.${deviceId}) amortised over ${years(yrs)} at ${pct(util)} utilisation`,
    hourlyUSD: amortised(purchase, yrs, util),
    energyIncluded: false,
    purchaseUSD: purchase,
    amortisationYears: yrs,
    utilisation: util,
    ...common,
  };
}
