// The catalogs as one scenario sees them: with a costs: block, every device repriced on the
// user's numbers (compare, lifecycle and port look at devices other than the scenario's own).
import type { Catalogs } from "../scenario/resolve.ts";
import type { Costs } from "./costs-schema.ts";
import { priceDevices } from "./price-devices.ts";

export function scenarioCatalogs(cat: Catalogs, costs: Costs | undefined): Catalogs {
  if (!costs || !cat.prices) return cat;
  return { ...cat, devices: priceDevices(cat.devices, cat.prices, costs) };
}
