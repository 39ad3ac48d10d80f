// Node-only loader for catalog/reliability.yaml. Kept out of the folder's barrel (index.ts) so
// the engine stays free of I/O and bundles for the browser; shells import this file directly.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseReliabilityCatalog, type ReliabilityCatalog } from "./catalog-schema.ts";

/** The catalog shipped with the package, resolved from this file's location. */
export const DEFAULT_RELIABILITY_CATALOG = fileURLToPath(
  new URL("../../catalog/reliability.yaml", import.meta.url),
);

/** Reads and validates a reliability catalog; errors name the file. */
export function loadReliabilityCatalog(file: string = DEFAULT_RELIABILITY_CATALOG): ReliabilityCatalog {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(
      `${file}: cannot read reliability catalog (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  return parseReliabilityCatalog(text, file);
}
