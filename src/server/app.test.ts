import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { createServer, type XpuplanServer } from "./index.ts";
import { defaultPoolSizes } from "./pool.ts";

const SCENARIO = {
  model: "llama3.1-70b",
  hardware: "nvidia-h100-sxm",
  devices: 64,
  train: { seqLen: 4096, globalBatch: 512, precision: "bf16" },
  parallel: { tp: 8, pp: 4, dp: 2 },
};
const YAML = `model: llama3.1-70b
hardware: nvidia-h100-sxm
devices: 64
train:
  seqLen: 4096
  globalBatch: 512
parallel:
  tp: 8
  pp: 4
`;
const CASES_DIR = new URL("../../validation/cases/train/", import.meta.url);

let s: XpuplanServer;
let web: string;

interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
  line?: number;
}

async function call(
  method: string,
  path: string,
  body?: string | object,
  headers: Record<string, string> = {},
) {
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await s.fetch(new Request(`http://test${path}`, init));
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text,
    json: json as Record<string, unknown>,
  };
}

const issuesOf = (r: { json: Record<string, unknown> }) => r.json.issues as Issue[];

beforeAll(() => {
  web = mkdtempSync(join(tmpdir(), "xpuplan-web-"));
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(web, "assets", "main-abc.js"), "console.log(1)");
  s = createServer({ webRoot: web, timeoutMs: 20_000 });
});
afterAll(async () => {
  await s.close();
  rmSync(web, { recursive: true, force: true });
});

describe("catalog routes", () => {
  it("GET /health answers ok with the worker lanes", async () => {
    const r = await call("GET", "/health");
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("ok");
    const sizes = defaultPoolSizes(availableParallelism());
    expect(r.json.workers).toMatchObject({
      eval: { workers: sizes.eval },
      search: { workers: sizes.search },
    });
  });

  it("GET /devices lists every device; /devices/:id gives one with its sources", async () => {
    const list = await call("GET", "/devices");
    expect(list.status).toBe(200);
    expect((list.json as unknown as { id: string }[]).map((d) => d.id)).toEqual(
      loadCatalogs().devices.map((d) => d.id),
    );
    const one = await call("GET", "/devices/huawei-ascend-910c");
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: "huawei-ascend-910c", vendor: expect.stringContaining("Huawei") });
    expect((one.json.sources as unknown[]).length).toBeGreaterThan(0);
  });

  it("GET /devices/:id of an unknown id is 404 naming the closest ids", async () => {
    const r = await call("GET", "/devices/h100");
    expect(r.status).toBe(404);
    expect(issuesOf(r)[0]).toMatchObject({ code: "unknown_id", path: ["id"] });
    expect(issuesOf(r)[0].message).toContain("nvidia-h100");
  });

  it("GET /models and /models/:id", async () => {
    const list = await call("GET", "/models");
    expect((list.json as unknown as { id: string }[]).some((m) => m.id === "deepseek-v3")).toBe(true);
    const one = await call("GET", "/models/deepseek-v3");
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: "deepseek-v3", arch: { moe: { experts: 256 } } });
    const bad = await call("GET", "/models/deepsek-v3");
    expect(bad.status).toBe(404);
    expect(issuesOf(bad)[0].message).toMatch(/unknown model id "deepsek-v3"; closest: deepseek-v3/);
  });
});

