// The engine as the Node server sees it: the catalogs from disk and the engine modules that
// exist in this checkout. A module not built yet is simply absent, and its routes answer 501.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadCatalogs } from "../catalog/load.ts";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import type { Engine } from "./operations.ts";

async function optional(relative: string): Promise<Record<string, unknown> | undefined> {
  const url = new URL(relative, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as Record<string, unknown>;
}

export function nodeCatalogs(): Engine["catalogs"] {
  const base = loadCatalogs() as Engine["catalogs"];
  if (base.reliability) return base;
  const file = fileURLToPath(new URL("../../catalog/reliability.yaml", import.meta.url));
  return existsSync(file) ? { ...base, reliability: loadReliabilityCatalog(file) } : base;
}

/** Load the engine; `catalogs` replaces the ones on disk (tests, embedders). */
export async function loadEngine(catalogs?: Engine["catalogs"]): Promise<Engine> {
  const [infer, search] = await Promise.all([optional("../infer/index.ts"), optional("../search/index.ts")]);
  return { catalogs: catalogs ?? nodeCatalogs(), infer, search };
}
