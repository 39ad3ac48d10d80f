// The normalised device record every engine layer reads. Built from data/hardware.json
// by scripts/import-hardware.ts into catalog/devices/*.yaml; every figure keeps its source.
import { z } from "zod";
import type { DevicePricing } from "../economics/types.ts";

export const CONFIDENCES = [
  "measured",
  "official",
  "paper",
  "derived",
  "analyst",
  "rumor",
  "unknown",
] as const;
export const confidenceSchema = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof confidenceSchema>;

/** A sourced figure. `value` is the nominal point the engine uses; `low`/`high` keep a range. */
export const figureSchema = z
  .object({
    value: z.number(),
    low: z.number().optional(),
    high: z.number().optional(),
    sources: z.array(z.string()),
    confidence: confidenceSchema,
    note: z.string().optional(),
  })
  .strict();
export type Figure = z.infer<typeof figureSchema>;

export const DTYPES = ["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"] as const;
export const dtypeSchema = z.enum(DTYPES);
export type Dtype = z.infer<typeof dtypeSchema>;

/** switched: NVSwitch-like any-to-any; full-mesh: HCCS-like, each peer over its own link;
 * supernode: a large switched domain (CloudMatrix384 Unified Bus, NVL72); pcie: no fabric. */
export const FABRIC_KINDS = ["switched", "full-mesh", "supernode", "pcie", "torus"] as const;
export const fabricKindSchema = z.enum(FABRIC_KINDS);
export type FabricKind = z.infer<typeof fabricKindSchema>;

export const deviceSchema = z
  .object({
    id: z.string(),
    vendor: z.string(),
    name: z.string(),
    variant: z.string().optional(),
    status: z.string().optional(),
    releaseYear: z.number().int().optional(),
    /** dense peak per dtype in TFLOP/s (TOPS for int); null = not supported / unknown (see note). */
    peakTflops: z.record(dtypeSchema, figureSchema.nullable()),
    /** why a dtype is null: "unsupported" or "unknown". */
    dtypeNotes: z.record(z.string(), z.string()).optional(),
    memory: z
      .object({
        kind: z.string().optional(),
        capacityGB: figureSchema.nullable(),
        bandwidthTBps: figureSchema.nullable(),
      })
      .strict(),
    l2MB: figureSchema.nullable().optional(),
    scaleUp: z
      .object({
        kind: fabricKindSchema,
        technology: z.string().optional(),
        /** per-device bandwidth, one direction, GB/s */
        bandwidthGBps: figureSchema.nullable(),
        /** full-mesh: the per-peer link limit, one direction, GB/s */
        perPeerGBps: figureSchema.nullable().optional(),
        domainSize: z.number().int().positive(),
        note: z.string().optional(),
      })
      .strict(),
    scaleOut: z
      .object({
        /** per-device NIC rate in Gb/s (bits) */
        gbpsPerDevice: figureSchema.nullable(),
        note: z.string().optional(),
      })
      .strict(),
    devicesPerNode: z.number().int().positive(),
    tdpWatts: figureSchema.nullable(),
    /** not in the catalog files: filled at load from catalog/prices.yaml (and a scenario's costs:)
     * by src/economics: an all-in price per device-hour, energy at full load included */
    pricePerDeviceHourUSD: figureSchema.nullable().optional(),
    /** the same source: how the device is costed (basis, rate, energy, site), or why it is not */
    pricing: z.custom<DevicePricing>((v) => typeof v === "object" && v !== null).optional(),
    /** interruptions per device-hour attributable to this kind, where sourced */
    failuresPerDeviceHour: figureSchema.nullable().optional(),
    plannable: z.boolean(),
    notPlannableReasons: z.array(z.string()).optional(),
    notes: z.array(z.string()).optional(),
    sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().optional() }).strict()),
  })
  .strict();
export type Device = z.infer<typeof deviceSchema>;