describe("POST /eval", () => {
  it("evaluates a JSON scenario", async () => {
    const r = await call("POST", "/eval", SCENARIO, { "content-type": "application/json" });
    expect(r.status).toBe(200);
    expect(r.json.kind).toBe("train");
    expect((r.json.metrics as Record<string, number>).tokensPerSecondPerDevice).toBeGreaterThan(0);
  });

  it("evaluates a YAML scenario to the same numbers", async () => {
    const a = await call("POST", "/eval", SCENARIO);
    const b = await call("POST", "/eval", YAML, { "content-type": "application/yaml" });
    expect(b.json.metrics).toEqual(a.json.metrics);
  });

  it("adds the step timeline, as data and as a Chrome trace, ending at the step time", async () => {
    const r = await call("POST", "/eval?trace=1&timeline=1", SCENARIO);
    const step = (r.json.metrics as { stepTimeSeconds: number }).stepTimeSeconds;
    const events = (r.json.trace as { traceEvents: { ph: string; ts: number; dur: number }[] }).traceEvents;
    const xs = events.filter((e) => e.ph === "X");
    expect(xs.length).toBeGreaterThan(8);
    expect(Math.abs(Math.max(...xs.map((e) => e.ts + e.dur)) / 1e6 - step)).toBeLessThan(1e-9 * step);
    const t = r.json.timeline as { endSeconds: number; lanes: string[] };
    expect(Math.abs(t.endSeconds - step)).toBeLessThan(1e-9 * step);
    expect(t.lanes.length).toBe(SCENARIO.parallel.pp + 1);
    const plain = await call("POST", "/eval", SCENARIO);
    expect(plain.json.timeline).toBeUndefined();
  });

  it("renders reports", async () => {
    const html = await call("POST", "/eval?format=html", SCENARIO);
    expect(html.status).toBe(200);
    expect(html.type).toContain("text/html");
    expect(html.text).toContain("<svg");
    const csv = await call("POST", "/eval?format=csv", SCENARIO);
    expect(csv.type).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toBe("section,name,value,unit,note");
    const md = await call("POST", "/eval?format=md", SCENARIO);
    // the verdict first; the version and the scenario as sent (the report's inputs)
    expect(md.text.split("\n")[0]).toMatch(/^# Fits: Llama-3\.1-70B on 64 × /);
    expect(md.text).toMatch(/_xpuplan \d+\.\d+\.\d+ · catalog calibration of \d{4}-\d{2}-\d{2}/);
    expect(md.text).toContain('"hardware":"nvidia-h100-sxm"');
    const bad = await call("POST", "/eval?format=pdf", SCENARIO);
    expect(bad.status).toBe(400);
    expect(issuesOf(bad)[0]).toMatchObject({ code: "invalid_value", path: ["format"] });
  });

  it("refuses bad input with every problem, positioned, worded as the CLI words it", async () => {
    const r = await call(
      "POST",
      "/eval",
      "model: llama3.1-70b\nhardware: nvidia-h100-sxm\ndevices: -4\ntrian:\n  seqLen: 1\n",
    );
    expect(r.status).toBe(400);
    const is = issuesOf(r);
    expect(is).toContainEqual({
      code: "invalid_value",
      path: ["devices"],
      line: 3,
      column: 10,
      message: expect.stringMatching(/^request:3:10: devices: /),
    });
    expect(is).toContainEqual({
      code: "unknown_key",
      path: ["trian"],
      line: 4,
      column: 1,
      message: "request:4:1: trian: unknown key (did you mean train?)",
    });
  });

  it("names missing keys, unknown ids and layout mismatches", async () => {
    const missing = await call("POST", "/eval", { model: "llama3.1-70b", devices: 8 });
    expect(issuesOf(missing)).toContainEqual(
      expect.objectContaining({ code: "missing_key", path: ["hardware"] }),
    );
    const unknown = await call("POST", "/eval", { ...SCENARIO, hardware: "nvidia-h100" });
    expect(issuesOf(unknown)[0]).toMatchObject({ code: "unknown_id", path: ["hardware"] });
    expect(issuesOf(unknown)[0].message).toMatch(
      /^request:1:\d+: hardware: unknown hardware id "nvidia-h100"; closest: nvidia-h100/,
    );
    const layout = await call("POST", "/eval", { ...SCENARIO, parallel: { tp: 8, pp: 4, dp: 3 } });
    expect(issuesOf(layout)[0]).toMatchObject({ code: "layout_mismatch", path: ["parallel"] });
  });

  it("refuses malformed, empty and non-UTF-8 bodies", async () => {
    expect(issuesOf(await call("POST", "/eval", '{"model": "x",'))[0].code).toBe("malformed");
    expect(issuesOf(await call("POST", "/eval", ""))[0].code).toBe("empty");
    const res = await s.fetch(
      new Request("http://test/eval", { method: "POST", body: new Uint8Array([0xff, 0xfe, 0x41]) }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: Issue[] }).issues[0].message).toBe("the body is not UTF-8 text");
  });

  it("reports an infeasible plan as data (200 with issues), not as an error", async () => {
    const r = await call("POST", "/eval", {
      model: "llama3.1-405b",
      hardware: "nvidia-h100-sxm",
      devices: 8,
      train: { seqLen: 8192, globalBatch: 8 },
    });
    expect(r.status).toBe(200);
    expect((r.json.issues as Issue[]).map((i) => i.code)).toContain("hbm_overflow");
  });
});

