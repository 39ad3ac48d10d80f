// Picks the failure-rate entry for a device kind, most specific first: exact device id, family
// pattern (nvidia-h100-* ...), vendor, global default, and derives its rate from the catalog's
// observations (entry-rate.ts). Says which entry it used and on what it rests, so a report can
// show whether the figure was measured for this kind, pooled, borrowed, or a vendor's claim.
import type { Figure } from "../hardware/device.ts";
import {
  COMPONENTS,
  type Component,
  type FleetAge,
  type ReliabilityCatalog,
  type ReliabilityEntry,
  type Scope,
} from "./catalog-schema.ts";
import { componentShares } from "./component-shares.ts";
import { entryRate, medianRate, type RateBasis } from "./entry-rate.ts";

export interface ObservationSummary {
  id: string;
  source: string;
  generation: string;
  kind: "count" | "bound";
  devices?: number;
  days?: number;
  interruptions?: number;
  perDeviceHour: number;
  low: number;
  high: number;
  /** high scaled to every cause, for a count of some components only */
  highAllCauses: number;
  confidence: string;
  fleet: FleetAge;
  /** among the counts the value is the median of */
  inValue: boolean;
  note?: string;
}

export interface ResolvedRates {
  entryId: string;
  scope: Scope;
  /** which pattern or name matched (null for the global default or an entry asked for by id) */
  matched: string | null;
  vendorClaim: boolean;
  /** true when no figure was published for this kind and a vendor or global default stands in */
  isDefault: boolean;
  description?: string;
  /** unexpected interruptions per device-hour, all components, with the range of the observations */
  unexpectedPerDeviceHour: Figure;
  plannedPerDeviceHour: Figure;
  basis: RateBasis;
  /** the early-fleet factor applied to the high end, or null */
  earlyFleetFactor: number | null;
  /** shares of interruptions by component (sum to 1) */
  componentShares: Record<Component, number>;
  /** unexpected interruptions per device-hour by component at the observations' node size */
  componentsPerDeviceHour: Record<Component, number>;
  /** devices per node of the fleets the rate was measured on: host faults scale per node */
  referenceDevicesPerNode: number;
  breakdownSources: string[];
  breakdownNote?: string;
  observations: ObservationSummary[];
  /** the catalog's source table, restricted to the ids cited */
  sources: Record<string, { title: string; url?: string }>;
}

/** "Huawei (HiSilicon)" -> "huawei"; "NVIDIA" -> "nvidia". */
export function normalizeVendor(vendor: string): string {
  return vendor.split("(")[0].trim().toLowerCase().replace(/\s+/g, " ");
}

function globMatches(pattern: string, id: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return re.test(id);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

function vendorMatches(name: string, vendor: string): boolean {
  const v = normalizeVendor(vendor);
  const n = normalizeVendor(name);
  return v === n || v.startsWith(`${n} `);
}

/** Specificity of a family pattern: literal characters count, so "nvidia-h200-*" beats "nvidia-h*". */
const specificity = (pattern: string) => pattern.replaceAll("*", "").length;

function pick(deviceId: string, vendor: string, entries: ReliabilityEntry[]) {
  for (const e of entries) {
    if (e.scope === "device" && e.match?.includes(deviceId)) return { entry: e, matched: deviceId };
  }
  let best: { entry: ReliabilityEntry; matched: string } | null = null;
  for (const e of entries) {
    if (e.scope !== "family") continue;
    for (const p of e.match ?? []) {
      if (globMatches(p, deviceId) && (!best || specificity(p) > specificity(best.matched))) {
        best = { entry: e, matched: p };
      }
    }
  }
  if (best) return best;
  for (const e of entries) {
    const m = e.scope === "vendor" ? e.match?.find((name) => vendorMatches(name, vendor)) : undefined;
    if (m) return { entry: e, matched: m };
  }
  const d = entries.find((e) => e.scope === "default");
  if (!d) throw new Error("reliability catalog has no default entry");
  return { entry: d, matched: null };
}

/** The rates of one entry, however it was reached. */
export function ratesForEntry(
  entry: ReliabilityEntry,
  catalog: ReliabilityCatalog,
  matched: string | null = null,
): ResolvedRates {
  const er = entryRate(entry, catalog);
  const cs = componentShares(entry, catalog);
  const value = er.figure.value;
  const counts = er.used.flatMap((u) =>
    u.inValue && u.observation.kind === "count" ? [u.observation.devicesPerNode] : [],
  );
  const plannedNote =
    er.planned.sources.length > 0
      ? "median of the published planned-stop counts (maintenance, upgrades, operator changes)"
      : "no planned-stop count published for these fleets";
  const cited = new Set([...er.figure.sources, ...er.planned.sources]);
  if (cs.breakdown) cited.add(cs.breakdown.source);
  return {
    entryId: entry.id,
    scope: entry.scope,
    matched,
    vendorClaim: er.vendorClaim,
    isDefault: entry.scope === "vendor" || entry.scope === "default",
    description: entry.description,
    unexpectedPerDeviceHour: er.figure,
    plannedPerDeviceHour: {
      value: er.planned.perDeviceHour,
      sources: er.planned.sources,
      confidence: er.planned.sources.length > 0 ? "derived" : "unknown",
      note: plannedNote,
    },
    basis: er.basis,
    earlyFleetFactor: er.earlyFleetFactor,
    componentShares: cs.shares,
    componentsPerDeviceHour: Object.fromEntries(COMPONENTS.map((c) => [c, value * cs.shares[c]])) as Record<
      Component,
      number
    >,
    referenceDevicesPerNode: counts.length > 0 ? medianRate(counts) : 8,
    breakdownSources: cs.breakdown ? [cs.breakdown.source] : [],
    breakdownNote: cs.breakdown
      ? (cs.breakdown.note ?? `shares from breakdown ${cs.breakdown.id}`)
      : "no component breakdown left: every interruption booked to the accelerator",
    observations: er.used.map(({ observation: o, rate, inValue }) => ({
      id: o.id,
      source: o.source,
      generation: o.generation,
      kind: o.kind,
      ...(o.kind === "count" ? { devices: o.devices, days: o.days, interruptions: o.interruptions } : {}),
      perDeviceHour: rate.perDeviceHour,
      low: rate.low,
      high: rate.high,
      highAllCauses: rate.highAllCauses,
      confidence: o.confidence,
      fleet: o.fleet,
      inValue,
      note: o.note,
    })),
    sources: Object.fromEntries(
      [...cited].flatMap((id) => {
        const s = catalog.sources[id];
        return s ? [[id, { title: s.title, ...(s.url ? { url: s.url } : {}) }]] : [];
      }),
    ),
  };
}

/** The most specific failure-rate entry for a device kind, with its rate derived and resolved. */
export function ratesFor(deviceId: string, vendor: string, catalog: ReliabilityCatalog): ResolvedRates {
  const { entry, matched } = pick(deviceId, vendor, catalog.entries);
  return ratesForEntry(entry, catalog, matched);
}

/** Every family entry's rates, for comparing a plan's goodput across device generations. */
export function familyRates(catalog: ReliabilityCatalog): ResolvedRates[] {
  return catalog.entries.filter((e) => e.scope === "family").map((e) => ratesForEntry(e, catalog));
}
