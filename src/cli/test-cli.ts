// Running the CLI as a person does, for the tests: a real process through bin/xpuplan.js (the
// build when current, the sources otherwise), its exit status, stdout and stderr.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

export const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "bin/xpuplan.js"), ...args], { cwd: root, encoding: "utf8" });

/** A scratch folder; `write` puts a file in it (folders made as needed) and returns its path. */
export function scratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name: string, content: string | Uint8Array) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
  };
}

/** A safetensors file holding only its header: one BF16 tensor of `params` elements. */
export function safetensorsHeader(params: number, name = "w"): Uint8Array {
  const header = Buffer.from(
    JSON.stringify({ [name]: { dtype: "BF16", shape: [params], data_offsets: [0, 2 * params] } }),
  );
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header]);
}
