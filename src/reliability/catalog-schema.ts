// The shape of catalog/reliability.yaml: published failure observations (one per fleet and
// source), component breakdowns, the early-fleet factor and the entries that pool them per
// device generation. Rates are derived from the observations (entry-rate.ts), so leaving a
// source out (rates-excluding.ts) is mechanical. Pure: parses text, reads no files.
import { parse } from "yaml";
import { z } from "zod";
import { confidenceSchema, figureSchema } from "../hardware/device.ts";

/** Where an interruption came from. Planned maintenance is kept apart (observations' `planned`). */
export const COMPONENTS = [
  "accelerator",
  "hbm",
  "host",
  "nic",
  "switchCable",
  "storage",
  "software",
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Precedence, most specific first: an exact device id, a family pattern, a vendor, the global default. */
export const SCOPES = ["device", "family", "vendor", "default"] as const;
export type Scope = (typeof SCOPES)[number];

/** early: the generation's first year or so in large fleets; mature: afterwards. */
export const FLEET_AGES = ["early", "mature"] as const;
export type FleetAge = (typeof FLEET_AGES)[number];

const componentList = z.array(z.enum(COMPONENTS)).min(1);

const observationBase = {
  id: z.string().min(1),
  source: z.string().min(1),
  /** the generation label entries pool by (nvidia-hopper, huawei-ascend-910c, ...) */
  generation: z.string().min(1),
  vendor: z.string().min(1),
  confidence: confidenceSchema,
  fleet: z.enum(FLEET_AGES),
  /** the components the count covers; omitted: every interruption, whatever its cause */
  covers: componentList.optional(),
  note: z.string().optional(),
};

/** A count of job interruptions (or failures that each stop a synchronous job) on a known exposure. */
const countSchema = z
  .object({
    ...observationBase,
    kind: z.literal("count"),
    devices: z.number().int().positive(),
    devicesPerNode: z.number().int().positive(),
    days: z.number().positive(),
    /** where the source gives the period loosely ("several weeks") */
    daysLow: z.number().positive().optional(),
    daysHigh: z.number().positive().optional(),
    interruptions: z.number().nonnegative(),
    /** where the source gives the count as a range ("1-2 per week") */
    interruptionsLow: z.number().nonnegative().optional(),
    interruptionsHigh: z.number().nonnegative().optional(),
    /** planned stops in the same exposure, where published */
    planned: z.number().nonnegative().optional(),
  })
  .strict();

/** A bound or range on the per-device-hour rate stated or implied by the source (vendor claims). */
const boundSchema = z
  .object({
    ...observationBase,
    kind: z.literal("bound"),
    perDeviceHourLow: z.number().positive(),
    perDeviceHourHigh: z.number().positive(),
    vendorClaim: z.boolean(),
  })
  .strict();

export const observationSchema = z.discriminatedUnion("kind", [countSchema, boundSchema]);
export type Observation = z.infer<typeof observationSchema>;
export type CountObservation = z.infer<typeof countSchema>;
export type BoundObservation = z.infer<typeof boundSchema>;

export const breakdownSchema = z
  .object({
    id: z.string().min(1),
    source: z.string().min(1),
    /** published counts or percentages; normalised to shares */
    weights: z
      .object(
        Object.fromEntries(COMPONENTS.map((c) => [c, z.number().nonnegative()])) as Record<
          Component,
          z.ZodNumber
        >,
      )
      .strict(),
    note: z.string().optional(),
  })
  .strict()
  .refine((b) => COMPONENTS.some((c) => b.weights[c] > 0), {
    message: "breakdown weights must not all be zero",
  });
export type Breakdown = z.infer<typeof breakdownSchema>;

export const reliabilityEntrySchema = z
  .object({
    id: z.string().min(1),
    scope: z.enum(SCOPES),
    /** device: exact ids; family: glob patterns with `*`; vendor: vendor names (case-insensitive); default: omitted */
    match: z.array(z.string().min(1)).optional(),
    description: z.string().optional(),
    /** observation generations this entry pools */
    generations: z.array(z.string().min(1)),
    /** the entry whose observations widen and centre a thin pool (fewer than two measured counts) */
    parent: z.string().optional(),
    /** early fleets of a generation fail more: widens the high end where the rate is borrowed */
    fleet: z.enum(FLEET_AGES),
    /** breakdown ids, most preferred first; the first one left is used */
    breakdowns: z.array(z.string()),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.scope !== "default" && (!e.match || e.match.length === 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["match"],
        message: `scope ${e.scope} needs a non-empty match list`,
      });
    }
    if (e.scope === "default" && e.match) {
      ctx.addIssue({ code: "custom", path: ["match"], message: "scope default takes no match list" });
    }
  });
