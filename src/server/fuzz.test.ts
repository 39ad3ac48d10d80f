// Malformed and mutated request bodies against every POST route: the answer is always a 4xx
// with issues (or a 200 for a mutation that stayed valid), never a 5xx.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type XpuplanServer } from "./index.ts";

const ROUTES = ["/eval", "/plan", "/compare", "/infer", "/reliability", "/validate"] as const;
type Route = (typeof ROUTES)[number];

const SCENARIO = {
  model: "llama3.1-8b",
  hardware: "nvidia-h100-sxm",
  devices: 8,
  train: { seqLen: 2048, globalBatch: 64, precision: "bf16" },
  parallel: { tp: 2, pp: 2, dp: 2, microBatch: 1 },
  infer: { inputTokens: 512, outputTokens: 128, tp: 1, dp: 8 },
  reliability: { durationDays: 5, trials: 200 },
};

/** A valid body for each route. */
function validBody(route: Route): Record<string, unknown> {
  switch (route) {
    case "/compare":
      return { scenario: SCENARIO, hardware: ["nvidia-h100-sxm", "huawei-ascend-910b2"] };
    case "/plan":
      return { scenario: SCENARIO, options: { top: 2 } };
    case "/validate":
      return {
        cases: [
          { id: "c", kind: "train", source: { title: "t" }, scenario: SCENARIO, measured: { mfu: 0.4 } },
        ],
      };
    default:
      return SCENARIO;
  }
}

/** Every path to a value inside x. */
function paths(x: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (x === null || typeof x !== "object") return [at];
  const keys = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
  return [at, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], [...at, k]))];
}

function setAt(x: unknown, path: (string | number)[], v: unknown, del: boolean): unknown {
  if (path.length === 0) return v;
  const copy = structuredClone(x) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (del) delete cur[last];
  else cur[last] = v;
  return copy;
}

const NASTY = [
  "",
  " ",
  "null",
  "[]",
  "42",
  '"text"',
  "{",
  "model: [",
  "\u0000\u0001",
  "a: &a [*a, *a]\nb: *a",
  "a: &x [1,2]\nb: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]\nc: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y]\nd: [*z,*z,*z,*z,*z,*z,*z,*z,*z,*z]",
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `${"a:\n ".repeat(2000)}b`,
  "model: llama3.1-8b\nmodel: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8",
  "model: !!js/function 'function(){}'\nhardware: x\ndevices: 1",
  "<<: {model: x}\nhardware: y\ndevices: 1",
  "devices: .inf\nmodel: llama3.1-8b\nhardware: nvidia-h100-sxm",
  "devices: 1e400\nmodel: llama3.1-8b\nhardware: nvidia-h100-sxm",
  "devices: -0\nmodel: llama3.1-8b\nhardware: nvidia-h100-sxm",
  "__proto__: {polluted: 1}\nmodel: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8",
  '{"constructor": {"prototype": {"x": 1}}, "model": "llama3.1-8b", "hardware": "nvidia-h100-sxm", "devices": 8}',
  "\ufeffmodel: llama3.1-8b",
  "--- a\n--- b\n",
  "%YAML 9.9\n---\na: 1",
];

let s: XpuplanServer;
beforeAll(() => {
  s = createServer({ webRoot: null, timeoutMs: 20_000 });
});
afterAll(async () => {
  await s.close();
});

async function post(route: Route, body: string) {
  const res = await s.fetch(new Request(`http://fuzz${route}`, { method: "POST", body }));
  return {
    status: res.status,
    json: (await res.json()) as { issues?: { code: unknown; path: unknown; message: unknown }[] },
  };
}

function expectIssues(
  r: { status: number; json: { issues?: { code: unknown; path: unknown; message: unknown }[] } },
  what: string,
) {
  expect(r.status, `${what}: ${JSON.stringify(r.json).slice(0, 400)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: ${JSON.stringify(r.json).slice(0, 400)}`).toBeLessThan(500);
  expect(r.json.issues?.length, what).toBeGreaterThan(0);
  for (const i of r.json.issues ?? []) {
    expect(typeof i.code).toBe("string");
    expect(Array.isArray(i.path)).toBe(true);
    expect(typeof i.message).toBe("string");
  }
}

describe("API fuzz", () => {
  it("refuses a valid but enormous job up front", async () => {
    const r = await post(
      "/eval",
      JSON.stringify({ ...SCENARIO, reliability: { durationDays: 5, trials: 1e9 } }),
    );
    expectIssues(r, "trials 1e9");
    // the scenario schema bounds trials, so the job never reaches a worker
    expect(r.json.issues?.[0]).toMatchObject({ path: ["reliability", "trials"] });
  });

  it("answers hand-picked nasty bodies with 4xx and issues", async () => {
    for (const route of ROUTES) {
      for (const body of NASTY)
        expectIssues(await post(route, body), `${route} ${JSON.stringify(body.slice(0, 60))}`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers random text and random JSON with 4xx and issues", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: "grapheme", maxLength: 200 }),
          fc.json({ maxDepth: 4 }),
        ),
        async (route, body) => expectIssues(await post(route, body), `${route} ${JSON.stringify(body)}`),
      ),
      { numRuns: 300 },
    );
  });

  it("answers mutated valid bodies with 200 or 4xx and issues, never 5xx", async () => {
    const value = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom(0, -1, 0.5, 1e6, 1e9, 2 ** 31, 2 ** 53, Number.MAX_VALUE, "", "x", null, true, [], {}),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.nat(),
        value,
        fc.boolean(),
        async (route, pick, v, del) => {
          const base = validBody(route);
          const all = paths(base);
          const path = all[pick % all.length];
          const mutated = setAt(base, path, v, del && path.length > 0);
          const text = JSON.stringify(mutated) ?? "null";
          const r = await post(route, text);
          const what = `${route} ${path.join(".")} = ${del ? "(deleted)" : JSON.stringify(v)}`;
          if (r.status === 200) return;
          expectIssues(r, what);
        },
      ),
      { numRuns: 300 },
    );
  });
});
