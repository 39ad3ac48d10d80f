// The engine as the Node server sees it: the catalogs from disk (the code is imported statically)
// and the tool's version from package.json (src/ and dist/ sit at the same depth).
import { readFileSync } from "node:fs";
import { loadCatalogs } from "../catalog/load.ts";
import type { Engine } from "./operations.ts";

export function nodeCatalogs(): Engine["catalogs"] {
  return loadCatalogs();
}

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    return String((pkg as { version: unknown }).version);
  } catch {
    return "0.0.0";
  }
}

/** Load the engine; `catalogs` replaces the ones on disk (tests, embedders). */
export async function loadEngine(catalogs?: Engine["catalogs"]): Promise<Engine> {
  return { catalogs: catalogs ?? nodeCatalogs(), version: packageVersion() };
}
