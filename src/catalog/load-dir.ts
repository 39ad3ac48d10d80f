// One loader for a catalog folder of <id>.yaml records (devices, models): each file parsed with
// positions, validated by the record's schema, its id checked against the file name and the
// other files; every problem one line `file:line:col key.path: message`, all at once.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

export function loadCatalogDir<S extends z.ZodType<{ id: string }>>(
  dir: string,
  schema: S,
  what: string,
): z.infer<S>[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
      .sort();
  } catch (e) {
    throw new Error(`cannot read the ${what} catalog directory ${dir}: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new Error(`no ${what} files (*.yaml) in ${dir}`);

  const records: z.infer<S>[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, file), "utf8"), {
      lineCounter: lines,
      uniqueKeys: true,
    });
    const at = (offset: number | undefined) => {
      if (offset === undefined) return file;
      const { line, col } = lines.linePos(offset);
      return `${file}:${line}:${col}`;
    };
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(`${at(e.pos[0])} (yaml): ${e.message.split("\n")[0]}`);
      continue;
    }
    const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        problems.push(`${at(offsetOf(doc, path))} ${path.join(".") || "(root)"}: ${issue.message}`);
      }
      continue;
    }
    const r = parsed.data as z.infer<S>;
    const stem = file.replace(/\.ya?ml$/, "");
    if (r.id !== stem) problems.push(`${file} id: "${r.id}" does not match the file name (${stem})`);
    const other = seen.get(r.id);
    if (other) problems.push(`${file} id: "${r.id}" is also defined in ${other}`);
    seen.set(r.id, file);
    records.push(r);
  }
  if (problems.length > 0) throw new Error(`invalid ${what} catalog:\n${problems.join("\n")}`);
  return records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Offset of the deepest node on `path` that exists (a missing key points at its parent). */
function offsetOf(doc: ReturnType<typeof parseDocument>, path: string[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}
