// `xpuplan devices`, `models` and `models import`: the catalogs, read from the build's snapshot
// when there is one (no YAML parsed), and a Hugging Face model turned into a catalog entry.
import { basename, dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { closest } from "../catalog/closest.ts";
import { readSnapshot } from "../catalog/snapshot.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import { CliError, unknownIds } from "./errors.ts";
import { deviceListJson, formatDevice, formatDeviceList } from "./format-devices.ts";
import { formatModel, formatModelList, modelListJson } from "./format-models.ts";

export interface Io {
  print(s: string): void;
  json(x: unknown): void;
}

async function catalogs(): Promise<Catalogs> {
  return readSnapshot() ?? (await import("../catalog/load.ts")).loadCatalogs();
}

export async function devices(id: string | undefined, o: { json?: boolean }, io: Io) {
  const { devices } = await catalogs();
  if (!id) return o.json ? io.json(deviceListJson(devices)) : io.print(formatDeviceList(devices));
  const d = devices.find((x) => x.id === id);
  if (!d)
    throw new CliError(
      unknownIds(
        [id],
        devices.map((x) => x.id),
        "devices",
      ),
    );
  return o.json ? io.json(d) : io.print(formatDevice(d));
}

export async function models(id: string | undefined, o: { json?: boolean }, io: Io) {
  const { models } = await catalogs();
  if (!id) return o.json ? io.json(modelListJson(models)) : io.print(formatModelList(models));
  const m = models.find((x) => x.id === id);
  if (!m) {
    const near = closest(
      id,
      models.map((x) => x.id),
    );
    throw new CliError([`models: unknown model id "${id}"; closest: ${near.join(", ")}`]);
  }
  return o.json ? io.json({ ...modelListJson([m])[0], arch: m.arch }) : io.print(formatModel(m));
}

export async function modelsImport(
  path: string,
  o: { id?: string; name?: string; url?: string; json?: boolean },
  io: Io,
) {
  const { readHfModel } = await import("./hf-files.ts");
  const { HfConfigError } = await import("../model/hf-config.ts");
  const { modelEntryFromHfConfig, modelEntryYaml } = await import("../model/hf-model-entry.ts");
  const hf = readHfModel(path);
  try {
    const url = o.url ?? undefined;
    const entry = modelEntryFromHfConfig(hf.config, {
      file: hf.file,
      id: o.id,
      // a local folder without a Hub name: the folder's name
      name: o.name ?? (hubOrUndefined(hf.config) ? undefined : basename(dirname(resolve(hf.file)))),
      url: url ?? (hubOrUndefined(hf.config) ? undefined : pathToFileURL(hf.file).href),
    });
    if (o.json) return io.json({ entry, checkpoint: hf.checkpoint });
    process.stdout.write(modelEntryYaml(entry, hf.checkpoint));
  } catch (e) {
    if (e instanceof HfConfigError) throw new CliError([e.message]);
    throw e;
  }
}

function hubOrUndefined(config: unknown): boolean {
  const n = (config as { _name_or_path?: unknown } | null)?._name_or_path;
  return typeof n === "string" && /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(n);
}
