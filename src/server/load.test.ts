// A bounded load test on loopback: 200 concurrent evaluations while a plan search runs. Every
// evaluation must succeed; /health must stay quick while the search runs (searches are on a
// worker thread). Prints the latency percentiles. The server runs in its own process, as it
// would in use, so the test's HTTP client does not share its event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quantile } from "../engine/validate.ts";

const CONCURRENT = 200;
const HARDWARE = [
  "nvidia-h100-sxm",
  "nvidia-h800-sxm",
  "nvidia-h200-sxm",
  "nvidia-b200",
  "huawei-ascend-910b2",
  "huawei-ascend-910c",
];

function evalBody(i: number): string {
  return JSON.stringify({
    model: i % 2 === 0 ? "llama3.1-70b" : "qwen3-32b",
    hardware: HARDWARE[i % HARDWARE.length],
    devices: 64,
    train: { seqLen: 4096, globalBatch: 256 + 64 * (i % 8) },
    parallel: { tp: 8, pp: 2, microBatch: 1 },
  });
}

const PLAN = JSON.stringify({
  scenario: {
    model: "deepseek-v3",
    hardware: "nvidia-h800-sxm",
    devices: 2048,
    train: { seqLen: 4096, globalBatch: 15360 },
  },
  options: { top: 3, deviceCounts: [1024] },
});

let child: ChildProcess | undefined;
let s: { url: string };

/** `startServer` in a child Node process (through tsx, as the CLI runs); resolves with its URL. */
function serve(): Promise<{ url: string }> {
  const entry = new URL("./index.ts", import.meta.url).href;
  const code = `const { startServer } = await import(${JSON.stringify(entry)});
const s = await startServer({ port: 0, webRoot: null, timeoutMs: 120000 });
process.stdout.write("URL " + s.url + "\\n");
process.on("SIGTERM", async () => { await s.close(); process.exit(0); });`;
  child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child?.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /URL (\S+)/.exec(out);
      if (m) resolve({ url: m[1] });
    });
    child?.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
  });
}

beforeAll(async () => {
  s = await serve();
  // warm up both lanes and the HTTP paths (start-up and JIT are not what this test measures)
  await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      fetch(`${s.url}/eval`, { method: "POST", body: evalBody(i) }).then((r) => r.arrayBuffer()),
    ),
  );
  await fetch(`${s.url}/compare`, {
    method: "POST",
    body: JSON.stringify({ scenario: JSON.parse(evalBody(0)), hardware: ["nvidia-h100-sxm"] }),
  });
  // start-up on a machine shared with other work can take far longer than vitest's 10 s default
}, 180_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const done = new Promise((r) => child?.once("exit", r));
    child.kill("SIGTERM");
    await done;
  }
});

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

const pct = (xs: number[], q: number) => (quantile(xs, q) ?? Number.NaN).toFixed(1);

describe("load on loopback", () => {
  it(`answers ${CONCURRENT} concurrent evaluations while a plan search runs`, {
    timeout: 180_000,
  }, async () => {
    let searching = true;
    const plan = timed(`${s.url}/plan`, { method: "POST", body: PLAN }).finally(() => {
      searching = false;
    });
    // /health while only the search runs
    await new Promise((r) => setTimeout(r, 100));
    const quiet: number[] = [];
    for (let i = 0; i < 10 && searching; i++) {
      quiet.push((await timed(`${s.url}/health`)).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
    // the burst, with /health polled beside it
    const busy: number[] = [];
    const poll = (async () => {
      while (searching && busy.length < 200) {
        busy.push((await timed(`${s.url}/health`)).ms);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        timed(`${s.url}/eval`, { method: "POST", body: evalBody(i) }),
      ),
    );
    const wall = performance.now() - t0;
    const stillSearching = searching;
    const p = await plan;
    await poll;

    const ms = results.map((r) => r.ms);
    console.log(
      `[load] ${CONCURRENT} concurrent POST /eval during POST /plan: p50 ${pct(ms, 0.5)} ms, p99 ${pct(ms, 0.99)} ms, max ${Math.max(...ms).toFixed(1)} ms, wall ${wall.toFixed(0)} ms; ` +
        `plan ${p.status} in ${p.ms.toFixed(0)} ms (${stillSearching ? "still running when the burst ended" : "ended before the burst did"}); ` +
        `/health during the search alone: max ${Math.max(...quiet).toFixed(1)} ms over ${quiet.length}; during the burst: p50 ${pct(busy, 0.5)} ms, max ${busy.length > 0 ? Math.max(...busy).toFixed(1) : "-"} ms over ${busy.length}`,
    );
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect([200, 501]).toContain(p.status);
    expect(quiet.length).toBeGreaterThan(0);
    expect(quantile(quiet, 0.5)).toBeLessThan(50);
  });
});
