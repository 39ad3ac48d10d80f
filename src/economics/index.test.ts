import { describe, expect, it } from "vitest";
import * as economics from "./index.ts";

describe("src/economics public surface", () => {
  it("grows only on purpose", () => {
    expect(Object.keys(economics).sort()).toMatchInlineSnapshot(`
      [
        "COST_BASES",
        "CURRENCIES",
        "HOURS_PER_MONTH",
        "HOURS_PER_YEAR",
        "OFFER_KINDS",
        "OFFER_UNITS",
        "ZERO",
        "add",
        "allInHourlyUSD",
        "at",
        "cnyPerUSD",
        "combineOffers",
        "costBasis",
        "costPerMillionTokens",
        "costsSchema",
        "deviceCostsSchema",
        "devicePricing",
        "div",
        "facilityEnergyMWh",
        "isPoint",
        "isPriced",
        "jobCost",
        "lostWorkCost",
        "mul",
        "offerUSD",
        "parsePriceCatalog",
        "priceCatalogSchema",
        "priceDevice",
        "priceDevices",
        "priceUnknown",
        "pricingAt",
        "pricingIsRange",
        "scale",
        "scenarioCatalogs",
        "span",
        "trainCostWarning",
        "withInterruptions",
      ]
    `);
  });
});
