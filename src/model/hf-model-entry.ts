// A model catalog entry (catalog/models/<id>.yaml) from a Hugging Face config.json: the
// architecture from archFromHfConfig, an id and name from the config's own `_name_or_path` (or
// what the caller gives), and its source. Pure: the shells read the files and print the entry.
import { stringify } from "yaml";
import { archFromHfConfig, HfConfigError } from "./hf-config.ts";
import { type ModelEntry, modelEntrySchema } from "./model-entry.ts";
import { paramCounts } from "./param-counts.ts";

export interface EntryOptions {
  /** the file the config came from, for messages */
  file?: string;
  id?: string;
  name?: string;
  /** where the config.json is published; default the Hub page of `_name_or_path` when it is org/name */
  url?: string;
}

/** "Qwen/Qwen3-8B" → its Hub page; undefined for a local path or no name. */
export function hubUrl(config: unknown): string | undefined {
  const n = (config as { _name_or_path?: unknown } | null)?._name_or_path;
  if (typeof n !== "string" || !/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(n)) return undefined;
  return `https://huggingface.co/${n}/blob/main/config.json`;
}

/** Lower-case letters, digits, '.', '-' (the catalog id rule). */
export function idFrom(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "");
}

export function modelEntryFromHfConfig(config: unknown, o: EntryOptions = {}): ModelEntry {
  const file = o.file ?? "config.json";
  const arch = archFromHfConfig(config, file);
  const named = (config as { _name_or_path?: unknown })._name_or_path;
  const base = typeof named === "string" && named.length > 0 ? (named.split("/").pop() ?? named) : undefined;
  const name = o.name ?? base ?? o.id;
  const id = o.id ?? (name ? idFrom(name) : undefined);
  if (!id || !name) {
    throw new HfConfigError(
      file,
      "_name_or_path",
      "missing key: give the model an id (--id, or ?id= in the API)",
    );
  }
  const url = o.url ?? hubUrl(config);
  if (!url) {
    throw new HfConfigError(
      file,
      "_name_or_path",
      "no Hub name to link: give the source URL (--url, or ?url=)",
    );
  }
  const entry = {
    id,
    name,
    source: { title: `${name} config.json (Hugging Face)`, url },
    arch: { name, ...arch },
  };
  const r = modelEntrySchema.safeParse(entry);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new HfConfigError(file, i.path.join(".") || "(root)", i.message);
  }
  return r.data;
}

export interface CheckpointParams {
  total: number;
  /** "safetensors headers" (exact) or "safetensors index" (total_size over the dtype's bytes) */
  from: string;
}

/** The entry as catalog YAML, with the parameter count (and the checkpoint's, when known) as comments. */
export function modelEntryYaml(entry: ModelEntry, checkpoint?: CheckpointParams): string {
  const pc = paramCounts(entry.arch);
  const lines = [
    `# ${entry.name}: ${pc.total.toLocaleString("en-US")} parameters by the architecture` +
      (pc.mtp > 0 ? ` (+ ${pc.mtp.toLocaleString("en-US")} in MTP modules)` : ""),
  ];
  if (checkpoint) {
    const diff = checkpoint.total / (pc.total + pc.mtpStored) - 1;
    lines.push(
      `# checkpoint: ${checkpoint.total.toLocaleString("en-US")} parameters (${checkpoint.from}); ` +
        `${(100 * diff).toFixed(2)} % from the architecture`,
    );
  }
  return `${lines.join("\n")}\n${stringify(entry, { lineWidth: 0 })}`;
}
