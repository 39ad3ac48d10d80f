// "Did you mean" for catalog ids (hardware, models): Levenshtein edit distance (Wagner–Fischer,
// one row of memory), plus an infix variant so that a short query like "h100" ranks the ids that
// contain it ("nvidia-h100-sxm") ahead of short ids that merely have few letters to change.

/** Edit distance between a and b: insertions, deletions and substitutions each cost 1. */
export function levenshtein(a: string, b: string): number {
  return distance(a, b, false);
}

/** Edit distance between `query` and the best-matching substring of `text`. */
export function infixDistance(query: string, text: string): number {
  return distance(query, text, true);
}

function distance(a: string, b: string, infix: boolean): number {
  // row[j] = cost of turning a[0..i) into b[..j); in infix mode a may start anywhere in b.
  let row = Array.from({ length: b.length + 1 }, (_, j) => (infix ? 0 : j));
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      next.push(Math.min(sub, row[j] + 1, next[j - 1] + 1));
    }
    row = next;
  }
  // In infix mode a may also end anywhere in b.
  return infix ? Math.min(...row) : row[b.length];
}

/**
 * The `n` candidates closest to `query`, case-insensitively: by infix distance, then by full
 * Levenshtein distance, then alphabetically, so the answer is deterministic.
 */
export function closest(query: string, candidates: readonly string[], n = 3): string[] {
  const q = query.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => {
      const lc = c.toLowerCase();
      return { c, infix: infixDistance(q, lc), full: levenshtein(q, lc) };
    })
    .sort((x, y) => x.infix - y.infix || x.full - y.full || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, Math.max(0, n))
    .map((x) => x.c);
}
