// The device catalog: catalog/devices/<id>.yaml, written by scripts/import-hardware.ts from
// shared/data/hardware.json. Node only (reads files); the engine receives the parsed records.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isNode, LineCounter, parseDocument } from "yaml";
import { type Device, deviceSchema } from "../hardware/device.ts";
import { closest } from "./closest.ts";

/** catalog/devices/ of this checkout, found from this file so it works from any cwd. */
export const DEFAULT_DEVICE_DIR = fileURLToPath(new URL("../../catalog/devices/", import.meta.url));

/**
 * Every device in `dir` (default: the repository's catalog), validated, sorted by id.
 * Throws one Error listing every problem, one line each: `file:line:col key.path: message`.
 */
export function loadDeviceCatalog(dir: string = DEFAULT_DEVICE_DIR): Device[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
      .sort();
  } catch (e) {
    throw new Error(`cannot read the device catalog directory ${dir}: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new Error(`no device files (*.yaml) in ${dir}`);

  const devices: Device[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, file), "utf8"), { lineCounter: lines });
    const at = (offset: number | undefined) => {
      if (offset === undefined) return file;
      const { line, col } = lines.linePos(offset);
      return `${file}:${line}:${col}`;
    };
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(`${at(e.pos[0])} (yaml): ${e.message.split("\n")[0]}`);
      continue;
    }
    const parsed = deviceSchema.safeParse(doc.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        problems.push(`${at(offsetOf(doc, path))} ${path.join(".") || "(root)"}: ${issue.message}`);
      }
      continue;
    }
    const d = parsed.data;
    const stem = file.replace(/\.ya?ml$/, "");
    if (d.id !== stem) problems.push(`${file} id: "${d.id}" does not match the file name (${stem})`);
    const other = seen.get(d.id);
    if (other) problems.push(`${file} id: "${d.id}" is also defined in ${other}`);
    seen.set(d.id, file);
    devices.push(d);
  }
  if (problems.length > 0) throw new Error(`invalid device catalog:\n${problems.join("\n")}`);
  return devices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Offset of the deepest node on `path` that exists (a missing key points at its parent). */
function offsetOf(doc: ReturnType<typeof parseDocument>, path: string[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

/** The device with this id, or an error naming the closest ids. */
export function findDevice(devices: readonly Device[], id: string): Device {
  const d = devices.find((x) => x.id === id);
  if (d) return d;
  const near = closest(
    id,
    devices.map((x) => x.id),
  );
  throw new Error(`unknown hardware id "${id}"; closest: ${near.join(", ")}`);
}
