// `npm run build:cli`, and `npm install` in a clone (through `prepare`): the command line as
// JavaScript in dist/ (tsc, one .js per .ts, the folder layout kept so that paths found from
// import.meta.url still lead to catalog/ and package.json), the catalogs parsed and validated once
// into dist/catalog/catalogs.json (parsing the YAML was most of the start-up time), and
// dist/build-stamp.json with the fingerprint of the sources it was built from (bin/xpuplan.js runs
// the build only while that matches). With --if-possible a failed build is a warning, not an error:
// the command line then runs from the TypeScript sources, only slower.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { fingerprint, statsFingerprint } from "../bin/fingerprint.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const lenient = process.argv.includes("--if-possible");

function fail(message) {
  if (lenient) {
    console.warn(`xpuplan: build skipped (${message}); the command line runs from the TypeScript sources`);
    process.exit(0);
  }
  console.error(`xpuplan: build failed: ${message}`);
  process.exit(1);
}

// Taken before compiling: a source edited meanwhile leaves the build stale, never wrongly current.
const stamp = { fingerprint: fingerprint(root), stats: statsFingerprint(root) };

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  fail("typescript is not installed");
}
// The previous build goes, so no file of a deleted source lingers; dist/web is the web app's (vite).
for (const e of existsSync(dist) ? readdirSync(dist) : []) {
  if (e !== "web") rmSync(join(dist, e), { recursive: true, force: true });
}
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
// A type error still emits JavaScript that behaves as the sources do (noEmitOnError: false); the
// type check belongs to `npm test`, which reports it.
if (r.error) fail(r.error.message);
if (r.status !== 0)
  console.warn("xpuplan: tsc reported type errors (npm test shows them); the build was written");
if (!existsSync(join(dist, "cli/main.js"))) fail("tsc wrote no dist/cli/main.js");

const { loadCatalogsFromFiles } = await import(pathToFileURL(join(dist, "catalog/load.js")).href);
let catalogs;
try {
  catalogs = loadCatalogsFromFiles();
} catch (e) {
  fail(`the catalogs do not load: ${e.message}`);
}
const text = JSON.stringify(catalogs);
if (!isDeepStrictEqual(JSON.parse(text), catalogs)) fail("the catalogs do not survive a JSON round trip");
writeFileSync(join(dist, "catalog/catalogs.json"), text);
writeFileSync(join(dist, "build-stamp.json"), `${JSON.stringify(stamp, null, 2)}\n`);
console.log("xpuplan: built dist/ (the command line as JavaScript)");
