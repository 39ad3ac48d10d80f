import { describe, expect, it } from "vitest";
import { costsSchema } from "./costs-schema.ts";
import { devicePricing } from "./device-pricing.ts";
import { jobCost, withInterruptions } from "./job-cost.ts";
import type { PriceCatalog } from "./prices-schema.ts";
import { span } from "./span.ts";
import { isPriced } from "./types.ts";

/** A small catalog: point site figures, one device with one offer of each kind. */
const prices: PriceCatalog = {
  basisOrder: ["purchase", "on-demand"],
  exchangeRates: { CNY: { value: 7.2, date: "2025", sources: ["s"], confidence: "official" } },
  site: {
    pue: { value: 1.5, sources: ["s"], confidence: "official" },
    electricityUSDPerKWh: { value: 0.1, sources: ["s"], confidence: "official" },
    amortisationYears: { value: 5, sources: ["s"], confidence: "official" },
    utilisation: { value: 1, sources: ["s"], confidence: "official" },
    overheadFraction: { value: 0.5, sources: ["s"], confidence: "official" },
  },
  devices: {
    x: {
      offers: [
        {
          kind: "purchase",
          amount: { value: 240000 },
          currency: USD(),
          unit: "unit",
          devicesPerUnit: 8,
          scope: "server",
          date: "2025-01",
          sources: ["s"],
          confidence: "analyst",
        },
        {
          kind: "on-demand",
          amount: { value: 14.4 },
          currency: "CNY",
          unit: "device-hour",
          date: "2025-01",
          sources: ["s"],
          confidence: "analyst",
        },
      ],
      overheadWatts: { value: 100, sources: ["s"], confidence: "derived" },
    },
  },
  sources: [{ id: "s", title: "test" }],
};
function USD() {
  return "USD" as const;
}

describe("jobCost: total cost of ownership, worked by hand", () => {
  it("amortised capital over years x utilisation + energy x PUE + lost work", () => {
    const costs = costsSchema.parse({
      devices: { x: { purchase: 30000, amortisationYears: 5, utilisation: 0.5 } },
    });
    const p = devicePricing({ deviceId: "x", tdpWatts: 700, prices, costs });
    if (!isPriced(p)) throw new Error("unpriced");
    expect(p.basis).toBe("user-purchase");
    // 30,000 / (5 y x 8,766 h x 0.5) = 30,000 / 21,915 = 1.3689254 $ per device-hour
    expect(p.hourlyUSD.value).toBeCloseTo(30000 / (5 * 8766 * 0.5), 9);
    // 1,000 device-hours, boards used 0.4 MWh (400 W average); node overhead 100 W -> 0.1 MWh;
    // IT 0.5 MWh x PUE 1.5 = 0.75 MWh = 750 kWh x $0.10 = $75
    const c = jobCost(p, 1000, 0.4)!;
    expect(c.capitalUSD.value).toBeCloseTo(1368.925, 3);
    expect(c.facilityEnergyMWh!.value).toBeCloseTo(0.75, 12);
    expect(c.energyUSD.value).toBeCloseTo(75, 9);
    expect(c.totalUSD.value).toBeCloseTo(1443.925, 3);
    // 100 device-hours lost to interruptions at the job's own $1.443925 per device-hour
    const t = withInterruptions(c, span(100));
    expect(t.interruptionUSD!.value).toBeCloseTo(144.3925, 4);
    expect(t.totalUSD.value).toBeCloseTo(1443.9254 + 144.39254, 3); // 1,588.318
  });

  it("costs a catalog purchase per device of its server, with the catalog's site figures", () => {
    const p = devicePricing({ deviceId: "x", tdpWatts: 700, prices });
    if (!isPriced(p)) throw new Error("unpriced");
    expect(p.basis).toBe("purchase");
    expect(p.purchaseUSD!.value).toBe(30000); // $240,000 / 8
    expect(p.label).toMatch(/catalog purchase \(server/);
    expect(p.energyIncluded).toBe(false);
  });

  it("takes the scenario's basis, converting yuan at the catalog rate: a rent includes energy", () => {
    const p = devicePricing({
      deviceId: "x",
      tdpWatts: 700,
      prices,
      costs: costsSchema.parse({ basis: "on-demand" }),
    });
    if (!isPriced(p)) throw new Error("unpriced");
    expect(p.hourlyUSD.value).toBeCloseTo(2, 12); // 14.4 CNY / 7.2
    const c = jobCost(p, 1000, 0.4)!;
    expect(c.energyUSD.value).toBe(0);
    expect(c.totalUSD.value).toBeCloseTo(2000, 9);
  });

  it("prices the user's yuan at the user's rate, electricity included", () => {
    const costs = costsSchema.parse({
      currency: "CNY",
      exchangeRate: 8,
      electricityPerKWh: 0.8,
      pue: 1.2,
      devices: { x: { perDeviceHour: 16, includesEnergy: false } },
    });
    const p = devicePricing({ deviceId: "x", tdpWatts: 700, prices, costs });
    if (!isPriced(p)) throw new Error("unpriced");
    expect(p.hourlyUSD.value).toBe(2); // 16 CNY / 8
    expect(p.site.electricityUSDPerKWh.value).toBe(0.1); // 0.8 CNY / 8
    // 1,000 h: (0.4 + 0.1) MWh x 1.2 = 0.6 MWh x $0.1/kWh = $60
    expect(jobCost(p, 1000, 0.4)!.energyUSD.value).toBeCloseTo(60, 9);
  });

  it("carries ranges end-wise: the low end takes every low figure", () => {
    const costs = costsSchema.parse({ devices: { x: { perDeviceHour: [1, 3] } } });
    const p = devicePricing({ deviceId: "x", tdpWatts: 700, prices, costs });
    const c = jobCost(p, 10, 0)!;
    expect([c.totalUSD.low, c.totalUSD.value, c.totalUSD.high]).toEqual([10, 20, 30]);
  });

  it("says when a device has no price, and how to give one", () => {
    const p = devicePricing({ deviceId: "y", tdpWatts: 700, prices });
    expect(p.basis).toBe("unknown");
    if (p.basis !== "unknown") return;
    expect(p.message).toMatch(/no price known for y/);
    expect(p.example).toMatch(/costs:\n {2}currency: USD\n {2}devices:\n {4}y: \{ perDeviceHour/);
    expect(jobCost(p, 1000, 0.4)).toBeUndefined();
  });

  it("refuses a user block that gives both a rent and a purchase, or yuan without a rate", () => {
    expect(costsSchema.safeParse({ devices: { x: { perDeviceHour: 1, purchase: 2 } } }).success).toBe(false);
    expect(costsSchema.safeParse({ currency: "CNY" }).success).toBe(false);
  });
});
