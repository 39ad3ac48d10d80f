// The files a scenario names, read by the command line: model: {hf: path} (a config.json or a
// model folder, relative to the scenario) and calibration overlays (the scenario key, --calibration).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCalibration } from "../catalog/load.ts";
import { catalogs } from "../catalog/test-fixtures.ts";
import { getParam } from "../hardware/calibration.ts";
import { paramCounts } from "../model/param-counts.ts";
import { cli, root, safetensorsHeader, scratch } from "./test-cli.ts";

const { dir, write } = scratch("xpuplan-files-");
const fixture = (name: string) => readFileSync(join(root, `src/model/fixtures/${name}.config.json`), "utf8");

const TRAIN =
  "hardware: nvidia-h100-sxm\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 64\nparallel:\n  tp: 1\n  dp: 8\n";
const step = (stdout: string) => JSON.parse(stdout).metrics.stepTimeSeconds as number;

describe("model: {hf: path}", () => {
  it("a config.json next to the scenario gives the same prediction as the catalog model", () => {
    write("models/llama/config.json", fixture("llama3.1-8b"));
    const hf = cli("eval", write("hf.yaml", `model: {hf: models/llama/config.json}\n${TRAIN}`), "--json");
    const cat = cli("eval", write("cat.yaml", `model: llama3.1-8b\n${TRAIN}`), "--json");
    expect(hf.status).toBe(0);
    expect(step(hf.stdout)).toBe(step(cat.stdout));
  });

  it("a model folder: its safetensors headers give the checkpoint's count, a mismatch is a warning", () => {
    const arch = catalogs.models.find((m) => m.id === "qwen3-0.6b")!.arch;
    const total = paramCounts(arch).total;
    write("qwen/config.json", fixture("qwen3-0.6b"));
    const shards = { "a.weight": "model-1.safetensors", "b.weight": "model-2.safetensors" };
    write(
      "qwen/model.safetensors.index.json",
      JSON.stringify({ metadata: { total_size: 2 * total }, weight_map: shards }),
    );
    write("qwen/model-1.safetensors", safetensorsHeader(1000));
    write("qwen/model-2.safetensors", safetensorsHeader(total - 1000));
    const ok = cli("eval", write("q.yaml", `model: {hf: qwen}\n${TRAIN}`));
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe("");
    write("qwen/model-2.safetensors", safetensorsHeader(2 * total));
    const off = cli("eval", write("q2.yaml", `model: {hf: qwen}\n${TRAIN}`));
    expect(off.status).toBe(0);
    expect(off.stderr).toMatch(
      /warning: .*model\.hf: the checkpoint holds .* parameters \(2 safetensors headers\)/,
    );
  });

  it("errors name the scenario's key, the config file and its field", () => {
    write("bad/config.json", JSON.stringify({ model_type: "gpt_neox" }));
    const r = cli("eval", write("bad.yaml", `model:\n  hf: bad\n${TRAIN}`));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /bad\.yaml:2:\d+: model\.hf: .*bad\/config\.json: model_type: "gpt_neox" is not supported; supported: llama, /,
    );
    const missing = cli("eval", write("missing.yaml", `model: {hf: nowhere}\n${TRAIN}`));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nowhere: no such file or directory/);
  });
});

describe("calibration overlays", () => {
  // the catalog's nvidia-hopper gemm.default.max is 0.624; half of it must slow an H100 step
  const HALF = "families:\n  - family: nvidia-hopper\n    gemm:\n      default: { max: 0.312 }\n";
  const scenario = write("h100.yaml", `model: llama3.1-8b\n${TRAIN}`);

  it("--calibration FILE changes the prediction, on eval and on validate", () => {
    const cal = write("half.yaml", HALF);
    const base = step(cli("eval", scenario, "--json").stdout);
    const slow = cli("eval", scenario, "--json", "--calibration", cal);
    expect(slow.status).toBe(0);
    expect(step(slow.stdout)).toBeGreaterThan(base);
    const v0 = JSON.parse(cli("validate", "validation/cases", "--json").stdout).cases;
    const v1 = JSON.parse(cli("validate", "validation/cases", "--json", "--calibration", cal).stdout).cases;
    const changed = v1.filter(
      (c: { predicted: number | null }, i: number) => c.predicted !== v0[i].predicted,
    );
    expect(changed.length).toBeGreaterThan(0);
  });

  it("the scenario's calibration: key, relative to the scenario file, and --calibration over it", () => {
    write("cal/half.yaml", HALF);
    const own = cli(
      "eval",
      write("own.yaml", `model: llama3.1-8b\ncalibration: cal/half.yaml\n${TRAIN}`),
      "--json",
    );
    const flag = cli("eval", scenario, "--json", "--calibration", join(dir, "cal/half.yaml"));
    expect(own.status).toBe(0);
    expect(step(own.stdout)).toBe(step(flag.stdout));
    // the flag applies last: restoring the catalog's value undoes the scenario's overlay
    const hopper = loadCalibration().families.find((f) => f.family === "nvidia-hopper")!;
    const back = write(
      "back.yaml",
      `families:\n  - family: nvidia-hopper\n    gemm:\n      default: { max: ${getParam(hopper, "gemm.default.max")} }\n`,
    );
    const both = cli("eval", join(dir, "own.yaml"), "--json", "--calibration", back);
    expect(step(both.stdout)).toBe(step(cli("eval", scenario, "--json").stdout));
  });

  it("errors name the file and the key path; exit 2", () => {
    const tooBig = write(
      "big.yaml",
      "families:\n  - family: nvidia-hopper\n    gemm:\n      default: { max: 1.5 }\n",
    );
    const r = cli("eval", scenario, "--calibration", tooBig);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${tooBig}: families[nvidia-hopper].gemm.default.max:`);
    const typo = write("typo.yaml", "familes: []\n");
    expect(cli("eval", scenario, "--calibration", typo).stderr).toContain(
      `${typo}:1:1: familes: unknown key (did you mean families?)`,
    );
    const own = cli("eval", write("own-bad.yaml", `model: llama3.1-8b\ncalibration: big.yaml\n${TRAIN}`));
    expect(own.status).toBe(2);
    expect(own.stderr).toMatch(
      /own-bad\.yaml:2:\d+: calibration: big\.yaml: families\[nvidia-hopper\]\.gemm\.default\.max/,
    );
    expect(cli("plan", scenario, "--calibration", join(dir, "none.yaml")).stderr).toMatch(
      /none\.yaml: no such file/,
    );
  });
});