describe("body limits", () => {
  it("refuses a body over 1 MiB by its Content-Length", async () => {
    const r = await call("POST", "/eval", "x", { "content-length": String(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(issuesOf(r)[0].code).toBe("too_large");
  });

  it("refuses a body over 1 MiB while reading it, without a Content-Length", async () => {
    const chunk = new TextEncoder().encode("#".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 40) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await s.fetch(
      new Request("http://test/eval", { method: "POST", body: stream, duplex: "half" } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(40); // stopped reading early
  });
});

describe("POST /compare", () => {
  it("plans the scenario on each device", async () => {
    const r = await call("POST", "/compare", {
      scenario: SCENARIO,
      hardware: ["nvidia-h100-sxm", "huawei-ascend-910c"],
    });
    expect(r.status).toBe(200);
    const rows = r.json.rows as { deviceId: string; ok: boolean; tokensPerSecondPerDevice?: number }[];
    expect(rows.map((x) => x.deviceId)).toEqual(["nvidia-h100-sxm", "huawei-ascend-910c"]);
    expect(rows.every((x) => x.ok)).toBe(true);
    expect(rows[1].tokensPerSecondPerDevice).toBeGreaterThan(0);
  });

  it("needs a train block", async () => {
    const { train: _, parallel: __, ...noTrain } = SCENARIO;
    const r = await call("POST", "/compare", { scenario: noTrain, hardware: ["nvidia-h100-sxm"] });
    expect(r.status).toBe(400);
    expect(issuesOf(r)[0]).toMatchObject({ code: "missing_key", path: ["scenario", "train"] });
  });

  it("names unknown devices by their place in the list", async () => {
    const r = await call("POST", "/compare", {
      scenario: SCENARIO,
      hardware: ["nvidia-h100-sxm", "ascend-910x"],
    });
    expect(r.status).toBe(400);
    expect(issuesOf(r)[0]).toMatchObject({ code: "unknown_id", path: ["hardware", 1] });
  });

  it("refuses a bare scenario (the body is {scenario, hardware})", async () => {
    const r = await call("POST", "/compare", SCENARIO);
    expect(r.status).toBe(400);
    expect(issuesOf(r).map((i) => i.code)).toContain("unknown_key");
  });
});

describe("POST /infer and /reliability", () => {
  const infer = {
    model: "llama3.1-8b",
    hardware: "nvidia-h100-sxm",
    devices: 8,
    infer: { inputTokens: 1024, outputTokens: 256, tp: 1, dp: 8, tpotSloMs: 40 },
  };
  it("evaluates inference", async () => {
    const r = await call("POST", "/infer", infer);
    expect(r.status).toBe(200);
    expect((r.json.metrics as Record<string, number>).outputTokensPerSecond).toBeGreaterThan(0);
  });
  it("needs an infer block", async () => {
    const r = await call("POST", "/infer", SCENARIO);
    expect(r.status).toBe(400);
    expect(issuesOf(r)[0]).toMatchObject({ code: "missing_key", path: ["infer"] });
  });
  it("evaluates reliability with a seeded, repeatable Monte Carlo", async () => {
    const body = { ...SCENARIO, reliability: { durationDays: 20, seed: 7 } };
    const a = await call("POST", "/reliability", body);
    expect(a.status).toBe(200);
    const rel = a.json.reliability as { interruptions: number; monteCarlo: { histogram: unknown[] } };
    expect(rel.interruptions).toBeGreaterThan(0);
    const b = await call("POST", "/reliability", body);
    expect(b.json.reliability).toEqual(a.json.reliability);
  });
  it("needs a reliability block or train.tokens", async () => {
    const r = await call("POST", "/reliability", SCENARIO);
    expect(r.status).toBe(400);
    expect(issuesOf(r)[0]).toMatchObject({ code: "missing_key", path: ["reliability"] });
  });
});

describe("POST /plan", () => {
  it("searches layouts", async () => {
    const r = await call("POST", "/plan", {
      scenario: { ...SCENARIO, parallel: undefined },
      options: { top: 3 },
    });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json.plans)).toBe(true);
  });
  it("refuses a scenario without train, and unknown options", async () => {
    const noTrain = await call("POST", "/plan", {
      scenario: { model: "llama3.1-8b", hardware: "nvidia-h100-sxm", devices: 8 },
    });
    expect(issuesOf(noTrain)[0]).toMatchObject({ code: "missing_key", path: ["scenario", "train"] });
    const opt = await call("POST", "/plan", { scenario: SCENARIO, options: { objective: "speed" } });
    expect(opt.status).toBe(400);
    expect(issuesOf(opt)[0].path).toEqual(["options", "objective"]);
  });
});

describe("POST /validate", () => {
  it("predicts inline cases in the `xpuplan validate --json` shape", async () => {
    const files = readdirSync(CASES_DIR)
      .filter((f) => f.endsWith(".yaml"))
      .slice(0, 3);
    const { parse } = await import("yaml");
    const cases = files.map((f) => parse(readFileSync(new URL(f, CASES_DIR), "utf8")));
    const r = await call("POST", "/validate", { cases });
    expect(r.status).toBe(200);
    const rows = r.json.cases as { id: string; errorPct: number | null }[];
    expect(new Set(rows.map((x) => x.id))).toEqual(new Set(cases.map((c) => c.id)));
    expect(r.json.summary).toMatchObject({ n: rows.length });
  });
  it("positions errors inside the case list", async () => {
    const r = await call("POST", "/validate", {
      cases: [
        { id: "x", kind: "train", source: { title: "t" }, scenario: SCENARIO, measured: { mfu: "high" } },
      ],
    });
    expect(r.status).toBe(400);
    expect(issuesOf(r)[0].path).toEqual(["cases", 0, "measured", "mfu"]);
  });
});

describe("protocol", () => {
  it("answers 405 with Allow for a GET of a POST route", async () => {
    const res = await s.fetch(new Request("http://test/eval"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
  it("answers 404 with issues for an unknown route", async () => {
    const r = await call("POST", "/nope", {});
    expect(r.status).toBe(404);
    expect(issuesOf(r)[0].code).toBe("not_found");
  });
});

describe("GET /openapi.json", () => {
  it("documents every route, with request schemas from the zod schemas", async () => {
    const r = await call("GET", "/openapi.json");
    expect(r.json.openapi).toBe("3.1.0");
    const paths = r.json.paths as Record<string, Record<string, unknown>>;
    for (const p of [
      "/health",
      "/devices",
      "/devices/{id}",
      "/models",
      "/models/{id}",
      "/eval",
      "/plan",
      "/compare",
      "/infer",
      "/reliability",
      "/validate",
      "/lifecycle",
      "/port",
      "/emit",
      "/openapi.json",
    ]) {
      expect(paths[p], p).toBeDefined();
    }
    const schemas = (
      r.json.components as {
        schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }>;
      }
    ).schemas;
    expect(Object.keys(schemas.CompareRequest.properties ?? {})).toEqual(
      expect.arrayContaining(["counts", "deadlineDays", "budgetUSD"]),
    );
    expect(Object.keys(schemas.EmitRequest.properties ?? {})).toEqual(["scenario", "kind", "plan"]);
    expect(Object.keys(schemas.Scenario.properties ?? {})).toEqual(
      expect.arrayContaining(["model", "hardware", "devices", "train", "parallel", "infer", "reliability"]),
    );
    expect(schemas.Scenario.additionalProperties).toBe(false);
    // every $ref resolves inside the document
    for (const ref of r.text.match(/"\$ref":"[^"]+"/g) ?? []) {
      const name = ref.split("/").pop()?.replace('"', "") as string;
      expect(schemas[name], ref).toBeDefined();
    }
  });
});

describe("the web app", () => {
  it("serves the built files, the hashed ones cached for good", async () => {
    const index = await s.fetch(new Request("http://test/"));
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("<title>app</title>");
    expect(index.headers.get("content-security-policy")).toContain("default-src 'self'");
    const asset = await s.fetch(new Request("http://test/assets/main-abc.js"));
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
  });
  it("never serves a file outside its directory", async () => {
    for (const p of [
      "/../package.json",
      "/%2e%2e/package.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/%00",
    ]) {
      const r = await s.fetch(new Request(`http://test${p}`));
      expect(r.status, p).toBe(404);
    }
  });
  it("says how to build it when it is not built", async () => {
    const bare = createServer({ webRoot: join(web, "missing"), workers: { eval: 1, search: 1 } });
    try {
      const r = await bare.fetch(new Request("http://test/"));
      expect(r.status).toBe(200);
      expect(await r.text()).toContain("npm run build");
    } finally {
      await bare.close();
    }
  });
});

describe("time limits", () => {
  it("stops a computation past its limit with a clear 503, and keeps serving", async () => {
    const slow = createServer({ webRoot: null, timeoutMs: 150, workers: { eval: 1, search: 1 } });
    try {
      const cases = Array.from({ length: 400 }, (_, i) => ({
        id: `c${i}`,
        kind: "train",
        source: { title: "load" },
        scenario: {
          ...SCENARIO,
          train: { ...SCENARIO.train, tokens: 1e12 },
          reliability: { durationDays: 30, trials: 20000 },
        },
        measured: { mfu: 0.4 },
      }));
      const res = await slow.fetch(
        new Request("http://test/validate", { method: "POST", body: JSON.stringify({ cases }) }),
      );
      expect(res.status).toBe(503);
      const body = (await res.json()) as { issues: Issue[] };
      expect(body.issues[0].code).toBe("timeout");
      expect(body.issues[0].message).toMatch(/the validation took longer than 0.15 s and was stopped/);
      // the stopped worker was replaced: the next request is answered
      const ok = await slow.fetch(
        new Request("http://test/validate", {
          method: "POST",
          body: JSON.stringify({ cases: cases.slice(0, 1).map((c) => ({ ...c, scenario: SCENARIO })) }),
        }),
      );
      expect(ok.status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
