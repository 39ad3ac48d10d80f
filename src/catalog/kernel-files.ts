// The parsing half of the measured kernel tables (catalog/kernels/<device>.<source>.json, written by
// scripts/import-kernel-tables.ts): file texts in, one validated set per device out. No file access,
// so the Node loader (./kernels.ts) and the browser bundle (./bundle.ts) parse the very same way.
import { type DeviceKernelTables, kernelTableFileSchema } from "../hardware/kernel-table-schema.ts";

/** Every device's tables, sorted by device id; tables keep file order (files sorted by name). */
export type KernelCatalog = DeviceKernelTables[];

/** Parse and validate every file; the tables of one device from every source merge into one set.
 * Throws one Error listing every problem, each naming its file. */
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

/** The tables of one device, or undefined where none were measured (the caller keeps its prior). */
export function kernelTablesFor(
  catalog: KernelCatalog | undefined,
  device: string,
): DeviceKernelTables | undefined {
  return catalog?.find((s) => s.device === device);
}
