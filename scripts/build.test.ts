// The launcher's choice between the build and the sources (bin/xpuplan.js, bin/fingerprint.js),
// on a stand-in package: a stale build must never run, a current one must.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fingerprint, stampIsCurrent, statsFingerprint } from "../bin/fingerprint.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function standIn() {
  const dir = mkdtempSync(join(tmpdir(), "xpuplan-launch-"));
  cpSync(join(root, "bin"), join(dir, "bin"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const put = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  put("package.json", '{"type": "module"}');
  put(
    "src/cli/main.ts",
    'export const main = async (): Promise<number> => { console.log("sources"); return 0; };\n',
  );
  put("src/cli/main.test.ts", "// a test\n");
  put("catalog/a.yaml", "a: 1\n");
  put("dist/cli/main.js", 'export const main = async () => { console.log("build"); return 0; };\n');
  const stamp = () =>
    put(
      "dist/build-stamp.json",
      JSON.stringify({ fingerprint: fingerprint(dir), stats: statsFingerprint(dir) }),
    );
  const run = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(dir, "bin/xpuplan.js")], {
      encoding: "utf8",
      env: { ...process.env, XPUPLAN_FROM_SOURCE: "", ...env },
    }).stdout.trim();
  return { dir, put, stamp, run };
}

describe("the launcher", () => {
  it("runs the build while its stamp matches the sources, the sources once they change", () => {
    const p = standIn();
    expect(p.run()).toBe("sources"); // no stamp yet
    p.stamp();
    expect(p.run()).toBe("build");
    expect(p.run({ XPUPLAN_FROM_SOURCE: "1" })).toBe("sources");
    p.put("src/cli/main.test.ts", "// a test, edited: no input of the build\n");
    expect(p.run()).toBe("build");
    p.put("catalog/a.yaml", "a: 2\n");
    expect(p.run()).toBe("sources");
    p.stamp();
    expect(p.run()).toBe("build");
    // an installed package ships no sources: its build is the program
    rmSync(join(p.dir, "src"), { recursive: true });
    expect(p.run()).toBe("build");
  });

  it("new times on unchanged files (a checkout) fall back to the contents, which still match", () => {
    const p = standIn();
    p.stamp();
    const stamp = { fingerprint: fingerprint(p.dir), stats: statsFingerprint(p.dir) };
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(p.dir, "catalog/a.yaml"), later, later);
    expect(statsFingerprint(p.dir)).not.toBe(stamp.stats);
    expect(stampIsCurrent(stamp, p.dir)).toBe(true);
    p.put("catalog/a.yaml", "a: 3\n");
    expect(stampIsCurrent(stamp, p.dir)).toBe(false);
    expect(stampIsCurrent(undefined, p.dir)).toBe(false);
  });
});
