// An entry's interruption rate per device-hour, derived from the catalog's observations (the rules
// are stated at the top of catalog/reliability.yaml and in docs/reliability.md): the median of the
// measured counts, pooled with the parent entry's when fewer than two; the lowest-to-highest range
// of every observation kept, never averaged away; the geometric centre of the range where only
// vendor claims exist; an early fleet's borrowed high end raised by the early-fleet factor.
import type { Figure } from "../hardware/device.ts";
import type { Observation, ReliabilityCatalog, ReliabilityEntry } from "./catalog-schema.ts";
import { componentShares } from "./component-shares.ts";
import { exposureDeviceHours, type ObservationRate, observationRate } from "./observation-rate.ts";

/** Observations that may set the value: counts from the operator's paper, report or derivation. */
const CENTER_GRADES = new Set(["measured", "paper", "official", "derived"]);

export type RateBasis = "measured" | "pooled" | "borrowed" | "claims";

export interface UsedObservation {
  observation: Observation;
  rate: ObservationRate;
  /** true when its rate is among those the median is taken over */
  inValue: boolean;
}

export interface EntryRate {
  figure: Figure;
  basis: RateBasis;
  /** the rate rests only on vendor claims */
  vendorClaim: boolean;
  /** every observation behind the value or the range */
  used: UsedObservation[];
  /** the early-fleet factor applied to the high end, or null */
  earlyFleetFactor: number | null;
  /** planned stops per device-hour (median of the counts that publish them) and their sources */
  planned: { perDeviceHour: number; sources: string[] };
}

interface Pools {
  center: Observation[];
  range: Observation[];
  basis: RateBasis;
}

const isCounted = (o: Observation) => o.kind === "count" && CENTER_GRADES.has(o.confidence);

/** Median, the geometric mean of the middle two for an even count (rates spread over decades). */
export function medianRate(rates: number[]): number {
  const s = [...rates].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) throw new Error("medianRate: no rates");
  return n % 2 === 1 ? s[(n - 1) / 2] : Math.sqrt(s[n / 2 - 1] * s[n / 2]);
}

const union = (a: Observation[], b: Observation[]) => [...a, ...b.filter((o) => !a.includes(o))];

function pools(entry: ReliabilityEntry, cat: ReliabilityCatalog, seen: string[]): Pools {
  if (seen.includes(entry.id)) throw new Error(`reliability catalog: parent cycle through ${entry.id}`);
  const own = cat.observations.filter((o) => entry.generations.includes(o.generation));
  const center = own.filter(isCounted);
  const parent = entry.parent ? cat.entries.find((e) => e.id === entry.parent) : undefined;
  if (entry.scope === "default") {
    if (own.length === 0) throw new Error("reliability catalog: the default entry has no observations left");
    return { center, range: own, basis: center.length > 0 ? "borrowed" : "claims" };
  }
  if (center.length >= 2) return { center, range: own, basis: "measured" };
  if (!parent) {
    if (own.length === 0) throw new Error(`reliability catalog: entry ${entry.id} has no observations left`);
    return { center, range: own, basis: center.length > 0 ? "measured" : "claims" };
  }
  const p = pools(parent, cat, [...seen, entry.id]);
  const pooled = union(center, p.center);
  const basis: RateBasis = own.length === 0 ? "borrowed" : pooled.length === 0 ? "claims" : "pooled";
  return { center: pooled, range: union(own, p.range), basis };
}

export function entryRate(entry: ReliabilityEntry, catalog: ReliabilityCatalog): EntryRate {
  const { shares } = componentShares(entry, catalog);
  const p = pools(entry, catalog, []);
  const rate = new Map(p.range.concat(p.center).map((o) => [o, observationRate(o, shares)]));
  const r = (o: Observation) => rate.get(o) as ObservationRate;
  let low = Math.min(...p.range.map((o) => r(o).low));
  let high = Math.max(...p.range.map((o) => r(o).highAllCauses));
  const value =
    p.center.length > 0 ? medianRate(p.center.map((o) => r(o).perDeviceHour)) : Math.sqrt(low * high);
  // early fleets fail more than the mature fleets their borrowed rate was measured on
  let early: number | null = null;
  if (entry.fleet === "early" && (p.basis === "pooled" || p.basis === "borrowed")) {
    const f = catalog.earlyFleetFactor.value;
    const highs = (age: "early" | "mature") =>
      p.range.filter((o) => o.fleet === age).map((o) => r(o).highAllCauses);
    const raised = Math.max(...highs("early"), ...highs("mature").map((h) => f * h));
    if (raised > high) {
      high = raised;
      early = f;
    }
  }
  low = Math.min(low, value);
  high = Math.max(high, value);
  const vendorClaim = p.center.length === 0 && p.range.every((o) => o.kind === "bound" && o.vendorClaim);
  const sources = [...new Set([...p.center, ...p.range].map((o) => o.source))];
  if (early !== null) sources.push(...catalog.earlyFleetFactor.sources.filter((s) => !sources.includes(s)));
  const confidence =
    p.basis === "measured"
      ? "paper"
      : p.basis === "claims"
        ? vendorClaim
          ? "official"
          : "analyst"
        : "derived";
  const used = p.range
    .concat(p.center.filter((o) => !p.range.includes(o)))
    .map((o) => ({ observation: o, rate: r(o), inValue: p.center.includes(o) }));
  return {
    figure: { value, low, high, sources, confidence, note: describe(p, early) },
    basis: p.basis,
    vendorClaim,
    used,
    earlyFleetFactor: early,
    planned: plannedRate(entry, catalog),
  };
}

/**
 * Planned stops are an operator's practice, published by few: the median over the entry's own
 * generations that publish them, else its parents', else every observation's (the default entry).
 */
function plannedRate(
  entry: ReliabilityEntry,
  cat: ReliabilityCatalog,
): { perDeviceHour: number; sources: string[] } {
  const chain: ReliabilityEntry[] = [];
  for (let e: ReliabilityEntry | undefined = entry; e && !chain.includes(e); ) {
    chain.push(e);
    e = e.parent ? cat.entries.find((x) => x.id === e?.parent) : undefined;
  }
  const fallback = cat.entries.find((e) => e.scope === "default");
  if (fallback && !chain.includes(fallback)) chain.push(fallback);
  for (const e of chain) {
    const p = plannedOf(cat.observations.filter((o) => e.generations.includes(o.generation)));
    if (p) return p;
  }
  return { perDeviceHour: 0, sources: [] };
}

function plannedOf(obs: Observation[]): { perDeviceHour: number; sources: string[] } | null {
  const withPlanned = obs.filter((o) => o.kind === "count" && o.planned !== undefined);
  if (withPlanned.length === 0) return null;
  const rates = withPlanned.map((o) =>
    o.kind === "count" ? (o.planned ?? 0) / exposureDeviceHours(o.devices, o.days) : 0,
  );
  return { perDeviceHour: medianRate(rates), sources: [...new Set(withPlanned.map((o) => o.source))] };
}

function describe(p: Pools, early: number | null): string {
  const head = {
    measured: `median of ${p.center.length} measured count${p.center.length === 1 ? "" : "s"} of this generation`,
    pooled: `median of ${p.center.length} measured counts, this generation pooled with its parent's`,
    borrowed: `no observation of this kind: median of ${p.center.length} measured counts of other kinds`,
    claims: "no independent count: geometric centre of the claimed range",
  }[p.basis];
  const range = `range over ${p.range.length} observation${p.range.length === 1 ? "" : "s"}`;
  return `${head}; ${range}${early !== null ? `; high end x ${early} for an early fleet` : ""}`;
}
