// The CLI as a person runs it: real processes, exit codes, stdout/stderr.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "bin/xpuplan.js"), ...args], { cwd: root, encoding: "utf8" });
const tmp = mkdtempSync(join(tmpdir(), "xpuplan-cli-"));
const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const cases = join(root, "validation/cases");

describe("xpuplan CLI", () => {
  it("eval prints the metrics of the bundled example", () => {
    const r = cli("eval", "examples/llama3-70b-910b.yaml");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tokensPerSecondPerDevice/);
    expect(r.stdout).toMatch(/step time/);
  });

  it("eval --json has numeric metrics", () => {
    const r = cli("eval", "examples/llama3-70b-910b.yaml", "--json");
    const j = JSON.parse(r.stdout);
    expect(j.metrics.stepTimeSeconds).toBeGreaterThan(0);
    expect(j.metrics.memoryPerDeviceGiB).toBeGreaterThan(0);
  });

  it("an unknown key: exit 2, one line with file:line:column and key path, no stack trace", () => {
    const f = write(
      "typo.yaml",
      "model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 8\n  precison: bf16\n",
    );
    const r = cli("eval", f);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}:7:3: train.precison: unknown key`);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("an unknown hardware id suggests the closest ids", () => {
    const f = write(
      "hw.yaml",
      "model: llama3.1-8b\nhardware: nvidia-h100\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 8\n",
    );
    const r = cli("eval", f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /hw\.yaml:2:\d+: hardware: unknown hardware id "nvidia-h100"; closest: .*nvidia-h100-sxm/,
    );
  });

  it("a layout whose product differs from devices names the parallel block", () => {
    const f = write(
      "lay.yaml",
      "model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 8\nparallel:\n  tp: 4\n  dp: 4\n",
    );
    const r = cli("eval", f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lay\.yaml:8:\d+: parallel: tp·pp·cp·dp = 4·1·1·4 = 16 differs from devices 8/);
  });

  it("a malformed file and a missing file exit 2", () => {
    expect(cli("eval", write("bad.yaml", "model: [x\n")).status).toBe(2);
    expect(cli("eval", join(tmp, "nope.yaml")).status).toBe(2);
  });

  it("devices --json lists every device with id, vendor, name", () => {
    const j = JSON.parse(cli("devices", "--json").stdout);
    expect(j.length).toBeGreaterThan(30);
    for (const d of j)
      expect(typeof d.id === "string" && typeof d.vendor === "string" && typeof d.name === "string").toBe(
        true,
      );
  });

  it("infer answers the planner question when the scenario gives a request rate", () => {
    const r = cli("infer", "examples/serve-deepseek-r1-plan.yaml", "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.metrics.tpotSeconds).toBeGreaterThan(0);
    const best = j.plan.best;
    expect(best.devices).toBeGreaterThan(0);
    expect(best.tpotSeconds * 1000).toBeLessThanOrEqual(50 + 1e-9);
  });

  it("plan --emit megatron prints a launch line with the plan's sizes", () => {
    const r = cli("plan", "examples/llama3-70b-compare.yaml", "--top", "1", "--emit", "megatron");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--tensor-model-parallel-size \d+/);
    expect(r.stdout).toMatch(/rejected/);
  });

  it("bad command-line values exit 2 with a one-line message", () => {
    const r = cli("plan", "examples/llama3-70b-compare.yaml", "--objective", "fastest");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--objective: "fastest" is not one of/);
  });

  it("schema prints a JSON Schema that knows the scenario keys", () => {
    const j = JSON.parse(cli("schema").stdout);
    expect(Object.keys(j.properties)).toEqual(
      expect.arrayContaining(["model", "hardware", "devices", "train", "parallel", "infer"]),
    );
  });

  it("train --trace writes Chrome-trace JSON", () => {
    const out = join(tmp, "trace.json");
    const r = cli("train", "examples/llama3-70b-910b.yaml", "--trace", out, "--json");
    expect(r.status).toBe(0);
    const t = JSON.parse(readFileSync(out, "utf8"));
    const xs = t.traceEvents.filter((e: { ph: string }) => e.ph === "X");
    expect(xs.length).toBeGreaterThan(0);
    for (const e of xs) expect(e.dur).toBeGreaterThan(0);
    // the engine's timeline: the last event ends at the step time the report prints
    const end = Math.max(...xs.map((e: { ts: number; dur: number }) => e.ts + e.dur));
    const step = JSON.parse(r.stdout).metrics.stepTimeSeconds;
    expect(Math.abs(end / 1e6 - step)).toBeLessThan(1e-9 * step);
  });

  it("validate --json parses every repository case in the documented shape", () => {
    const r = cli("validate", cases, "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    // a metric restating another of its case (MFU beside tokens/s) is listed but counted once
    expect(j.summary.n).toBe(j.cases.filter((c: { counted?: boolean }) => c.counted !== false).length);
    expect(j.cases.some((c: { counted?: boolean }) => c.counted === false)).toBe(true);
    for (const c of j.cases) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(["id", "kind", "metric", "measured", "predicted", "errorPct"]),
      );
      if (c.predicted === null) expect(typeof c.error).toBe("string");
    }
  });

  it("validate --cross-validate keeps the shape and the in-sample prediction beside the held-out one", () => {
    const r = cli("validate", join(cases, "train"), "--json", "--cross-validate");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toMatch(/leave-one-source-out/);
    const rows = j.cases.filter((c: { predicted: number | null }) => c.predicted !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) expect(typeof c.inSamplePredicted).toBe("number");
    // at least one source informs a fitted efficiency, so some held-out prediction differs
    expect(
      rows.some((c: { predicted: number; inSamplePredicted: number }) => c.predicted !== c.inSamplePredicted),
    ).toBe(true);
  });

  it("calibrate fits an overlay on a slice of cases that eval then accepts", () => {
    const out = join(tmp, "overlay.yaml");
    const r = cli(
      "calibrate",
      join(cases, "train", "mindspeed-910b-llama2-7b.yaml"),
      join(cases, "train", "mindspeed-910b-llama3-8b.yaml"),
      "-o",
      out,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/before .* after/);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/family: ascend-910/);
    expect(text).toMatch(/param: gemm.default.max/);
  });
});