export type ReliabilityEntry = z.infer<typeof reliabilityEntrySchema>;

export const reliabilitySourceSchema = z
  .object({
    title: z.string(),
    url: z.string().optional(),
    /** case-insensitive fragments that identify this source in a validation case's source.title or .location */
    caseMatch: z.array(z.string().min(3)).optional(),
  })
  .strict();

export const reliabilityCatalogSchema = z
  .object({
    sources: z.record(z.string(), reliabilitySourceSchema),
    observations: z.array(observationSchema),
    breakdowns: z.array(breakdownSchema),
    /** multiplier on the high end of a borrowed rate for an early fleet, with its evidence */
    earlyFleetFactor: figureSchema,
    entries: z.array(reliabilityEntrySchema).min(1),
  })
  .strict()
  .superRefine((cat, ctx) => {
    const known = (s: string, path: (string | number)[]) => {
      if (!(s in cat.sources)) ctx.addIssue({ code: "custom", path, message: `unknown source id ${s}` });
    };
    const unique = (ids: string[], what: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id))
          ctx.addIssue({ code: "custom", path: [what, i, "id"], message: `duplicate id ${id}` });
        seen.add(id);
      });
    };
    unique(
      cat.observations.map((o) => o.id),
      "observations",
    );
    unique(
      cat.breakdowns.map((b) => b.id),
      "breakdowns",
    );
    unique(
      cat.entries.map((e) => e.id),
      "entries",
    );
    cat.observations.forEach((o, i) => {
      known(o.source, ["observations", i, "source"]);
      if (o.kind === "bound" && !(o.perDeviceHourLow <= o.perDeviceHourHigh)) {
        ctx.addIssue({ code: "custom", path: ["observations", i], message: "perDeviceHourLow exceeds High" });
      }
    });
    cat.breakdowns.forEach((b, i) => {
      known(b.source, ["breakdowns", i, "source"]);
    });
    cat.earlyFleetFactor.sources.forEach((s) => {
      known(s, ["earlyFleetFactor", "sources"]);
    });
    const entryIds = new Set(cat.entries.map((e) => e.id));
    const breakdownIds = new Set(cat.breakdowns.map((b) => b.id));
    cat.entries.forEach((e, i) => {
      if (e.parent !== undefined && !entryIds.has(e.parent)) {
        ctx.addIssue({
          code: "custom",
          path: ["entries", i, "parent"],
          message: `unknown entry ${e.parent}`,
        });
      }
      if (e.parent === e.id) {
        ctx.addIssue({
          code: "custom",
          path: ["entries", i, "parent"],
          message: "an entry cannot be its own parent",
        });
      }
      e.breakdowns.forEach((b, j) => {
        if (!breakdownIds.has(b)) {
          ctx.addIssue({
            code: "custom",
            path: ["entries", i, "breakdowns", j],
            message: `unknown breakdown ${b}`,
          });
        }
      });
    });
    if (cat.entries.filter((e) => e.scope === "default").length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["entries"],
        message: "exactly one entry must have scope default",
      });
    }
  });
export type ReliabilityCatalog = z.infer<typeof reliabilityCatalogSchema>;

/** Parses and validates the catalog text; every error names `fileName` and the path inside it. */
export function parseReliabilityCatalog(text: string, fileName: string): ReliabilityCatalog {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (err) {
    throw new Error(`${fileName}: ${(err as Error).message}`);
  }
  const result = reliabilityCatalogSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${fileName}: invalid reliability catalog\n${lines.join("\n")}`);
  }
  return result.data;
}
