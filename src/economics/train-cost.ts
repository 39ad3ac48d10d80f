// The training report's money: the job cost (./job-cost.ts), and the warning a report carries
// when its device has no price, with the costs: block that would give one.
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import { priceUnknown } from "./missing-price.ts";

export { jobCost } from "./job-cost.ts";

export function trainCostWarning(device: Device): Issue {
  const p = device.pricing?.basis === "unknown" ? device.pricing : priceUnknown(device.id, undefined);
  return issue("price_unknown", ["costs", "devices", device.id], `${p.message}, e.g.\n${p.example}`, {
    severity: "warning",
  });
}
