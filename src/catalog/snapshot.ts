// The catalogs as the build wrote them beside the compiled file (dist/catalog/catalogs.json: the
// records of catalog/, parsed and validated at build time; reading it takes a millisecond where
// parsing the YAML took a quarter of a second). There is none beside the sources, so the tests and
// `tsx` always read catalog/ itself; bin/xpuplan.js runs the build only while it is current,
// catalog/ included. No YAML or zod here: `xpuplan devices` loads little.
import { readFileSync } from "node:fs";
import type { Catalogs } from "../scenario/resolve.ts";

const SNAPSHOT = new URL("./catalogs.json", import.meta.url);
let read: { value?: Catalogs } | undefined;

export function readSnapshot(): Catalogs | undefined {
  if (!read) {
    try {
      read = { value: JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Catalogs };
    } catch {
      read = {};
    }
  }
  return read.value;
}
