// The device catalog: catalog/devices/<id>.yaml, written by scripts/import-hardware.ts from
// data/hardware.json. Node only (reads files); the engine receives the parsed records.
import { fileURLToPath } from "node:url";
import { type Device, deviceSchema } from "../hardware/device.ts";
import { closest } from "./closest.ts";
import { loadCatalogDir } from "./load-dir.ts";

/** catalog/devices/ of this checkout, found from this file so it works from any cwd. */
export const DEFAULT_DEVICE_DIR = fileURLToPath(new URL("../../catalog/devices/", import.meta.url));

/**
 * Every device in `dir` (default: the repository's catalog), validated, sorted by id.
 * Throws one Error listing every problem, one line each: `file:line:col key.path: message`.
 */
export function loadDeviceCatalog(dir: string = DEFAULT_DEVICE_DIR): Device[] {
  return loadCatalogDir(dir, deviceSchema, "device");
}

/** The device with this id, or an error naming the closest ids. */
export function findDevice(devices: readonly Device[], id: string): Device {
  const d = devices.find((x) => x.id === id);
  if (d) return d;
  const near = closest(
    id,
    devices.map((x) => x.id),
  );
  throw new Error(`unknown hardware id "${id}"; closest: ${near.join(", ")}`);
}
