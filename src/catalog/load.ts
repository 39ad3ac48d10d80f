// Node-side loading of every catalog the engine reads (devices, models, calibration), each
// validated at load with errors that name the file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { priceDevices } from "../economics/price-devices.ts";
import { type PriceCatalog, parsePriceCatalog } from "../economics/prices-schema.ts";
import { type Calibration, calibrationSchema } from "../hardware/calibration.ts";
import { loadModelCatalog } from "../model/catalog.ts";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { loadDeviceCatalog } from "./devices.ts";

export const CALIBRATION_FILE = fileURLToPath(new URL("../../catalog/calibration.yaml", import.meta.url));

export function loadCalibration(file: string = CALIBRATION_FILE): Calibration {
  const r = calibrationSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`);
    throw new Error(lines.join("\n"));
  }
  return r.data;
}

export const PRICES_FILE = fileURLToPath(new URL("../../catalog/prices.yaml", import.meta.url));

export function loadPrices(file: string = PRICES_FILE): PriceCatalog {
  return parsePriceCatalog(readFileSync(file, "utf8"), file);
}

let cached: Catalogs | undefined;

export function loadCatalogs(): Catalogs {
  if (!cached) {
    const prices = loadPrices();
    cached = {
      devices: priceDevices(loadDeviceCatalog(), prices),
      models: loadModelCatalog(),
      calibration: loadCalibration(),
      reliability: loadReliabilityCatalog(),
      prices,
    };
  }
  return cached;
}
