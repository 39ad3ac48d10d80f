// "Did you mean" for keys: the keys a zod schema accepts at a path of the input, found by walking
// the schema (zod 4's public `_zod.def` tree), and the one nearest a misspelt key by edit distance.
import type { z } from "zod";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every object schema a value at `path` may have to satisfy (several under a union). */
function objectsAt(schema: z.ZodType, path: (string | number)[], depth = 0): Def[] {
  if (depth > 64) return [];
  const d = defOf(schema);
  switch (d.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return d.innerType ? objectsAt(d.innerType, path, depth + 1) : [];
    case "pipe":
      return d.in ? objectsAt(d.in, path, depth + 1) : [];
    case "lazy":
      return d.getter ? objectsAt(d.getter(), path, depth + 1) : [];
    case "union":
      return (d.options ?? []).flatMap((o) => objectsAt(o, path, depth + 1));
    case "intersection":
      return [d.left, d.right].flatMap((o) => (o ? objectsAt(o, path, depth + 1) : []));
  }
  if (path.length === 0) return d.type === "object" ? [d] : [];
  const [head, ...rest] = path;
  if (d.type === "object") {
    const next = d.shape?.[String(head)];
    return next ? objectsAt(next, rest, depth + 1) : [];
  }
  if (d.type === "array" && typeof head === "number" && d.element)
    return objectsAt(d.element, rest, depth + 1);
  if (d.type === "record" && d.valueType) return objectsAt(d.valueType, rest, depth + 1);
  return [];
}

/** The keys the schema knows for the object at `path`, sorted. */
export function knownKeysAt(schema: z.ZodType, path: (string | number)[]): string[] {
  const keys = new Set<string>();
  for (const d of objectsAt(schema, path)) for (const k of Object.keys(d.shape ?? {})) keys.add(k);
  return [...keys].sort();
}

/**
 * The known key a misspelt one most likely meant: case-insensitive edit distance at most a third
 * of the key's length (at least 1, so "paralel" finds "parallel" and "seqlen" finds "seqLen").
 * Swapped neighbours count as one edit ("trian" finds "train").
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  // ties go to the longer common prefix ("tpp": tp before pp), then alphabetically
  const prefix = (c: string) => {
    let i = 0;
    while (i < k.length && i < c.length && k[i] === c[i].toLowerCase()) i++;
    return i;
  };
  let best: { key: string; d: number; p: number } | undefined;
  for (const c of known) {
    const d = editDistance(k, c.toLowerCase());
    const p = prefix(c);
    if (!best || d < best.d || (d === best.d && (p > best.p || (p === best.p && c < best.key))))
      best = { key: c, d, p };
  }
  const limit = Math.max(1, Math.floor(key.length / 3));
  return best && best.d <= limit ? best.key : undefined;
}

/**
 * Optimal-string-alignment distance (Damerau 1964, "A technique for computer detection and
 * correction of spelling errors"): insertions, deletions, substitutions and swaps of two adjacent
 * letters each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** "unknown key" with the nearest known key, or the list of known keys when none is near. */
export function unknownKeyMessage(schema: z.ZodType, path: (string | number)[], key: string): string {
  const known = knownKeysAt(schema, path);
  if (known.length === 0) return "unknown key";
  const near = didYouMean(key, known);
  return near ? `unknown key (did you mean ${near}?)` : `unknown key (known keys here: ${known.join(", ")})`;
}
