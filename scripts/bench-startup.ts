// `npm run bench` (or `npm run bench startup`): how long the command line takes to start, as a
// user runs it: `node bin/xpuplan.js devices` (the compiled build when current, which this bench
// makes sure of), the same from the TypeScript sources (XPUPLAN_FROM_SOURCE=1, through tsx), and
// `node -e 0` (Node's own start-up) for scale. Runs interleaved, median of N each, so a busy
// machine slows all three alike. Target: the build under a third of the sources' time.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stampIsCurrent } from "../bin/fingerprint.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function ms(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function buildCurrent(): boolean {
  try {
    const stamp = JSON.parse(readFileSync(new URL("../dist/build-stamp.json", import.meta.url), "utf8"));
    return stampIsCurrent(stamp, root);
  } catch {
    return false;
  }
}

export async function benchStartup(n = Number(process.env.BENCH_RUNS ?? 15)) {
  if (!buildCurrent()) {
    console.log("start-up: building dist/ first (npm run build:cli)");
    const b = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) throw new Error("the build failed");
  }
  const cli = ["bin/xpuplan.js", "devices"];
  const fromSource = { ...process.env, XPUPLAN_FROM_SOURCE: "1" };
  // one untimed run each: the file cache and tsx's compile cache warm, as in daily use
  ms(["-e", "0"]);
  ms(cli);
  ms(cli, fromSource);
  const t = { node: [] as number[], build: [] as number[], source: [] as number[] };
  for (let i = 0; i < n; i++) {
    t.node.push(ms(["-e", "0"]));
    t.build.push(ms(cli));
    t.source.push(ms(cli, fromSource));
  }
  const [node, build, source] = [median(t.node), median(t.build), median(t.source)];
  console.log(
    `start-up, median of ${n}: xpuplan devices ${build.toFixed(0)} ms from the build, ` +
      `${source.toFixed(0)} ms from the sources (tsx); node -e 0 ${node.toFixed(0)} ms. ` +
      `The build takes ${((100 * build) / source).toFixed(0)} % of the sources' time (target under 33 %) ` +
      `and adds ${(build - node).toFixed(0)} ms to Node's own start-up.`,
  );
  return { node, build, source };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchStartup();
