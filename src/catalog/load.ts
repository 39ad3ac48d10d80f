// Node-side loading of every catalog the engine reads (devices, models, calibration, kernel tables,
// stacks, prices, serving engines), each
// validated at load with errors that name the file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { withPeaks } from "../cost/device-tables.ts";
import { priceDevices } from "../economics/price-devices.ts";
import { type PriceCatalog, parsePriceCatalog } from "../economics/prices-schema.ts";
import { type Calibration, calibrationSchema } from "../hardware/calibration.ts";
import { parseServingEngines, type ServingEngineCatalog } from "../infer/serving-engines.ts";
import { loadModelCatalog } from "../model/catalog.ts";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { type StackCatalog, stackCatalogSchema } from "../stack/train-stack.ts";
import { loadDeviceCatalog } from "./devices.ts";
import { loadKernelCatalog } from "./kernels.ts";
import { readSnapshot } from "./snapshot.ts";

export const CALIBRATION_FILE = fileURLToPath(new URL("../../catalog/calibration.yaml", import.meta.url));

export function loadCalibration(file: string = CALIBRATION_FILE): Calibration {
  const r = calibrationSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`);
    throw new Error(lines.join("\n"));
  }
  return r.data;
}

export const SERVING_ENGINES_FILE = fileURLToPath(
  new URL("../../catalog/serving-engines.yaml", import.meta.url),
);

export function loadServingEngines(file: string = SERVING_ENGINES_FILE): ServingEngineCatalog {
  return parseServingEngines(readFileSync(file, "utf8"), file);
}

export const STACKS_FILE = fileURLToPath(new URL("../../catalog/stacks.yaml", import.meta.url));

export function loadStacks(file: string = STACKS_FILE): StackCatalog {
  const r = stackCatalogSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!r.success) {
    throw new Error(r.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  return r.data;
}

export const PRICES_FILE = fileURLToPath(new URL("../../catalog/prices.yaml", import.meta.url));

export function loadPrices(file: string = PRICES_FILE): PriceCatalog {
  return parsePriceCatalog(readFileSync(file, "utf8"), file);
}

/** Every catalog read from its YAML files and validated; devices carry their prices. */
export function loadCatalogsFromFiles(): Catalogs {
  const prices = loadPrices();
  const devices = priceDevices(loadDeviceCatalog(), prices);
  return {
    devices,
    models: loadModelCatalog(),
    calibration: loadCalibration(),
    reliability: loadReliabilityCatalog(),
    stacks: loadStacks(),
    kernels: withPeaks(loadKernelCatalog(), devices),
    prices,
    servingEngines: loadServingEngines(),
  };
}

let cached: Catalogs | undefined;

export function loadCatalogs(): Catalogs {
  // the build's snapshot (./snapshot.ts) when running compiled, the YAML files otherwise
  cached ??= readSnapshot() ?? loadCatalogsFromFiles();
  return cached;
}
