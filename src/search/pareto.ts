// Pareto front of two costs, both minimised: a point stays when no other point is at least
// as good on both and strictly better on one (Deb 2001, "Multi-Objective Optimization using
// Evolutionary Algorithms", Def. 2.5 of dominance).

export function dominates(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[0] && a[1] <= b[1] && (a[0] < b[0] || a[1] < b[1]);
}

/** The non-dominated items, sorted by the first cost; equal points all stay (first seen first). */
export function paretoFront<T>(items: readonly T[], cost: (t: T) => readonly [number, number]): T[] {
  const keyed = items.map((item, i) => ({ item, c: cost(item), i }));
  keyed.sort((a, b) => a.c[0] - b.c[0] || a.c[1] - b.c[1] || a.i - b.i);
  const out: typeof keyed = [];
  let bestY = Infinity;
  for (const k of keyed) {
    const last = out[out.length - 1];
    if (k.c[1] < bestY || (last && last.c[0] === k.c[0] && last.c[1] === k.c[1])) {
      out.push(k);
      bestY = Math.min(bestY, k.c[1]);
    }
  }
  return out.map((k) => k.item);
}

/** A front kept up to date one point at a time; holds only the non-dominated points. */
export class ParetoSet<T> {
  readonly items: { item: T; c: readonly [number, number] }[] = [];

  /** Adds the point unless something dominates it; drops what it dominates. Returns whether it was kept. */
  add(item: T, c: readonly [number, number]): boolean {
    for (const x of this.items) if (dominates(x.c, c)) return false;
    for (let i = this.items.length - 1; i >= 0; i--)
      if (dominates(c, this.items[i].c)) this.items.splice(i, 1);
    this.items.push({ item, c });
    return true;
  }

  sorted(): T[] {
    return [...this.items].sort((a, b) => a.c[0] - b.c[0] || a.c[1] - b.c[1]).map((x) => x.item);
  }
}
