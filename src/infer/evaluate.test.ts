import { describe, expect, it } from "vitest";
import { calibrationFor } from "../hardware/calibration.ts";
import { GiB } from "../units.ts";
import { buildDeployment } from "./deployment.ts";
import { evaluateInference } from "./evaluate.ts";
import { layerSeconds } from "./layer-seconds.ts";
import { resolveInferPrecision } from "./precision.ts";
import { catalogs, device, infer, model } from "./test-fixtures.ts";

const calibration = catalogs.calibration;
const h100 = device("nvidia-h100-sxm");
const llama8b = model("llama3.1-8b");

function run(arch = llama8b, dev = h100, devices: number, spec: Parameters<typeof infer>[0]) {
  const r = evaluateInference({ arch, device: dev, calibration, devices, infer: infer(spec) });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.report;
}

describe("decode, hand-worked", () => {
  it("Llama 3.1 8B bf16 on one H100 at batch 1: the weights at HBM speed plus the step overhead", () => {
    const r = run(llama8b, h100, 1, { phase: "decode", inputTokens: 1, outputTokens: 2, batchPerDevice: 1 });
    // 8.03e9 weights x 2 bytes = 16.06 GB; 3.35 TB/s x 0.85 achieved = 2.85 TB/s -> 5.64 ms
    const weightsSeconds = (8.03e9 * 2) / (3.35e12 * 0.85);
    const overhead = 1.5e-3;
    const tpot = r.metrics.tpotSeconds!;
    expect(tpot).toBeGreaterThan(weightsSeconds + overhead);
    // plus ~7 kernels a layer at 5 us and the LM head: under 2.5 ms more
    expect(tpot).toBeLessThan(weightsSeconds + overhead + 2.5e-3);
    expect(r.metrics.decodeTokensPerSecondPerDevice).toBeCloseTo(1 / tpot, 6);
    // weights 8.03e9 x 2 B = 14.96 GiB, + 2 GiB workspace
    expect(r.memory.weightsGiB).toBeCloseTo((8.03e9 * 2) / GiB, 1);
  });

  it("large batches become compute-bound: prefill runs near the achieved matmul peak", () => {
    const r = run(llama8b, h100, 1, {
      phase: "prefill",
      inputTokens: 4096,
      outputTokens: 1,
      batchPerDevice: 8,
    });
    // 2 x 7.5e9 matmul weights (the LM head runs only on the last token) + causal attention
    const flopsPerToken = 2 * 7.5e9 + 32 * 2 * 2048 * 32 * 256;
    const bound = (989.4e12 * 0.8) / flopsPerToken;
    expect(r.metrics.prefillTokensPerSecondPerDevice!).toBeLessThan(bound);
    expect(r.metrics.prefillTokensPerSecondPerDevice!).toBeGreaterThan(0.75 * bound);
  });

  it("decode throughput rises with batch, TPOT too", () => {
    const small = run(llama8b, h100, 1, {
      phase: "decode",
      inputTokens: 1000,
      outputTokens: 1000,
      batchPerDevice: 8,
    });
    const big = run(llama8b, h100, 1, {
      phase: "decode",
      inputTokens: 1000,
      outputTokens: 1000,
      batchPerDevice: 128,
    });
    expect(big.metrics.decodeTokensPerSecondPerDevice!).toBeGreaterThan(
      8 * small.metrics.decodeTokensPerSecondPerDevice!,
    );
    expect(big.metrics.tpotSeconds!).toBeGreaterThan(small.metrics.tpotSeconds!);
  });
});

