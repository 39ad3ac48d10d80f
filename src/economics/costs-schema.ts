// The scenario's `costs:` block: the user's own prices win over catalog/prices.yaml. Prices are
// in `currency` (CNY needs `exchangeRate`, yuan per US dollar). A device is costed either by the
// hour (a rent; energy included unless said otherwise) or by its purchase price amortised over
// years at a utilisation; electricity and PUE price the energy of owned devices.
import { z } from "zod";
import { CURRENCIES, OFFER_KINDS } from "./prices-schema.ts";

const positive = z.number().positive();
/** a number, or a range [low, high] */
const amount = z.union([positive, z.tuple([positive, positive])]);
const fraction = z.number().gt(0).max(1);

export const deviceCostsSchema = z
  .object({
    /** rent per device-hour */
    perDeviceHour: amount.optional().describe("rent per device-hour, in currency (a number or [low, high])"),
    /** false: the hourly price excludes power, which is then priced from electricity and PUE */
    includesEnergy: z
      .boolean()
      .optional()
      .describe("false: the hourly price excludes power, which is then priced from electricity and PUE"),
    /** purchase price per device, its share of server and network included */
    purchase: amount
      .optional()
      .describe(
        "purchase price per device, its share of server and network included (a number or [low, high])",
      ),
    amortisationYears: positive.optional().describe("years the purchase is written off over"),
    utilisation: fraction.optional().describe("share of the time the owned device does paid work (0 to 1]"),
  })
  .strict()
  .refine((d) => (d.perDeviceHour === undefined) !== (d.purchase === undefined), {
    message: "give either perDeviceHour or purchase",
  });

export const costsSchema = z
  .object({
    currency: z.enum(CURRENCIES).default("USD").describe("currency of every price here: USD or CNY"),
    /** yuan per US dollar, when currency is CNY */
    exchangeRate: positive.optional().describe("yuan per US dollar, when currency is CNY"),
    /** which catalog offer to cost devices on when no price is given here */
    basis: z
      .enum(OFFER_KINDS)
      .optional()
      .describe("which catalog offer to cost devices on when no price is given here"),
    /** price per kWh at the meter, in currency */
    electricityPerKWh: amount.optional().describe("price per kWh at the meter, in currency"),
    pue: z.number().min(1).max(3).optional().describe("power usage effectiveness of the site (1 to 3)"),
    amortisationYears: positive.optional().describe("years purchases are written off over (default 5)"),
    utilisation: fraction.optional().describe("share of the time owned devices do paid work (default 1)"),
    devices: z
      .record(z.string(), deviceCostsSchema)
      .optional()
      .describe("prices per hardware id: perDeviceHour or purchase"),
  })
  .strict()
  .refine((c) => c.currency === "USD" || c.exchangeRate !== undefined, {
    message: "currency CNY needs exchangeRate (yuan per US dollar)",
    path: ["exchangeRate"],
  });

export type Costs = z.infer<typeof costsSchema>;
export type CostsInput = z.input<typeof costsSchema>;
export type DeviceCosts = z.infer<typeof deviceCostsSchema>;
