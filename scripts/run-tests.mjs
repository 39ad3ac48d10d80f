// Every test: type check, lint and format check, then vitest, then one plain closing line "N passed, N failed" that
// any CI can read (vitest's own summary is coloured and not in that form).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: false });
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const tsc = run(npx, ["tsc", "--noEmit"]);
const lint = run(npx, ["biome", "check", "src", "scripts"]);
const out = join(mkdtempSync(join(tmpdir(), "xpuplan-test-")), "vitest.json");
const vt = run(npx, [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${out}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(out, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
} catch {
  failed += 1;
}
if (tsc.status !== 0) {
  console.log("type check failed");
  failed += 1;
}
if (lint.status !== 0) {
  console.log("lint or format check failed (npx biome check --write src scripts fixes formatting)");
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || vt.status !== 0 || tsc.status !== 0 || lint.status !== 0 ? 1 : 0);
