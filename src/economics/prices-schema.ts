// The price catalog, catalog/prices.yaml: what a device costs to rent or buy, what its node
// draws beyond the board, and the site figures (PUE, electricity, amortisation) a total cost of
// ownership needs. Kept apart from the device specs so prices can be dated and updated on their
// own. Every figure carries its sources, confidence and date; ranges stay ranges.
import { parse } from "yaml";
import { z } from "zod";
import { confidenceSchema } from "../hardware/device.ts";

const positive = z.number().positive();

/** A number with an optional range around it. */
export const amountSchema = z
  .object({
    value: z.number().nonnegative(),
    low: z.number().nonnegative().optional(),
    high: positive.optional(),
  })
  .strict();

/** A sourced site or power figure. */
export const sourcedSchema = amountSchema
  .extend({
    sources: z.array(z.string()).min(1),
    confidence: confidenceSchema,
    note: z.string().optional(),
  })
  .strict();
export type Sourced = z.infer<typeof sourcedSchema>;

export const OFFER_KINDS = ["on-demand", "reserved", "rental", "purchase"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
export const CURRENCIES = ["USD", "CNY"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Per device or per unit of `devicesPerUnit` devices (a server, a rack, a superchip); by the
 * hour, by the month (730.5 h), or once (a purchase). */
export const OFFER_UNITS = [
  "device-hour",
  "device-month",
  "unit-hour",
  "unit-month",
  "device",
  "unit",
] as const;
export type OfferUnit = (typeof OFFER_UNITS)[number];

export const offerSchema = z
  .object({
    kind: z.enum(OFFER_KINDS),
    amount: amountSchema,
    currency: z.enum(CURRENCIES),
    unit: z.enum(OFFER_UNITS),
    devicesPerUnit: z.number().int().positive().optional(),
    /** purchase: what the price covers; a chip alone leaves out the server and network */
    scope: z.enum(["chip", "server", "cluster"]).optional(),
    provider: z.string().optional(),
    region: z.string().optional(),
    /** when the price was quoted, YYYY-MM */
    date: z.coerce.string().regex(/^\d{4}(-\d{2})?$/),
    sources: z.array(z.string()).min(1),
    confidence: confidenceSchema,
    note: z.string().optional(),
  })
  .strict()
  .refine((o) => !o.unit.startsWith("unit") || o.devicesPerUnit !== undefined, {
    message: "a per-unit price needs devicesPerUnit",
    path: ["devicesPerUnit"],
  })
  .refine((o) => (o.kind === "purchase") === (o.unit === "device" || o.unit === "unit"), {
    message: "a purchase is priced per device or per unit; a rent per hour or month",
    path: ["unit"],
  });
export type Offer = z.infer<typeof offerSchema>;

export const devicePricesSchema = z
  .object({
    offers: z.array(offerSchema).default([]),
    /** what the node draws per device beyond the board (CPUs, NICs, fans, switch share), at load */
    overheadWatts: sourcedSchema.optional(),
    /** why no price is listed */
    unknown: z.string().optional(),
  })
  .strict();
export type DevicePrices = z.infer<typeof devicePricesSchema>;

export const priceCatalogSchema = z
  .object({
    /** which kind of offer a device is costed on when the scenario does not say */
    basisOrder: z.array(z.enum(OFFER_KINDS)).min(1),
    exchangeRates: z.object({ CNY: sourcedSchema.extend({ date: z.string() }).strict() }).strict(),
    site: z
      .object({
        pue: sourcedSchema,
        electricityUSDPerKWh: sourcedSchema,
        amortisationYears: sourcedSchema,
        utilisation: sourcedSchema,
        /** node overhead as a share of board power, for devices without their own figure */
        overheadFraction: sourcedSchema,
      })
      .strict(),
    devices: z.record(z.string(), devicePricesSchema),
    sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().optional() }).strict()),
  })
  .strict();
export type PriceCatalog = z.infer<typeof priceCatalogSchema>;

/** Parses catalog/prices.yaml text; every problem one line naming the file and the key path. */
export function parsePriceCatalog(text: string, file = "prices.yaml"): PriceCatalog {
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new Error(`${file} (yaml): ${(e as Error).message.split("\n")[0]}`);
  }
  const r = priceCatalogSchema.safeParse(data);
  if (!r.success)
    throw new Error(
      r.error.issues.map((i) => `${file}: ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n"),
    );
  const known = new Set(r.data.sources.map((s) => s.id));
  const problems: string[] = [];
  const check = (ids: string[], where: string) => {
    for (const id of ids)
      if (!known.has(id)) problems.push(`${file}: ${where}: source "${id}" is not listed under sources`);
  };
  check(r.data.exchangeRates.CNY.sources, "exchangeRates.CNY");
  for (const [k, s] of Object.entries(r.data.site)) check(s.sources, `site.${k}`);
  for (const [id, d] of Object.entries(r.data.devices)) {
    for (const [i, o] of d.offers.entries()) check(o.sources, `devices.${id}.offers.${i}`);
    if (d.overheadWatts) check(d.overheadWatts.sources, `devices.${id}.overheadWatts`);
    if (d.offers.length === 0 && !d.unknown)
      problems.push(`${file}: devices.${id}: no offers and no "unknown" reason`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return r.data;
}
