// The decisions the CLI makes besides eval and plan, through the one function the API's workers
// and the web worker both run (runText): each answer is the engine's own, as the CLI command
// computes it, and bad requests are refused naming the key.
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { compareDevices } from "../search/index.ts";
import { type Engine, runText } from "./operations.ts";

const engine: Engine = { catalogs: loadCatalogs() };
const run = (op: Parameters<typeof runText>[0], body: unknown) =>
  runText(op, typeof body === "string" ? body : JSON.stringify(body), engine);
const issuesOf = (b: unknown) =>
  (b as { issues: { code: string; path: unknown[]; message: string }[] }).issues;

const TRAIN = {
  model: "llama3.1-8b",
  hardware: "nvidia-h100-sxm",
  devices: 8,
  train: { seqLen: 4096, globalBatch: 64, precision: "bf16", tokens: 1e11 },
  parallel: { tp: 2, pp: 1, dp: 4 },
};
const SERVE = {
  model: "llama3.1-8b",
  hardware: "nvidia-h100-sxm",
  devices: 8,
  infer: { inputTokens: 1024, outputTokens: 256, tp: 1, dp: 8, tpotSloMs: 40, requestsPerSecond: 30 },
};

describe("the serving planner beside /infer", () => {
  it("answers the request rate with a deployment, as `xpuplan infer --json` does", async () => {
    const r = await run("infer", SERVE);
    expect(r.status).toBe(200);
    const b = r.body as {
      plan: { requestsPerSecond: number; best: { devices: number; tpotSeconds: number } };
    };
    expect(b.plan.requestsPerSecond).toBe(30);
    expect(b.plan.best.devices).toBeGreaterThan(0);
    // the SLO the planner was given holds for its best deployment
    expect(1000 * b.plan.best.tpotSeconds).toBeLessThanOrEqual(40);
  });

  it("answers no plan without a request rate", async () => {
    const { requestsPerSecond: _, ...infer } = SERVE.infer;
    const r = await run("infer", { ...SERVE, infer });
    expect(r.status).toBe(200);
    expect((r.body as { plan?: unknown }).plan).toBeUndefined();
  });
});

describe("/compare sizing", () => {
  it("sizes each kind to a deadline", async () => {
    const r = await run("compare", { scenario: TRAIN, hardware: ["nvidia-h100-sxm"], deadlineDays: 30 });
    expect(r.status).toBe(200);
    const b = r.body as { mode: string; rows: { devices: number; days?: number }[] };
    expect(b.mode).toBe("deadline");
    expect(b.rows[0].days).toBeLessThanOrEqual(30);
  });

  it("takes per-kind counts", async () => {
    const r = await run("compare", {
      scenario: TRAIN,
      hardware: ["nvidia-h100-sxm", "nvidia-h200-sxm"],
      counts: { "nvidia-h200-sxm": 16 },
    });
    const rows = (r.body as { rows: { deviceId: string; devices: number }[] }).rows;
    expect(rows.find((x) => x.deviceId === "nvidia-h200-sxm")?.devices).toBe(16);
    expect(rows.find((x) => x.deviceId === "nvidia-h100-sxm")?.devices).toBe(8);
  });

  it("refuses a deadline and a budget together, and a count for an unknown device", async () => {
    const both = await run("compare", { scenario: TRAIN, deadlineDays: 3, budgetUSD: 1e6 });
    expect(both.status).toBe(400);
    expect(issuesOf(both.body)[0].message).toMatch(/budgetUSD: give deadlineDays or budgetUSD, not both/);
    const unknown = await run("compare", {
      scenario: TRAIN,
      hardware: ["nvidia-h100-sxm"],
      counts: { h9: 8 },
    });
    expect(unknown.status).toBe(400);
    expect(issuesOf(unknown.body)[0].path).toEqual(["counts", "h9"]);
    expect(issuesOf(unknown.body)[0].message).toMatch(/unknown hardware id "h9"; closest/);
  });

  it("computes on the scenario's calibration overlay, as eval and plan do", async () => {
    const slow = { families: [{ family: "nvidia-hopper", gemm: { default: { max: 0.3 } } }] };
    const body = (s: object) => ({ scenario: s, hardware: ["nvidia-h100-sxm"] });
    const a = (await run("compare", body(TRAIN))).body as { rows: { tokensPerSecondPerDevice: number }[] };
    const b = (await run("compare", body({ ...TRAIN, calibration: slow }))).body as typeof a;
    expect(b.rows[0].tokensPerSecondPerDevice).toBeLessThan(a.rows[0].tokensPerSecondPerDevice);
    // the same as the engine's own comparison on the catalogs the overlay gives
    const direct = compareDevices(
      { ...TRAIN, train: { ...TRAIN.train, precision: "bf16" } } as never,
      engine.catalogs,
      ["nvidia-h100-sxm"],
      "time",
      { reliability: { catalog: engine.catalogs.reliability!, spec: undefined } },
    );
    expect(a.rows[0].tokensPerSecondPerDevice).toBe(direct.rows[0].tokensPerSecondPerDevice);
  });
});