describe("MLA and MoE decode", () => {
  const v3 = model("deepseek-v3");
  const b200 = device("nvidia-b200");
  const fam = calibrationFor(calibration, b200.id).family;
  const prec = resolveInferPrecision(b200, { weights: "fp8", kvCache: "fp8" });
  if (!prec.ok) throw new Error("precision");
  const built = buildDeployment({
    arch: v3,
    device: b200,
    family: fam,
    precision: prec.value,
    parallel: { tp: 1, ep: 8, dp: 1, pp: 1 },
  });
  if (!built.ok) throw new Error("deployment");
  const d = built.value;
  const load = (S: number, ctx: number) => ({
    decodeSequences: S,
    queryTokensPerSequence: 1,
    contextTokens: ctx,
    prefillTokens: 0,
    prefillKeysPerToken: 0,
    prefillSequences: 0,
    prefillKvReadTokens: 0,
  });

  it("absorbed MLA: 2 x heads x (2 kvLora + rope) FLOPs per cached token, the latent read once", () => {
    const short = layerSeconds(d, "moe", load(1, 1));
    const long = layerSeconds(d, "moe", load(1, 1001));
    // 128 heads x 2 x (512 + 64 + 512) per key
    expect(long.flops - short.flops).toBeCloseTo(1000 * 2 * 128 * (2 * 512 + 64), -3);
  });

  it("a small decode batch reads only the experts its tokens touch", () => {
    const one = layerSeconds(d, "moe", load(1, 100));
    const many = layerSeconds(d, "moe", load(256, 100));
    // 8 instance tokens touch ~8 x 8 of 256 experts: ~a quarter of the weights of a full read
    expect(one.experts).toBeLessThan(0.4 * many.experts);
  });

  it("MTP: decode tokens per device = batch x (1 + a) / step, TPOT = step / (1 + a)", () => {
    const cm = device("huawei-ascend-910c");
    const r = run(v3, cm, 160, {
      phase: "decode",
      inputTokens: 4096,
      outputTokens: 100,
      batchPerDevice: 96,
      weights: "int8",
      activations: "int8",
      kvCache: "bf16",
      ep: 160,
      mtp: { draftTokens: 1, acceptance: 0.7 },
    });
    expect(r.tokensPerStep).toBeCloseTo(1.7);
    expect(r.metrics.tpotSeconds!).toBeCloseTo(r.iteration.latencySeconds / 1.7, 9);
    expect(r.metrics.decodeTokensPerSecondPerDevice!).toBeCloseTo(96 / r.metrics.tpotSeconds!, 6);
  });
});

