// The measured kernel tables: catalog/kernels/<device>.<source>.json, written by
// scripts/import-kernel-tables.ts. Node only (reads files); each file validated at load, errors name
// the file; the tables of one device from every source are merged into one set.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DeviceKernelTables, kernelTableFileSchema } from "../hardware/kernel-table-schema.ts";

export const DEFAULT_KERNEL_DIR = fileURLToPath(new URL("../../catalog/kernels/", import.meta.url));

/** Every device's tables, sorted by device id; tables keep file order (files sorted by name). */
export type KernelCatalog = DeviceKernelTables[];

export function parseKernelFiles(files: { name: string; text: string }[]): KernelCatalog {
  const byDevice = new Map<string, DeviceKernelTables>();
  const problems: string[] = [];
  for (const { name, text } of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      problems.push(`${name}: not JSON: ${(e as Error).message}`);
      continue;
    }
    const r = kernelTableFileSchema.safeParse(data);
    if (!r.success) {
      for (const i of r.error.issues.slice(0, 10))
        problems.push(`${name} ${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
      continue;
    }
    if (!name.startsWith(`${r.data.device}.`))
      problems.push(`${name} device: "${r.data.device}" does not match the file name`);
    const set = byDevice.get(r.data.device) ?? { device: r.data.device, tables: [] };
    set.tables.push(...r.data.tables);
    byDevice.set(r.data.device, set);
  }
  if (problems.length > 0) throw new Error(`invalid kernel table catalog:\n${problems.join("\n")}`);
  return [...byDevice.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
}

export function loadKernelCatalog(dir: string = DEFAULT_KERNEL_DIR): KernelCatalog {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (e) {
    throw new Error(`cannot read the kernel table directory ${dir}: ${(e as Error).message}`);
  }
  return parseKernelFiles(names.map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") })));
}

/** The tables of one device, or undefined where none were measured (the caller keeps its prior). */
export function kernelTablesFor(
  catalog: KernelCatalog | undefined,
  device: string,
): DeviceKernelTables | undefined {
  return catalog?.find((s) => s.device === device);
}
