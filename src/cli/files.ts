// Reading scenario and case files for the CLI: bounded size, every problem one line.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { type InputError, MAX_INPUT_BYTES, type Parsed, parseWith } from "../scenario/parse.ts";
import { CliError } from "./errors.ts";

export { CliError } from "./errors.ts";

export function readInput<S extends z.ZodType>(file: string, schema: S): Parsed<z.infer<S>> {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return fail(file, "is a directory, not a scenario file");
    size = st.size;
  } catch {
    return fail(file, "no such file");
  }
  if (size > MAX_INPUT_BYTES) return fail(file, `file is ${size} bytes; the limit is ${MAX_INPUT_BYTES}`);
  return parseWith(readFileSync(file, "utf8"), file, schema);
}

function fail(file: string, message: string): { ok: false; errors: InputError[] } {
  return { ok: false, errors: [{ file, path: [], message }] };
}

/** Every *.yaml, *.yml and *.json file below the paths, sorted. */
export function findCaseFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new CliError([`${p}: no such file or directory`]);
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else if (/\.(ya?ml|json)$/i.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p);
  return out;
}
