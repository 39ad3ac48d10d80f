// The shape of catalog/reliability.yaml: job-interruption rates per device-hour by device kind,
// each total with source and confidence, and a component breakdown given as weights (counts or
// percentages as published) that are normalised here. Pure: parses text, reads no files.
import { parse } from "yaml";
import { z } from "zod";
import { figureSchema } from "../hardware/device.ts";

/** Where an interruption came from. Planned maintenance is kept apart (see `plannedPerDeviceHour`). */
export const COMPONENTS = ["accelerator", "hbm", "host", "nic", "switchCable", "software"] as const;
export type Component = (typeof COMPONENTS)[number];

/** Precedence, most specific first: an exact device id, a family pattern, a vendor, the global default. */
export const SCOPES = ["device", "family", "vendor", "default"] as const;
export type Scope = (typeof SCOPES)[number];

const weightsSchema = z
  .object(
    Object.fromEntries(COMPONENTS.map((c) => [c, z.number().nonnegative()])) as Record<
      Component,
      z.ZodNumber
    >,
  )
  .strict()
  .refine((w) => COMPONENTS.some((c) => w[c] > 0), { message: "breakdown weights must not all be zero" });

export const reliabilityEntrySchema = z
  .object({
    id: z.string().min(1),
    scope: z.enum(SCOPES),
    /** device: exact ids; family: glob patterns with `*`; vendor: vendor names (case-insensitive); default: omitted */
    match: z.array(z.string().min(1)).optional(),
    description: z.string().optional(),
    /** true where the figure is the vendor's own claim, not an independent measurement */
    vendorClaim: z.boolean().default(false),
    /** unexpected job interruptions per device-hour, all components together */
    unexpectedPerDeviceHour: figureSchema,
    /** planned interruptions (maintenance, upgrades, operator changes) per device-hour */
    plannedPerDeviceHour: figureSchema,
    breakdown: z
      .object({ weights: weightsSchema, sources: z.array(z.string()), note: z.string().optional() })
      .strict(),
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

export const reliabilityCatalogSchema = z
  .object({
    sources: z.record(z.string(), z.object({ title: z.string(), url: z.string().optional() }).strict()),
    entries: z.array(reliabilityEntrySchema).min(1),
  })
  .strict()
  .superRefine((cat, ctx) => {
    const ids = new Set<string>();
    cat.entries.forEach((e, i) => {
      if (ids.has(e.id))
        ctx.addIssue({ code: "custom", path: ["entries", i, "id"], message: `duplicate id ${e.id}` });
      ids.add(e.id);
      const cited = [
        ...e.unexpectedPerDeviceHour.sources,
        ...e.plannedPerDeviceHour.sources,
        ...e.breakdown.sources,
      ];
      for (const s of cited) {
        if (!(s in cat.sources)) {
          ctx.addIssue({ code: "custom", path: ["entries", i], message: `unknown source id ${s}` });
        }
      }
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