describe("issues", () => {
  it("fp8 on Ascend is data, with the alternative", () => {
    const r = evaluateInference({
      arch: model("deepseek-v3"),
      device: device("huawei-ascend-910c"),
      calibration,
      devices: 16,
      infer: infer({ inputTokens: 1000, outputTokens: 100, weights: "fp8", ep: 16 }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: "dtype_unsupported", path: ["infer", "weights"] });
  });

  it("a batch that does not fit is a kv_overflow with need and have", () => {
    const r = evaluateInference({
      arch: llama8b,
      device: h100,
      calibration,
      devices: 1,
      infer: infer({ phase: "decode", inputTokens: 32000, outputTokens: 1000, batchPerDevice: 512 }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0].code).toBe("kv_overflow");
      expect(r.issues[0].need!).toBeGreaterThan(r.issues[0].have!);
    }
  });

  it("weights that do not fit are an hbm_overflow", () => {
    const r = evaluateInference({
      arch: model("llama3.1-405b"),
      device: h100,
      calibration,
      devices: 1,
      infer: infer({ inputTokens: 100, outputTokens: 100 }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe("hbm_overflow");
  });

  it("an unreachable TPOT objective is slo_unmet", () => {
    const r = evaluateInference({
      arch: model("llama3.1-70b"),
      device: h100,
      calibration,
      devices: 2,
      infer: infer({
        phase: "decode",
        inputTokens: 1000,
        outputTokens: 100,
        tp: 2,
        weights: "fp8",
        tpotSloMs: 2,
      }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe("slo_unmet");
  });
});

describe("batch choice and curve", () => {
  it("max-throughput runs at the largest batch that fits; an SLO picks a smaller one that meets it", () => {
    const base = { inputTokens: 1000, outputTokens: 1000, weights: "fp8" as const, kvCache: "fp8" as const };
    const free = run(llama8b, h100, 1, base);
    const slo = run(llama8b, h100, 1, { ...base, tpotSloMs: 20 });
    expect(free.batch.chosenBy).toBe("memory");
    expect(free.batch.batchPerDevice).toBe(free.batch.maxBatchPerDevice);
    expect(slo.batch.chosenBy).toBe("slo");
    expect(slo.metrics.tpotSeconds!).toBeLessThanOrEqual(0.02);
    expect(slo.batch.batchPerDevice).toBeLessThan(free.batch.batchPerDevice);
    expect(free.memory.totalGiB).toBeLessThanOrEqual(80);
    // the curve ends at the largest batch and is sorted
    const sizes = free.curve.map((p) => p.batchPerDevice);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes.at(-1)).toBe(free.batch.maxBatchPerDevice);
  });

  it("concurrency is for the whole system", () => {
    const r = run(model("llama3.1-70b"), h100, 4, {
      inputTokens: 1000,
      outputTokens: 1000,
      weights: "fp8",
      kvCache: "fp8",
      tp: 2,
      dp: 2,
      concurrency: 200,
    });
    expect(r.batch.concurrency).toBeCloseTo(200);
    // 200 clients over 2 replicas of 2 devices: at most 50 sequences per device, and by Little's
    // law the decoding ones number the request rate times the time a request spends decoding.
    const m = r.metrics;
    expect(r.batch.batchPerDevice).toBeLessThanOrEqual(50 + 1e-9);
    const decoding = m.requestsPerSecond! * (m.e2eSeconds! - m.ttftSeconds!);
    expect(r.batch.batchPerDevice * 4).toBeCloseTo(decoding, -1);
    expect(Math.abs(r.batch.batchPerDevice * 4 - decoding) / decoding).toBeLessThan(0.05);
    expect(r.batch.chosenBy).toBe("load");
  });

  it("costs per million output tokens where the device has a price", () => {
    const r = run(llama8b, h100, 1, {
      inputTokens: 1000,
      outputTokens: 1000,
      weights: "fp8",
      kvCache: "fp8",
    });
    const price = h100.pricePerDeviceHourUSD!.value;
    expect(r.metrics.costPerMillionTokensUSD).toBeCloseTo(
      (price / 3600 / r.metrics.outputTokensPerSecond!) * 1e6,
      9,
    );
  });
});

describe("disaggregated pools", () => {
  it("serves the lesser of the pools' request rates and moves each prompt's KV cache", () => {
    const v3 = model("deepseek-v3");
    const r = run(v3, device("huawei-ascend-910c"), 160, {
      inputTokens: 4096,
      outputTokens: 1000,
      weights: "int8",
      activations: "int8",
      kvCache: "bf16",
      batchPerDevice: 64,
      pools: {
        prefill: { devices: 32, tp: 1, ep: 32, dp: 1 },
        decode: { devices: 128, tp: 1, ep: 128, dp: 1 },
      },
    });
    const d = r.disaggregated!;
    expect(r.mode).toBe("disaggregated");
    expect(d.requestsPerSecond).toBeCloseTo(
      Math.min(d.prefill.requestsPerSecond, d.decode.requestsPerSecond, d.kvTransfer.requestsPerSecondLimit),
    );
    expect(r.metrics.outputTokensPerSecond).toBeCloseTo(d.requestsPerSecond * 1000);
    // 4096 tokens x 61 layers x 576 latent x 2 bytes
    expect(d.kvTransfer.bytesPerRequest).toBe(4096 * 61 * 576 * 2);
    expect(d.kvTransfer.over).toBe("scale-up");
    expect(r.metrics.ttftSeconds!).toBeGreaterThan(d.prefill.latencySeconds);
    expect(d.balanced.prefillDevices + d.balanced.decodeDevices).toBeLessThanOrEqual(160);
  });
});
