/// <reference types="vite/client" />
// The catalogs for the browser (and any Vite-built bundle): the same YAML and JSON files and zod
// schemas as the Node loader (load.ts), but read at build time through Vite's import.meta.glob, so
// the web worker computes on exactly the data the CLI and the API use, measured kernel tables included.
import { parse } from "yaml";
import type { z } from "zod";
import { withPeaks } from "../cost/device-tables.ts";
import { priceDevices } from "../economics/price-devices.ts";
import { parsePriceCatalog } from "../economics/prices-schema.ts";
import { type Calibration, calibrationSchema } from "../hardware/calibration.ts";
import { type Device, deviceSchema } from "../hardware/device.ts";
import { parseServingEngines } from "../infer/serving-engines.ts";
import { type ModelEntry, modelEntrySchema } from "../model/model-entry.ts";
import { parseReliabilityCatalog, type ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { stackCatalogSchema } from "../stack/train-stack.ts";
import { parseKernelFiles } from "./kernel-files.ts";

// import.meta.glob needs its options as a literal in each call (Vite reads them statically).
const deviceFiles = import.meta.glob<string>("../../catalog/devices/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const modelFiles = import.meta.glob<string>("../../catalog/models/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const calibrationFiles = import.meta.glob<string>("../../catalog/calibration.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const reliabilityFiles = import.meta.glob<string>("../../catalog/reliability.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

const stackFiles = import.meta.glob<string>("../../catalog/stacks.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const servingEngineFiles = import.meta.glob<string>("../../catalog/serving-engines.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const priceFiles = import.meta.glob<string>("../../catalog/prices.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

// the measured kernel tables as text, parsed by the Node loader's own function (./kernel-files.ts);
// about 1.6 MB raw, 0.3 MB as served compressed
const kernelFiles = import.meta.glob<string>("../../catalog/kernels/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});

const stem = (path: string) => (path.split("/").pop() ?? path).replace(/\.ya?ml$/, "");
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Parse and validate every file of one catalog; throws one Error listing every problem. */
function validated<T extends { id: string }>(
  files: Record<string, string>,
  schema: z.ZodType<T>,
  what: string,
): T[] {
  const out: T[] = [];
  const problems: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = path.split("/").pop();
    let data: unknown;
    try {
      data = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
    } catch (e) {
      problems.push(`${file} (yaml): ${(e as Error).message.split("\n")[0]}`);
      continue;
    }
    const r = schema.safeParse(data);
    if (!r.success) {
      for (const i of r.error.issues)
        problems.push(`${file} ${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
      continue;
    }
    if (r.data.id !== stem(path)) problems.push(`${file} id: "${r.data.id}" does not match the file name`);
    out.push(r.data);
  }
  if (problems.length > 0) throw new Error(`invalid ${what} catalog:\n${problems.join("\n")}`);
  if (out.length === 0) throw new Error(`no ${what} files were bundled`);
  return out.sort(byId);
}

function single(files: Record<string, string>, name: string): string {
  const text = Object.values(files)[0];
  if (text === undefined) throw new Error(`catalog/${name} was not bundled`);
  return text;
}

export interface BundledCatalogs extends Catalogs {
  /** catalog/reliability.yaml, when the checkout has one */
  reliability?: ReliabilityCatalog;
}

let cached: BundledCatalogs | undefined;

/** Every catalog, validated, in the shape loadCatalogs() returns in Node. */
export function bundledCatalogs(): BundledCatalogs {
  if (cached) return cached;
  const prices = parsePriceCatalog(single(priceFiles, "prices.yaml"), "prices.yaml");
  const devices: Device[] = priceDevices(validated(deviceFiles, deviceSchema, "device"), prices);
  const models: ModelEntry[] = validated(modelFiles, modelEntrySchema, "model");
  const cal = calibrationSchema.safeParse(parse(single(calibrationFiles, "calibration.yaml")));
  if (!cal.success) {
    throw new Error(
      `invalid calibration catalog:\n${cal.error.issues.map((i) => `calibration.yaml ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  const calibration: Calibration = cal.data;
  const relText = Object.values(reliabilityFiles)[0];
  const reliability =
    relText === undefined ? undefined : parseReliabilityCatalog(relText, "reliability.yaml");
  const stacks = stackCatalogSchema.parse(parse(single(stackFiles, "stacks.yaml")));
  const servingEngines = parseServingEngines(
    single(servingEngineFiles, "serving-engines.yaml"),
    "serving-engines.yaml",
  );
  const kernels = withPeaks(
    parseKernelFiles(
      Object.entries(kernelFiles).map(([path, text]) => ({ name: path.split("/").pop() ?? path, text })),
    ),
    devices,
  );
  cached = {
    devices,
    models,
    calibration,
    stacks,
    kernels,
    prices,
    servingEngines,
    ...(reliability ? { reliability } : {}),
  };
  return cached;
}
