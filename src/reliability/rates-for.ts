// Picks the failure-rate entry for a device kind, most specific first: exact device id, family
// pattern (nvidia-h100-* ...), vendor, global default. Says which it used, so a report can show
// whether the figure was published for this kind, borrowed, or a vendor's claim.
import type { Figure } from "../hardware/device.ts";
import {
  COMPONENTS,
  type Component,
  type ReliabilityCatalog,
  type ReliabilityEntry,
  type Scope,
} from "./catalog-schema.ts";

export interface ResolvedRates {
  entryId: string;
  scope: Scope;
  /** which pattern or name matched (null for the global default) */
  matched: string | null;
  vendorClaim: boolean;
  /** true when no figure was published for this kind and a vendor or global default stands in */
  isDefault: boolean;
  description?: string;
  /** unexpected interruptions per device-hour, all components */
  unexpectedPerDeviceHour: Figure;
  plannedPerDeviceHour: Figure;
  /** unexpected interruptions per device-hour by component; sums to unexpectedPerDeviceHour.value */
  componentsPerDeviceHour: Record<Component, number>;
  breakdownSources: string[];
  breakdownNote?: string;
  /** the catalog's source table, restricted to the ids this entry cites */
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

/** The most specific failure-rate entry for a device kind, with its component rates resolved. */
export function ratesFor(deviceId: string, vendor: string, catalog: ReliabilityCatalog): ResolvedRates {
  const { entry, matched } = pick(deviceId, vendor, catalog.entries);
  const w = entry.breakdown.weights;
  const sum = COMPONENTS.reduce((s, c) => s + w[c], 0);
  const total = entry.unexpectedPerDeviceHour.value;
  const componentsPerDeviceHour = Object.fromEntries(
    COMPONENTS.map((c) => [c, (total * w[c]) / sum]),
  ) as Record<Component, number>;
  const cited = new Set([
    ...entry.unexpectedPerDeviceHour.sources,
    ...entry.plannedPerDeviceHour.sources,
    ...entry.breakdown.sources,
  ]);
  return {
    entryId: entry.id,
    scope: entry.scope,
    matched,
    vendorClaim: entry.vendorClaim,
    isDefault: entry.scope === "vendor" || entry.scope === "default",
    description: entry.description,
    unexpectedPerDeviceHour: entry.unexpectedPerDeviceHour,
    plannedPerDeviceHour: entry.plannedPerDeviceHour,
    componentsPerDeviceHour,
    breakdownSources: entry.breakdown.sources,
    breakdownNote: entry.breakdown.note,
    sources: Object.fromEntries([...cited].map((id) => [id, catalog.sources[id]])),
  };
}
