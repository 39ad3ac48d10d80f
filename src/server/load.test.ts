// A bounded load test on loopback: 200 concurrent evaluations while a plan search runs, the server
// in its own process as in use. It checks only what cannot depend on the machine's speed or load:
// every evaluation and the search are answered, none refused. How fast they are answered (/health
// while a search runs, the latency percentiles) is measured by `npm run bench server`
// (scripts/bench-server.ts), not asserted here.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalBody, LOAD_CONCURRENT, PLAN_BODY } from "./load-fixtures.ts";

let child: ChildProcess | undefined;
let url = "";

/** `startServer` in a child Node process (through tsx, as the CLI runs); resolves with its URL. */
function serve(): Promise<string> {
  const entry = new URL("./index.ts", import.meta.url).href;
  const code = `const { startServer } = await import(${JSON.stringify(entry)});
const s = await startServer({ port: 0, webRoot: null, timeoutMs: 600000, evalTimeoutMs: 600000 });
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
      if (m) resolve(m[1]);
    });
    child?.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
  });
}

// Hooks get the same generous limit as the test: starting a process is slow on a busy machine.
beforeAll(async () => {
  url = await serve();
}, 600_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const done = new Promise((r) => child?.once("exit", r));
    child.kill("SIGTERM");
    await done;
  }
}, 600_000);

describe("load on loopback", () => {
  it(`answers ${LOAD_CONCURRENT} concurrent evaluations while a plan search runs`, {
    timeout: 600_000,
  }, async () => {
    const plan = fetch(`${url}/plan`, { method: "POST", body: PLAN_BODY }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
    const statuses = await Promise.all(
      Array.from({ length: LOAD_CONCURRENT }, (_, i) =>
        fetch(`${url}/eval`, { method: "POST", body: evalBody(i) }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    const health = await fetch(`${url}/health`);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // 501: the build has no search for this input; never a refusal for load (busy, timeout)
    expect([200, 501]).toContain(await plan);
    expect(health.status).toBe(200);
  });
});
