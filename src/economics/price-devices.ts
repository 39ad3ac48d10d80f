// Puts prices on device records: each device gets its pricing (how it is costed, src/economics
// device-pricing.ts) and, for the engine parts that only multiply an hourly price by
// device-hours, an all-in price per device-hour (energy at full load for owned devices). Run at
// catalog load on the catalog's prices, and again with a scenario's costs: block, which wins.
import type { Device, Figure } from "../hardware/device.ts";
import type { Costs } from "./costs-schema.ts";
import { devicePricing } from "./device-pricing.ts";
import { allInHourlyUSD } from "./job-cost.ts";
import type { PriceCatalog } from "./prices-schema.ts";
import { isPriced } from "./types.ts";

export function priceDevice(d: Device, prices: PriceCatalog, costs?: Costs): Device {
  const pricing = devicePricing({ deviceId: d.id, tdpWatts: d.tdpWatts?.value, prices, costs });
  const allIn = allInHourlyUSD(pricing, d.tdpWatts?.value);
  let hourly: Figure | null = null;
  if (isPriced(pricing) && allIn) {
    hourly = {
      value: allIn.value,
      ...(allIn.low !== allIn.value ? { low: allIn.low } : {}),
      ...(allIn.high !== allIn.value ? { high: allIn.high } : {}),
      sources: pricing.sources,
      confidence: pricing.confidence === "user" ? "derived" : pricing.confidence,
      note: `${pricing.label}${pricing.energyIncluded ? "" : "; energy at full board and node power included"}`,
    };
  }
  return { ...d, pricing, pricePerDeviceHourUSD: hourly };
}

export function priceDevices(devices: Device[], prices: PriceCatalog, costs?: Costs): Device[] {
  return devices.map((d) => priceDevice(d, prices, costs));
}
