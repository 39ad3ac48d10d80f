// The server under hostile or heavy use: a deeply nested body is refused before any worker sees
// it while evaluations keep being answered; files and JSON go out compressed; long searches run
// as jobs with progress and cancel. No assertion here depends on the machine's speed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type XpuplanServer } from "./index.ts";
import { MAX_NESTING_DEPTH } from "./nesting-depth.ts";
import { defaultPoolSizes } from "./pool.ts";
import { acceptedEncodings } from "./static.ts";

const SCENARIO = {
  model: "llama3.1-70b",
  hardware: "nvidia-h100-sxm",
  devices: 64,
  train: { seqLen: 4096, globalBatch: 512, precision: "bf16" },
  parallel: { tp: 8, pp: 4, dp: 2 },
};
const BIG_PLAN = {
  scenario: {
    model: "deepseek-v3",
    hardware: "nvidia-h800-sxm",
    devices: 2048,
    train: { seqLen: 4096, globalBatch: 15360 },
  },
  options: { top: 3, deviceCounts: [1024, 4096] },
};
const JS = `console.log(${JSON.stringify("x".repeat(4000))});\n`;

let s: XpuplanServer;
let web: string;

interface JobView {
  id: string;
  status: string;
  progress: { unit: string; done: number; total: number } | null;
  resultStatus?: number;
  result?: Record<string, unknown>;
}

