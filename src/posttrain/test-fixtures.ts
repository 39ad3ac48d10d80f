// Test-only helpers (Node: reads catalog/*.yaml once): catalog records, a scenario schema with
// the posttrain block merged in, and the inputs of the post-training tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { catalogs, device, model } from "../catalog/test-fixtures.ts";
import type { PostTrainInput } from "./evaluate.ts";
import { type PosttrainInput, posttrainSchema } from "./schema.ts";

export { catalogs, device, model };

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
