// Node-side loading of every catalog the engine reads (devices, models, calibration, serving engines), each
// validated at load with errors that name the file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type Calibration, calibrationSchema } from "../hardware/calibration.ts";
import { parseServingEngines, type ServingEngineCatalog } from "../infer/serving-engines.ts";
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

export const SERVING_ENGINES_FILE = fileURLToPath(
  new URL("../../catalog/serving-engines.yaml", import.meta.url),
);

export function loadServingEngines(file: string = SERVING_ENGINES_FILE): ServingEngineCatalog {
  return parseServingEngines(readFileSync(file, "utf8"), file);
}

let cached: Catalogs | undefined;

export function loadCatalogs(): Catalogs {
  cached ??= {
    devices: loadDeviceCatalog(),
    models: loadModelCatalog(),
    calibration: loadCalibration(),
    reliability: loadReliabilityCatalog(),
    servingEngines: loadServingEngines(),
  };
  return cached;
}
