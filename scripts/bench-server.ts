// `npm run bench` (or `npm run bench server`): the API under load on loopback, measured. 200
// concurrent evaluations while a plan search runs, the server in its own process as in use;
// prints the latency percentiles. Targets: /health p50 under 50 ms while a search runs (searches
// are on worker threads), every evaluation answered. src/server/load.test.ts checks only what
// cannot depend on the machine's speed: that every request is answered.
import { type ChildProcess, spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { quantile } from "../src/engine/validate.ts";
import { evalBody, LOAD_CONCURRENT, PLAN_BODY } from "../src/server/load-fixtures.ts";

function serve(): Promise<{ url: string; child: ChildProcess }> {
  const entry = new URL("../src/server/index.ts", import.meta.url).href;
  const code = `const { startServer } = await import(${JSON.stringify(entry)});
const s = await startServer({ port: 0, webRoot: null, timeoutMs: 120000 });
process.stdout.write("URL " + s.url + "\\n");
process.on("SIGTERM", async () => { await s.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /URL (\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
  });
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

const pct = (xs: number[], q: number) => (quantile(xs, q) ?? Number.NaN).toFixed(1);

export async function benchServer() {
  const { url, child } = await serve();
  try {
    // warm both lanes and the HTTP paths: start-up and JIT are not what this measures
    await Promise.all(
      Array.from({ length: LOAD_CONCURRENT }, (_, i) =>
        fetch(`${url}/eval`, { method: "POST", body: evalBody(i) }).then((r) => r.arrayBuffer()),
      ),
    );
    let searching = true;
    const plan = timed(`${url}/plan`, { method: "POST", body: PLAN_BODY }).finally(() => {
      searching = false;
    });
    await new Promise((r) => setTimeout(r, 100));
    const quiet: number[] = [];
    for (let i = 0; i < 10 && searching; i++) {
      quiet.push((await timed(`${url}/health`)).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
    const busy: number[] = [];
    const poll = (async () => {
      while (searching && busy.length < 200) {
        busy.push((await timed(`${url}/health`)).ms);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: LOAD_CONCURRENT }, (_, i) =>
        timed(`${url}/eval`, { method: "POST", body: evalBody(i) }),
      ),
    );
    const wall = performance.now() - t0;
    const p = await plan;
    await poll;
    const ms = results.map((r) => r.ms);
    const failed = results.filter((r) => r.status !== 200).length;
    console.log(
      `server: ${LOAD_CONCURRENT} concurrent POST /eval during POST /plan: p50 ${pct(ms, 0.5)} ms, ` +
        `p99 ${pct(ms, 0.99)} ms, max ${Math.max(...ms).toFixed(1)} ms, wall ${wall.toFixed(0)} ms, ${failed} failed; ` +
        `plan ${p.status} in ${p.ms.toFixed(0)} ms; /health during the search alone: p50 ${pct(quiet, 0.5)} ms ` +
        `(target under 50 ms) over ${quiet.length}; during the burst: p50 ${pct(busy, 0.5)} ms over ${busy.length}`,
    );
  } finally {
    const done = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await done;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchServer();
