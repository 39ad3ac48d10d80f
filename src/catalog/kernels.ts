// The measured kernel tables read from catalog/kernels/ in Node: the files listed and read here,
// parsed and validated by ./kernel-files.ts (which the browser bundle shares), errors naming the file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KernelCatalog, parseKernelFiles } from "./kernel-files.ts";

export { type KernelCatalog, kernelTablesFor, parseKernelFiles } from "./kernel-files.ts";

export const DEFAULT_KERNEL_DIR = fileURLToPath(new URL("../../catalog/kernels/", import.meta.url));

export function loadKernelCatalog(dir: string = DEFAULT_KERNEL_DIR): KernelCatalog {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (e) {
    throw new Error(`cannot read the kernel table directory ${dir}: ${(e as Error).message}`);
  }
  return parseKernelFiles(names.map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") })));
}
