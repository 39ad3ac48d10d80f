// The model catalog: catalog/models/<id>.yaml, each {id, name, source, arch} with the numbers
// of the model's published config.json. Node only (reads files); the engine gets the records.
import { fileURLToPath } from "node:url";
import { loadCatalogDir } from "../catalog/load-dir.ts";
import { type ModelEntry, modelEntrySchema } from "./model-entry.ts";

export { findModel, type ModelEntry, modelEntrySchema } from "./model-entry.ts";

/** catalog/models/ of this checkout, found from this file so it works from any cwd. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL("../../catalog/models/", import.meta.url));

/**
 * Every model in `dir` (default: the repository's catalog), validated, sorted by id.
 * Throws one Error listing every problem, one line each: `file:line:col key.path: message`.
 */
export function loadModelCatalog(dir: string = DEFAULT_MODEL_DIR): ModelEntry[] {
  return loadCatalogDir(dir, modelEntrySchema, "model");
}
