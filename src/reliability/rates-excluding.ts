// Leave-one-source-out for reliability: the catalog without everything a source contributed (its
// observations, its breakdowns, and the early-fleet factor if it is part of that factor's
// evidence), so a case from that source is predicted only from the others. Every rate is derived
// from observations (entry-rate.ts), so removing them is the whole of the exclusion.
import type { ReliabilityCatalog } from "./catalog-schema.ts";

/** The catalog as it would be had `sourceIds` never been published. */
export function ratesExcluding(
  catalog: ReliabilityCatalog,
  sourceIds: string | readonly string[],
): ReliabilityCatalog {
  const out = new Set(typeof sourceIds === "string" ? [sourceIds] : sourceIds);
  if (out.size === 0) return catalog;
  const factor = catalog.earlyFleetFactor;
  const factorHit = factor.sources.some((s) => out.has(s));
  return {
    ...catalog,
    sources: Object.fromEntries(Object.entries(catalog.sources).filter(([id]) => !out.has(id))),
    observations: catalog.observations.filter((o) => !out.has(o.source)),
    breakdowns: catalog.breakdowns.filter((b) => !out.has(b.source)),
    earlyFleetFactor: factorHit
      ? {
          value: 1,
          sources: factor.sources.filter((s) => !out.has(s)),
          confidence: "unknown",
          note: `left out with ${[...out].join(", ")}: no early-fleet widening`,
        }
      : factor,
  };
}

/**
 * The catalog sources a validation case rests on, matched mechanically: a source's `caseMatch`
 * fragments against the case's source.title and source.location, case-insensitively. A case may
 * match several (a paper and its logbook); none means no rate was taken from its source.
 */
export function caseSourceIds(
  caseSource: { title: string; location?: string },
  catalog: ReliabilityCatalog,
): string[] {
  const text = `${caseSource.title} ${caseSource.location ?? ""}`.toLowerCase();
  return Object.entries(catalog.sources)
    .filter(([, s]) => (s.caseMatch ?? []).some((m) => text.includes(m.toLowerCase())))
    .map(([id]) => id);
}

/** The catalog a validation case is predicted with under leave-one-source-out. */
export function catalogForCase(
  caseSource: { title: string; location?: string },
  catalog: ReliabilityCatalog,
): { catalog: ReliabilityCatalog; excluded: string[] } {
  const excluded = caseSourceIds(caseSource, catalog);
  return { catalog: ratesExcluding(catalog, excluded), excluded };
}