const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.fetch(
    new Request(`http://test${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

/** Poll a job until `done(view)`; each poll waits for the server's answer, not for a clock. */
async function until(id: string, done: (v: JobView) => boolean): Promise<JobView> {
  for (;;) {
    const v = (await (await req("GET", `/jobs/${id}`)).json()) as JobView;
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(() => {
  web = mkdtempSync(join(tmpdir(), "xpuplan-web-"));
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(web, "assets", "main-abc.js"), JS);
  writeFileSync(join(web, "assets", "main-abc.js.br"), brotliCompressSync(JS));
  writeFileSync(join(web, "assets", "main-abc.js.gz"), gzipSync(JS));
  writeFileSync(join(web, "assets", "plain-abc.js"), JS);
  s = createServer({ webRoot: web, workers: { eval: 1, search: 1 } });
});
afterAll(async () => {
  await s.close();
  rmSync(web, { recursive: true, force: true });
});

describe("a deeply nested body", () => {
  it("is refused with 400 before parsing, naming the place, while evaluations are answered", async () => {
    const deep = `${'{"a":'.repeat(170_000)}1${"}".repeat(170_000)}`;
    expect(deep.length).toBeGreaterThan(1_000_000);
    const [refused, ...evals] = await Promise.all([
      req("POST", "/eval", deep),
      req("POST", "/eval", SCENARIO),
      req("POST", "/plan", { scenario: { ...SCENARIO, train: undefined } }),
      req("POST", "/eval", SCENARIO),
    ]);
    expect(refused.status).toBe(400);
    const issue = ((await refused.json()) as { issues: { code: string; message: string }[] }).issues[0];
    expect(issue.code).toBe("too_deep");
    expect(issue.message).toContain(`request:1:${5 * MAX_NESTING_DEPTH + 1}:`);
    expect(evals[0].status).toBe(200);
    expect(evals[1].status).toBe(400);
    expect(evals[2].status).toBe(200);
    // the refusal never reached a worker: both lanes idle, nothing queued
    const health = (await (await req("GET", "/health")).json()) as {
      workers: Record<string, { busy: number; queued: number }>;
    };
    expect(health.workers.eval).toMatchObject({ busy: 0, queued: 0 });
  });

  it("is refused as a job too, and as YAML block nesting", async () => {
    const yaml = Array.from({ length: 1400 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
    for (const [path, body] of [
      ["/jobs/plan", yaml],
      ["/compare", `${"- ".repeat(100_000)}x`],
    ]) {
      const r = await req("POST", path, body);
      expect(r.status, path).toBe(400);
      expect(((await r.json()) as { issues: { code: string }[] }).issues[0].code).toBe("too_deep");
    }
  });
});

describe("compression", () => {
  it("reads Accept-Encoding with its q-values", () => {
    expect([...acceptedEncodings("gzip, deflate, br;q=0")]).toEqual(["gzip", "deflate"]);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });

  it("sends the build's brotli or gzip file to a client that accepts it, the plain file otherwise", async () => {
    const br = await req("GET", "/assets/main-abc.js", undefined, { "accept-encoding": "gzip, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("content-type")).toContain("text/javascript");
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(JS);
    const gz = await req("GET", "/assets/main-abc.js", undefined, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(JS);
    const plain = await req("GET", "/assets/main-abc.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(JS);
  });

  it("gzips a file stored uncompressed, and the API's JSON", async () => {
    const file = await req("GET", "/assets/plain-abc.js", undefined, { "accept-encoding": "gzip" });
    expect(file.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await file.arrayBuffer())).toString()).toBe(JS);
    const api = await req("POST", "/eval", SCENARIO, { "accept-encoding": "gzip" });
    expect(api.headers.get("content-encoding")).toBe("gzip");
    const body = JSON.parse(gunzipSync(Buffer.from(await api.arrayBuffer())).toString());
    expect(body.metrics.stepTimeSeconds).toBeGreaterThan(0);
  });
});

describe("jobs", () => {
  it("runs a comparison as a job: 202 at once, progress by device, then the result", async () => {
    const hardware = ["nvidia-h100-sxm", "huawei-ascend-910c"];
    const start = await req("POST", "/jobs/compare", { scenario: SCENARIO, hardware });
    expect(start.status).toBe(202);
    const { id } = (await start.json()) as JobView;
    expect(start.headers.get("location")).toBe(`/jobs/${id}`);
    const v = await until(id, (x) => x.status === "done" || x.status === "failed");
    expect(v.status).toBe("done");
    expect(v.progress).toMatchObject({ unit: "devices", done: 2, total: 2 });
    const rows = (v.result as { rows: { deviceId: string }[] }).rows;
    expect(rows.map((r) => r.deviceId)).toEqual(hardware);
    // the same rows as the one-shot route
    const direct = (await (await req("POST", "/compare", { scenario: SCENARIO, hardware })).json()) as {
      rows: unknown[];
    };
    expect(rows).toEqual(direct.rows);
  });

  it("checks the input at once, as the one-shot route does", async () => {
    const r = await req("POST", "/jobs/plan", { scenario: { ...SCENARIO, train: undefined } });
    expect(r.status).toBe(400);
    expect((await req("POST", "/jobs/eval", SCENARIO)).status).toBe(404);
    expect((await req("GET", "/jobs/no-such-job")).status).toBe(404);
  });

  it("cancels a running search, which answers its best so far", async () => {
    const start = await req("POST", "/jobs/plan", BIG_PLAN);
    expect(start.status).toBe(202);
    const { id } = (await start.json()) as JobView;
    const running = await until(id, (x) => x.progress !== null || x.status === "done");
    expect(running.status).toBe("running");
    expect(running.progress?.unit).toBe("candidates");
    const del = await req("DELETE", `/jobs/${id}`);
    expect(del.status).toBe(200);
    const v = await until(id, (x) => x.status === "cancelled");
    expect(v.resultStatus).toBe(200);
    expect(v.result?.stopped).toBe(true);
  });
});

describe("worker pools", () => {
  it("are sized to the machine: half the CPUs evaluate, searches get the rest, at least one each", () => {
    expect(defaultPoolSizes(1)).toEqual({ eval: 1, search: 1 });
    expect(defaultPoolSizes(2)).toEqual({ eval: 1, search: 1 });
    expect(defaultPoolSizes(8)).toEqual({ eval: 4, search: 4 });
    expect(defaultPoolSizes(64)).toEqual({ eval: 6, search: 4 });
  });
});
