import { describe, expect, it } from "vitest";
import { calibrationFor } from "../hardware/calibration.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { buildDeployment } from "./deployment.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import { iterationSeconds } from "./iteration-seconds.ts";
import { kernelsPerStep } from "./kernel-count.ts";
import type { StepLoad } from "./layer-seconds.ts";
import { resolveInferPrecision } from "./precision.ts";
import { graphed, stepSeconds } from "./step-seconds.ts";
import { catalogs, device, model } from "./test-fixtures.ts";

const h100 = device("nvidia-h100-sxm");
const llama = model("llama3.1-8b");
const family = inferenceFamily(calibrationFor(catalogs.calibration, h100.id).family);
const prec = resolveInferPrecision(h100, { weights: "bf16", kvCache: "bf16" });
if (!prec.ok) throw new Error("precision");
const precision = prec.value;

function deploy(engine: Partial<Pick<InferSpec, "engine" | "engineVersion" | "scheduler">>) {
  const b = buildDeployment({
    arch: llama,
    device: h100,
    family,
    precision,
    parallel: { tp: 1, ep: 1, dp: 1, pp: 1 },
    serving: { catalog: catalogs.servingEngines, infer: engine },
  });
  if (!b.ok) throw new Error("deployment");
  return b.value;
}

const decode = (S: number): StepLoad => ({
  decodeSequences: S,
  queryTokensPerSequence: 1,
  contextTokens: 1000,
  prefillTokens: 0,
  prefillKeysPerToken: 0,
  prefillSequences: 0,
  prefillKvReadTokens: 0,
});

describe("kernels per step", () => {
  it("Llama 3.1 8B: 32 layers x (5 attention + 4 MLP kernels), embedding, norm, LM head, sampling", () => {
    const d = deploy({});
    expect(kernelsPerStep(llama, d.layout)).toBe(32 * 9 + 1 + 5);
  });

  it("DeepSeek-V3 on 8 devices (ep 8): 3 dense and 58 MoE layers with MLA, dispatch and combine", () => {
    const v3 = model("deepseek-v3");
    const layout = {
      ...deploy({}).layout,
      ep: 8,
      tp: 1,
      stages: [Array.from({ length: 61 }, (_, i) => (i < 3 ? "dense" : "moe") as "dense" | "moe")],
    };
    // dense: 10 + 4; MoE: 10 + 8 routed + 3 shared + 2 all-to-all
    expect(kernelsPerStep(v3, layout)).toBe(3 * 14 + 58 * 23 + 1 + 5);
  });
});

describe("engine step costs", () => {
  it("the unnamed engine adds the family's step cost to the layer model, as before", () => {
    const d = deploy({});
    const old = iterationSeconds(d, decode(16), 0);
    expect(stepSeconds(d, decode(16)).seconds).toBeCloseTo(old.seconds, 12);
  });

  it("graphs replay decode batches up to the captured size; beyond, the host issues every kernel", () => {
    const d = deploy({ engine: "vllm", engineVersion: "0.6.3", scheduler: { graphMaxBatch: 4 } });
    expect(graphed(d, decode(4))).toBe(true);
    expect(graphed(d, decode(5))).toBe(false);
    const with4 = stepSeconds(d, decode(4));
    const with5 = stepSeconds(d, decode(5));
    // eager: the step is at least the host's issue time, 294 kernels x 8 us = 2.35 ms
    expect(with5.seconds).toBeGreaterThanOrEqual(294 * 8e-6);
    expect(with5.parts.overhead).toBeGreaterThan(with4.parts.overhead);
  });

  it("an overlapping scheduler hides its host time under a longer device step", () => {
    const sgl = deploy({ engine: "sglang" });
    const e = sgl.engine;
    const s = stepSeconds(sgl, decode(64));
    const device = iterationSeconds(
      { ...sgl, rates: { ...sgl.rates, stepOverheadSeconds: 0 } },
      decode(64),
      0,
    );
    // device step ~6 ms > host 0.5 ms: only the sync remains
    expect(s.seconds).toBeCloseTo(device.seconds + e.syncSeconds, 12);
    const vllm = deploy({ engine: "vllm" });
    const v = stepSeconds(vllm, decode(64));
    const ve = vllm.engine;
    expect(v.seconds).toBeCloseTo(
      device.seconds + ve.hostStepSeconds + 64 * ve.hostPerSequenceSeconds + ve.syncSeconds,
      12,
    );
  });
});
