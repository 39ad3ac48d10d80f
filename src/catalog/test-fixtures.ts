// Test-only helpers (Node: reads catalog/*.yaml once): the catalogs and lookups by id that the
// engine's tests share.
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import { loadCatalogs } from "./load.ts";

export const catalogs = loadCatalogs();

export function model(id: string): Arch {
  const m = catalogs.models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}`);
  return m.arch;
}

export function device(id: string): Device {
  const d = catalogs.devices.find((x) => x.id === id);
  if (!d) throw new Error(`no device ${id}`);
  return d;
}
