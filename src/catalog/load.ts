// Node-side loading of every catalog the engine reads (devices, models, calibration), each
// validated at load with errors that name the file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type Calibration, calibrationSchema } from "../hardware/calibration.ts";
import { loadModelCatalog } from "../model/catalog.ts";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { loadDeviceCatalog } from "./devices.ts";
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

/** Every catalog read from its YAML files and validated. */
export function loadCatalogsFromFiles(): Catalogs {
  return {
    devices: loadDeviceCatalog(),
    models: loadModelCatalog(),
    calibration: loadCalibration(),
    reliability: loadReliabilityCatalog(),
  };
}

let cached: Catalogs | undefined;

export function loadCatalogs(): Catalogs {
  // the build's snapshot (./snapshot.ts) when running compiled, the YAML files otherwise
  cached ??= readSnapshot() ?? loadCatalogsFromFiles();
  return cached;
}
