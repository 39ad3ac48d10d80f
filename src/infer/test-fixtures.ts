// Test-only helpers (Node: reads catalog/*.yaml once): catalog records for the inference tests.
import { loadCatalogs } from "../catalog/load.ts";
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import { type InferSpec, inferSchema } from "../scenario/schema.ts";

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

export function infer(spec: Partial<InferSpec> & { inputTokens: number; outputTokens: number }): InferSpec {
  return inferSchema.parse(spec);
}
