// Which sources a build of the command line (dist/) was made from, so that the launcher runs a
// build only while it matches the files on disk. Two fingerprints of the build's inputs (tests and
// the web app are none): `contents`, a SHA-256 over every path and its bytes (the proof), and
// `stats`, over every path, size and modification time (cheap: no file is read). Equal stats mean
// untouched files; unequal stats (a checkout rewrites the times) fall back to the contents.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export const BUILD_INPUTS = ["src", "catalog", "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs"];

const isInput = (rel) => !rel.endsWith(".test.ts") && !rel.startsWith("src/web/");

/** The build inputs below `root` (the package folder), sorted, with their stats. */
function inputs(root) {
  const files = [];
  const walk = (rel) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const e of readdirSync(abs)) walk(`${rel}/${e}`);
    } else if (isInput(rel)) {
      files.push({ rel, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  for (const p of BUILD_INPUTS) walk(p);
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Over every input's path, size and modification time. */
export function statsFingerprint(root) {
  const h = createHash("sha256");
  for (const f of inputs(root)) h.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\0`);
  return h.digest("hex");
}

/** Over every input's path and content. */
export function fingerprint(root) {
  const h = createHash("sha256");
  for (const f of inputs(root)) {
    h.update(`${f.rel}\0`);
    h.update(readFileSync(join(root, f.rel)));
    h.update("\0");
  }
  return h.digest("hex");
}

/** Whether a build stamped `stamp` ({fingerprint, stats}) was made from the inputs below `root` now. */
export function stampIsCurrent(stamp, root) {
  if (!stamp || typeof stamp.fingerprint !== "string") return false;
  if (stamp.stats === statsFingerprint(root)) return true;
  return stamp.fingerprint === fingerprint(root);
}
