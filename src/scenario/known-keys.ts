// "Did you mean" for keys: the keys a zod schema accepts at a path of the input, found by walking
// the schema (zod 4's public `_zod.def` tree), and the one nearest a misspelt key by edit distance.
import type { z } from "zod";
import { levenshtein } from "../catalog/closest.ts";

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
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const c of known) {
    const d = levenshtein(k, c.toLowerCase());
    if (!best || d < best.d || (d === best.d && c < best.key)) best = { key: c, d };
  }
  const limit = Math.max(1, Math.floor(key.length / 3));
  return best && best.d <= limit ? best.key : undefined;
}

/** "unknown key" with the nearest known key, or the list of known keys when none is near. */
export function unknownKeyMessage(schema: z.ZodType, path: (string | number)[], key: string): string {
  const known = knownKeysAt(schema, path);
  if (known.length === 0) return "unknown key";
  const near = didYouMean(key, known);
  return near ? `unknown key (did you mean ${near}?)` : `unknown key (known keys here: ${known.join(", ")})`;
}
