// Reads a scenario or case file (YAML or JSON: JSON is YAML) and turns every problem into one
// line naming the file, line:column and key path, so a typo never hides and no stack trace leaks.
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { InputError } from "./input-error.ts";
import { unknownKeyMessage } from "./known-keys.ts";

export { formatInputError, type InputError } from "./input-error.ts";

export type Locate = (path: (string | number)[]) => { line?: number; column?: number };
export type Parsed<T> = { ok: true; value: T; locate: Locate } | { ok: false; errors: InputError[] };

/** 1 MiB of text is far more than any scenario; refuse larger input before parsing it. */
export const MAX_INPUT_BYTES = 1024 * 1024;

interface Locator {
  at(path: (string | number)[], key?: string): { line?: number; column?: number };
}

function locator(doc: Document, lc: LineCounter): Locator {
  const pos = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    at(path, key) {
      // Walk down as far as the document goes; report the deepest node that exists.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node === undefined || node === null) continue;
        if (key !== undefined && n === path.length && isMap(node)) {
          const pair = node.items.find((it) => isScalar(it.key) && it.key.value === key);
          const k = pair?.key as { range?: [number, number, number] } | undefined;
          if (k?.range) return pos(k.range[0]);
        }
        if (node.range) return pos(node.range[0]);
      }
      return {};
    },
  };
}

/** Parse text, then validate it with a zod schema; errors carry positions. */
export function parseWith<S extends z.ZodType>(text: string, file: string, schema: S): Parsed<z.infer<S>> {
  if (text.length > MAX_INPUT_BYTES) {
    return {
      ok: false,
      errors: [{ file, path: [], message: `file is ${text.length} bytes; the limit is ${MAX_INPUT_BYTES}` }],
    };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return {
          file,
          line: p.line,
          column: p.col,
          path: [],
          message: `malformed YAML/JSON: ${firstLine(e.message)}`,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return {
      ok: false,
      errors: [{ file, path: [], message: `malformed YAML/JSON: ${firstLine(String(e))}` }],
    };
  }
  if (data === null || data === undefined) {
    return { ok: false, errors: [{ file, path: [], message: "the file is empty" }] };
  }
  const result = schema.safeParse(data);
  const loc = locator(doc, lc);
  if (result.success) return { ok: true, value: result.data, locate: (p) => loc.at(p) };
  const errors: InputError[] = [];
  for (const iss of result.error.issues) {
    const path = iss.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as (string | number)[];
    if (iss.code === "unrecognized_keys") {
      for (const k of (iss as { keys: string[] }).keys) {
        const message = unknownKeyMessage(schema, path, k);
        errors.push({ file, ...loc.at(path, k), path: [...path, k], message });
      }
      continue;
    }
    errors.push({ file, ...loc.at(path), path, message: describe(iss, data, path) });
  }
  return { ok: false, errors };
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function describe(iss: z.core.$ZodIssue, data: unknown, path: (string | number)[]): string {
  const got = valueAt(data, path);
  if (got === undefined && iss.code === "invalid_type") return `missing key (expected ${iss.expected})`;
  const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)?.slice(0, 60)})`;
  if (iss.code === "invalid_union") return `not a valid value${shown}`;
  return `${firstLine(iss.message)}${shown}`;
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}
