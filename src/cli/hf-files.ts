// Reading a Hugging Face model from disk for the command line: a config.json, or a model folder
// holding one, plus the checkpoint's parameter count where the folder has it: every safetensors
// header (exact; only the header bytes are read), else model.safetensors.index.json's total_size.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CheckpointParams } from "../model/hf-model-entry.ts";
import { MAX_SAFETENSORS_HEADER_BYTES, paramsFromSafetensorsHeader } from "../model/safetensors.ts";
import { MAX_INPUT_BYTES } from "../scenario/parse.ts";
import { CliError } from "./errors.ts";

export interface HfFiles {
  /** the config.json read */
  file: string;
  config: unknown;
  checkpoint?: CheckpointParams;
}

/** torch_dtype → bytes per parameter, to turn the index's total_size into a count. */
const DTYPE_BYTES: Record<string, number> = { bfloat16: 2, float16: 2, float32: 4 };

export function readHfModel(path: string, what = path): HfFiles {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new CliError([`${what}: no such file or directory`]);
  }
  const dir = st.isDirectory() ? path : undefined;
  const file = dir ? join(dir, "config.json") : path;
  if (dir && !existsSync(file)) throw new CliError([`${what}: no config.json in this folder`]);
  const size = statSync(file).size;
  if (size > MAX_INPUT_BYTES)
    throw new CliError([`${file}: file is ${size} bytes; the limit is ${MAX_INPUT_BYTES}`]);
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CliError([`${file}: malformed JSON: ${(e as Error).message.split("\n")[0]}`]);
  }
  return { file, config, checkpoint: dir ? checkpointParams(dir, config) : undefined };
}

function checkpointParams(dir: string, config: unknown): CheckpointParams | undefined {
  const single = join(dir, "model.safetensors");
  if (existsSync(single)) return { total: headerParams(single), from: "safetensors header" };
  const indexFile = join(dir, "model.safetensors.index.json");
  if (!existsSync(indexFile)) return undefined;
  let index: { metadata?: { total_size?: unknown }; weight_map?: Record<string, unknown> };
  try {
    index = JSON.parse(readFileSync(indexFile, "utf8"));
  } catch (e) {
    throw new CliError([`${indexFile}: malformed JSON: ${(e as Error).message.split("\n")[0]}`]);
  }
  const shards = [...new Set(Object.values(index.weight_map ?? {}).filter((x) => typeof x === "string"))];
  if (shards.length > 0 && shards.every((s) => existsSync(join(dir, s as string)))) {
    const total = shards.reduce<number>((sum, s) => sum + headerParams(join(dir, s as string)), 0);
    return { total, from: `${shards.length} safetensors headers` };
  }
  const bytes = index.metadata?.total_size;
  const per = DTYPE_BYTES[String((config as { torch_dtype?: unknown })?.torch_dtype)];
  if (typeof bytes === "number" && per) {
    return { total: Math.round(bytes / per), from: "safetensors index total_size" };
  }
  return undefined;
}

/** Parameters in one safetensors file, reading only its header; FP8 scale tensors left out. */
function headerParams(file: string): number {
  const fd = openSync(file, "r");
  try {
    const len = Buffer.alloc(8);
    if (readSync(fd, len, 0, 8, 0) < 8) throw new CliError([`${file}: not a safetensors file (too short)`]);
    const n = len.readBigUInt64LE(0);
    if (n > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
      throw new CliError([
        `${file}: safetensors header of ${n} bytes exceeds ${MAX_SAFETENSORS_HEADER_BYTES}`,
      ]);
    }
    const buf = Buffer.alloc(8 + Number(n));
    readSync(fd, buf, 0, buf.length, 0);
    try {
      const p = paramsFromSafetensorsHeader(buf);
      return p.tensors.filter((t) => !t.name.endsWith("_scale_inv")).reduce((s, t) => s + t.params, 0);
    } catch (e) {
      throw new CliError([`${file}: ${(e as Error).message}`]);
    }
  } finally {
    closeSync(fd);
  }
}
