// What the output says when a device has no price: why, and the costs: block that gives one.
// Never a silent dash.
import type { PriceUnknown } from "./types.ts";

export function priceUnknown(deviceId: string, why: string | undefined): PriceUnknown {
  const reason = why ? `: ${why}` : "";
  return {
    basis: "unknown",
    message: `no price known for ${deviceId}${reason}. Give one in the scenario's costs: block (a rent per device-hour, or a purchase price with amortisation years)`,
    example: [
      "costs:",
      "  currency: USD",
      "  devices:",
      `    ${deviceId}: { perDeviceHour: 2.0 }          # rent, power included`,
      `    # or: ${deviceId}: { purchase: 25000, amortisationYears: 5, utilisation: 0.9 }`,
    ].join("\n"),
  };
}
