// Shares of interruptions by component for an entry: the first of its breakdowns still in the
// catalog (a source left out for cross-validation takes its breakdown with it), normalised to 1.
// With none left, every interruption is booked to the accelerator and the result says so.
import {
  type Breakdown,
  COMPONENTS,
  type Component,
  type ReliabilityCatalog,
  type ReliabilityEntry,
} from "./catalog-schema.ts";

export interface ComponentShares {
  shares: Record<Component, number>;
  /** the breakdown used, or null when none was left */
  breakdown: Breakdown | null;
}

export function componentShares(entry: ReliabilityEntry, catalog: ReliabilityCatalog): ComponentShares {
  for (const id of entry.breakdowns) {
    const b = catalog.breakdowns.find((x) => x.id === id);
    if (!b) continue;
    const sum = COMPONENTS.reduce((s, c) => s + b.weights[c], 0);
    const shares = Object.fromEntries(COMPONENTS.map((c) => [c, b.weights[c] / sum])) as Record<
      Component,
      number
    >;
    return { shares, breakdown: b };
  }
  const shares = Object.fromEntries(COMPONENTS.map((c) => [c, c === "accelerator" ? 1 : 0])) as Record<
    Component,
    number
  >;
  return { shares, breakdown: null };
}
