// Money: prices (catalog/prices.yaml and the scenario's costs: block), node power and site
// figures, and what a job costs on a device kind, with its basis and range. Re-exports only.
export {
  type Costs,
  type CostsInput,
  costsSchema,
  type DeviceCosts,
  deviceCostsSchema,
} from "./costs-schema.ts";
export { devicePricing, type PricingInput } from "./device-pricing.ts";
export {
  allInHourlyUSD,
  costBasis,
  costPerMillionTokens,
  facilityEnergyMWh,
  jobCost,
  withInterruptions,
} from "./job-cost.ts";
export { lostWorkCost } from "./lost-work.ts";
export { priceUnknown } from "./missing-price.ts";
export { cnyPerUSD, combineOffers, HOURS_PER_MONTH, HOURS_PER_YEAR, offerUSD } from "./offer-rate.ts";
export { priceDevice, priceDevices } from "./price-devices.ts";
export {
  CURRENCIES,
  type Currency,
  OFFER_KINDS,
  OFFER_UNITS,
  type Offer,
  type OfferKind,
  type PriceCatalog,
  parsePriceCatalog,
  priceCatalogSchema,
} from "./prices-schema.ts";
export { pricingAt, pricingIsRange } from "./pricing-bound.ts";
export { scenarioCatalogs } from "./scenario-catalog.ts";
export { add, at, div, isPoint, mul, type Span, scale, span, ZERO } from "./span.ts";
export { trainCostWarning } from "./train-cost.ts";
export {
  COST_BASES,
  type CostBasis,
  type DeviceCost,
  type DevicePricing,
  isPriced,
  type JobCost,
  type PriceUnknown,
  type Site,
} from "./types.ts";
