// The model catalog: catalog/models/<id>.yaml, each {id, name, source, arch} with the numbers
// of the model's published config.json. Node only (reads files); the engine gets the records.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isNode, LineCounter, parseDocument } from "yaml";
import { type ModelEntry, modelEntrySchema } from "./model-entry.ts";

export { findModel, type ModelEntry, modelEntrySchema } from "./model-entry.ts";

/** catalog/models/ of this checkout, found from this file so it works from any cwd. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL("../../catalog/models/", import.meta.url));

/**
 * Every model in `dir` (default: the repository's catalog), validated, sorted by id.
 * Throws one Error listing every problem, one line each: `file:line:col key.path: message`.
 */
export function loadModelCatalog(dir: string = DEFAULT_MODEL_DIR): ModelEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
      .sort();
  } catch (e) {
    throw new Error(`cannot read the model catalog directory ${dir}: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new Error(`no model files (*.yaml) in ${dir}`);

  const models: ModelEntry[] = [];
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
    const parsed = modelEntrySchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        problems.push(`${at(offsetOf(doc, path))} ${path.join(".") || "(root)"}: ${issue.message}`);
      }
      continue;
    }
    const m = parsed.data;
    const stem = file.replace(/\.ya?ml$/, "");
    if (m.id !== stem) problems.push(`${file} id: "${m.id}" does not match the file name (${stem})`);
    const other = seen.get(m.id);
    if (other) problems.push(`${file} id: "${m.id}" is also defined in ${other}`);
    seen.set(m.id, file);
    models.push(m);
  }
  if (problems.length > 0) throw new Error(`invalid model catalog:\n${problems.join("\n")}`);
  return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Offset of the deepest node on `path` that exists (a missing key points at its parent). */
function offsetOf(doc: ReturnType<typeof parseDocument>, path: string[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}
