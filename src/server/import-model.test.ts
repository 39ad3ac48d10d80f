// The API side of Hugging Face configs and calibration overlays: POST /models/import, and a
// scenario body carrying model: {hfConfig} and calibration: {...overlay}.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type XpuplanServer } from "./app.ts";
import { importModel } from "./import-model.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../model/fixtures/${name}.config.json`, import.meta.url), "utf8");

let s: XpuplanServer;
beforeAll(() => {
  s = createServer({ webRoot: null, workers: { eval: 1, search: 1 } });
}, 120_000);
afterAll(async () => {
  await s.close();
}, 120_000);

async function post(path: string, body: unknown) {
  const res = await s.fetch(
    new Request(`http://test${path}`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const H100 = {
  model: "llama3.1-8b",
  hardware: "nvidia-h100-sxm",
  devices: 8,
  train: { seqLen: 4096, globalBatch: 64 },
  parallel: { tp: 1, pp: 1, dp: 8 },
};

describe("importModel", () => {
  it("gives the catalog entry with the architecture the importer reads, as JSON and YAML", () => {
    const r = importModel(fixture("mistral-7b"), {
      id: "mistral-7b",
      name: "Mistral-7B",
      url: "https://example.org/c",
    });
    expect(r.status).toBe(200);
    if (r.status !== 200) return;
    expect(r.body.entry).toMatchObject({
      id: "mistral-7b",
      arch: { layers: 32, kvHeads: 8, maxContext: 32768 },
    });
    expect(r.body.yaml).toMatch(/^# Mistral-7B: 7,241,732,096 parameters/);
    expect(r.body.params).toMatchObject({ total: 7_241_732_096 });
  });

  it("refuses an unsupported model_type naming the field and the supported types; malformed JSON at its line", () => {
    const r = importModel(JSON.stringify({ model_type: "gpt_neox", _name_or_path: "a/b" }));
    expect(r.status).toBe(400);
    if (r.status === 400) {
      expect(r.body.issues[0]).toMatchObject({ code: "invalid_value", path: ["model_type"] });
      expect(r.body.issues[0].message).toMatch(/model_type: "gpt_neox" is not supported; supported: llama, /);
    }
    const bad = importModel('{\n  "model_type": "llama",\n  "layers": [1\n}');
    expect(bad.status).toBe(400);
    if (bad.status === 400)
      expect(bad.body.issues[0]).toMatchObject({ code: "malformed", line: expect.any(Number) });
  });
});

describe("the API", () => {
  it("POST /models/import answers the entry; a config without a Hub name needs ?url=", async () => {
    const named = JSON.stringify({ ...JSON.parse(fixture("qwen3-0.6b")), _name_or_path: "Qwen/Qwen3-0.6B" });
    const ok = await post("/models/import", named);
    expect(ok.status).toBe(200);
    expect(ok.json.entry).toMatchObject({
      id: "qwen3-0.6b",
      source: { url: "https://huggingface.co/Qwen/Qwen3-0.6B/blob/main/config.json" },
    });
    const unnamed = await post("/models/import", fixture("qwen3-0.6b"));
    expect(unnamed.status).toBe(400);
    const given = await post("/models/import?id=q&url=https%3A%2F%2Fexample.org%2Fq", fixture("qwen3-0.6b"));
    expect(given.status).toBe(200);
  });

  it("a scenario's model: {hfConfig} evaluates like the catalog model it describes", async () => {
    const cat = await post("/eval", H100);
    const hf = await post("/eval", { ...H100, model: { hfConfig: JSON.parse(fixture("llama3.1-8b")) } });
    expect(hf.status).toBe(200);
    const m = (r: typeof cat) => r.json.metrics as Record<string, number>;
    expect(m(hf).stepTimeSeconds).toBe(m(cat).stepTimeSeconds);
    const bad = await post("/eval", { ...H100, model: { hfConfig: { model_type: "gpt2" } } });
    expect(bad.status).toBe(400);
    expect((bad.json.issues as { path: string[] }[])[0].path).toEqual(["model", "hfConfig", "model_type"]);
    const path = await post("/eval", { ...H100, model: { hf: "./config.json" } });
    expect(path.status).toBe(400);
  });

  it("a calibration overlay in the body changes the prediction; a wrong key is a 400 naming it", async () => {
    const base = await post("/eval", H100);
    // the catalog's nvidia-hopper gemm.default.max is 0.624: halving it slows the step
    const slow = await post("/eval", {
      ...H100,
      calibration: { families: [{ family: "nvidia-hopper", gemm: { default: { max: 0.312 } } }] },
    });
    expect(slow.status).toBe(200);
    const step = (r: typeof base) => (r.json.metrics as Record<string, number>).stepTimeSeconds;
    expect(step(slow)).toBeGreaterThan(step(base));
    const bad = await post("/eval", {
      ...H100,
      calibration: { families: [{ family: "nvidia-hopper", gemm: { default: { max: 1.5 } } }] },
    });
    expect(bad.status).toBe(400);
    const issue = (bad.json.issues as { path: string[]; message: string }[])[0];
    expect(issue.path).toEqual(["calibration"]);
    expect(issue.message).toMatch(/families\[nvidia-hopper\]\.gemm\.default\.max/);
    const asPath = await post("/eval", { ...H100, calibration: "calibration.yaml" });
    expect(asPath.status).toBe(400);
  });
});
