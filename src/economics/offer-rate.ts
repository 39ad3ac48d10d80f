// One catalog offer in US dollars per device: per device-hour for a rent, per device for a
// purchase. A month is 730.5 hours (365.25 x 24 / 12); a per-unit price (a server, a rack, a
// superchip) divides by the devices in the unit; yuan convert at the catalog's dated rate.
import type { Offer, PriceCatalog } from "./prices-schema.ts";
import { type Span, scale, span } from "./span.ts";

export const HOURS_PER_MONTH = 730.5;
export const HOURS_PER_YEAR = 8766;

/** Yuan per US dollar from the catalog (with its range). */
export function cnyPerUSD(prices: PriceCatalog): Span {
  const r = prices.exchangeRates.CNY;
  return span(r.value, r.low, r.high);
}

/** USD per device-hour (rents) or per device (purchases); a yuan range also spans the rate's range. */
export function offerUSD(o: Offer, prices: PriceCatalog): Span {
  const a = span(o.amount.value, o.amount.low, o.amount.high);
  let perDevice = o.unit.startsWith("unit") ? scale(a, 1 / (o.devicesPerUnit ?? 1)) : a;
  if (o.unit.endsWith("-month")) perDevice = scale(perDevice, 1 / HOURS_PER_MONTH);
  if (o.currency === "USD") return perDevice;
  const rate = cnyPerUSD(prices);
  return {
    value: perDevice.value / rate.value,
    low: perDevice.low / rate.high,
    high: perDevice.high / rate.low,
  };
}

/** Several offers of one kind as one span: the newest quote is the point, the range covers all. */
export function combineOffers(offers: Offer[], prices: PriceCatalog): { usd: Span; newest: Offer } {
  const newest = [...offers].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
  const all = offers.map((o) => offerUSD(o, prices));
  const point = offerUSD(newest, prices).value;
  return {
    usd: { value: point, low: Math.min(...all.map((s) => s.low)), high: Math.max(...all.map((s) => s.high)) },
    newest,
  };
}
