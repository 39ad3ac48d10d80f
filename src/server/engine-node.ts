// The engine as the Node server sees it: the catalogs from disk (the code is imported statically).
import { loadCatalogs } from "../catalog/load.ts";
import type { Engine } from "./operations.ts";

export function nodeCatalogs(): Engine["catalogs"] {
  return loadCatalogs();
}

/** Load the engine; `catalogs` replaces the ones on disk (tests, embedders). */
export async function loadEngine(catalogs?: Engine["catalogs"]): Promise<Engine> {
  return { catalogs: catalogs ?? nodeCatalogs() };
}
