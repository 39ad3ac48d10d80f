// Test-only helpers (Node: reads catalog/*.yaml once): catalog records, a scenario schema with
// the posttrain block merged in, and the inputs of the post-training tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadCatalogs } from "../catalog/load.ts";
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import { scenarioSchema } from "../scenario/schema.ts";
import type { PostTrainInput } from "./evaluate.ts";
import { type PosttrainInput, posttrainSchema } from "./schema.ts";

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

/** The scenario format with the posttrain block, as the lead will merge it. */
export const scenarioWithPosttrain = scenarioSchema.extend({ posttrain: posttrainSchema.optional() });

export function readExample(name: string): unknown {
  return parse(readFileSync(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url)), "utf8"));
}

export function input(
  arch: string,
  hw: string,
  devices: number,
  parallel: PostTrainInput["parallel"],
  posttrain: PosttrainInput,
  extra: Partial<PostTrainInput> = {},
): PostTrainInput {
  return {
    arch: model(arch),
    device: device(hw),
    devices,
    parallel,
    calibration: catalogs.calibration,
    posttrain: posttrainSchema.parse(posttrain),
    ...extra,
  };
}
