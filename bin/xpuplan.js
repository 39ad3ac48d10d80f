#!/usr/bin/env node
// Starts the command line from its JavaScript build (dist/: made by `npm run build:cli`, on
// `npm install` in a clone, and shipped in the package) when that build is current, and from the
// TypeScript sources through tsx otherwise. Current means: the package holds no src/ (an installed
// package ships only the build), or dist/build-stamp.json records the fingerprints
// (bin/fingerprint.js) of the sources on disk now. So a stale build never runs; editing a source
// falls back to the sources until the next build. XPUPLAN_FROM_SOURCE=1 always runs the sources.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/cli/main.js", import.meta.url);

async function buildIsCurrent() {
  if (process.env.XPUPLAN_FROM_SOURCE || !existsSync(built)) return false;
  if (!existsSync(new URL("../src/", import.meta.url))) return true;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL("../dist/build-stamp.json", import.meta.url), "utf8"));
  } catch {
    return false;
  }
  const { stampIsCurrent } = await import("./fingerprint.js");
  return stampIsCurrent(stamp, fileURLToPath(new URL("..", import.meta.url)));
}

let entry;
if (await buildIsCurrent()) {
  entry = await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  entry = await import("../src/cli/main.ts");
}
process.exitCode = await entry.main(process.argv.slice(2));