describe("/emit", () => {
  type Settings = {
    engine: string;
    ok: boolean;
    message?: string;
    emitted?: { text: string; unexpressed: string[] };
  };
  const engines = (b: unknown) => (b as { engines: Settings[] }).engines;

  it("gives Megatron-LM's flags for the scenario's own layout, and says why MindSpeed-LLM does not run there", async () => {
    const r = await run("emit", { scenario: TRAIN });
    expect(r.status).toBe(200);
    const [megatron, mindspeed] = engines(r.body);
    expect(megatron.ok).toBe(true);
    expect(megatron.emitted?.text).toContain("--tensor-model-parallel-size 2");
    expect(mindspeed.ok).toBe(false);
    expect(mindspeed.message).toMatch(/does not run on nvidia-h100-sxm/);
  });

  it("gives a chosen plan's settings", async () => {
    const plan = {
      devices: 8,
      precision: "bf16",
      parallel: {
        ...{ tp: 1, pp: 2, dp: 4, cp: 1, ep: 1, vpp: 1, microBatch: 2 },
        ...{ schedule: "1f1b", recompute: "none", zero: 1, sequenceParallel: false },
      },
    };
    const r = await run("emit", { scenario: TRAIN, plan });
    expect(engines(r.body)[0].emitted?.text).toContain("--pipeline-model-parallel-size 2");
  });

  it("gives the serving engines' settings for the planner's best deployment", async () => {
    const r = await run("emit", { scenario: SERVE });
    const s = engines(r.body);
    expect(s.map((x) => x.engine)).toEqual(["vllm", "sglang", "mindie"]);
    expect(s[0].ok).toBe(true);
    expect(s[2].ok).toBe(false);
    expect((r.body as { source: string }).source).toMatch(/planner's best deployment for 30 requests\/s/);
  });

  it("refuses training settings for a scenario without a train: block", async () => {
    const r = await run("emit", { scenario: SERVE, kind: "train" });
    expect(r.status).toBe(400);
    expect(issuesOf(r.body)[0].path).toEqual(["scenario", "train"]);
  });
});

describe("/port and /lifecycle", () => {
  it("ports training to Ascend: the same setup there and the target's best plan", async () => {
    const r = await run("port", { scenario: TRAIN, to: "huawei-ascend-910b2" });
    expect(r.status).toBe(200);
    const b = r.body as {
      mode: string;
      result: { to: string; source: { deviceId: string }; bestOnTarget?: unknown };
    };
    expect(b.mode).toBe("port");
    expect(b.result.to).toBe("huawei-ascend-910b2");
    expect(b.result.source.deviceId).toBe("nvidia-h100-sxm");
  });

  it("advises on the scenario's own device without a target, and names an unknown one", async () => {
    const r = await run("port", { scenario: TRAIN });
    expect((r.body as { mode: string }).mode).toBe("advice");
    const bad = await run("port", { scenario: TRAIN, to: "huawei-910x" });
    expect(bad.status).toBe(400);
    expect(issuesOf(bad.body)[0].message).toMatch(/unknown hardware id "huawei-910x"; closest/);
  });

  it("evaluates each phase on each device choice, and needs a lifecycle: block", async () => {
    const lifecycle = {
      phases: [
        { kind: "pretrain", tokens: 1e11, hardware: ["nvidia-h100-sxm", "huawei-ascend-910b2"] },
        {
          kind: "serve",
          hardware: "nvidia-h100-sxm",
          requestsPerSecond: 5,
          months: 1,
          inputTokens: 512,
          outputTokens: 128,
        },
      ],
    };
    const r = await run("lifecycle", { ...TRAIN, lifecycle });
    expect(r.status).toBe(200);
    const b = r.body as { phases: { choices: unknown[] }[]; totals: { days: number } };
    expect(b.phases.map((p) => p.choices.length)).toEqual([2, 1]);
    expect(b.totals.days).toBeGreaterThan(0);
    const missing = await run("lifecycle", TRAIN);
    expect(missing.status).toBe(400);
    expect(issuesOf(missing.body)[0].message).toMatch(/lifecycle: missing key/);
  });
});
