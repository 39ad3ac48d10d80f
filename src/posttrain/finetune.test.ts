import { describe, expect, it } from "vitest";
import { evaluateTraining } from "../train/evaluate.ts";
import { GiB } from "../units.ts";
import { evaluatePostTraining, type PostTrainInput } from "./evaluate.ts";
import type { FinetuneReport } from "./finetune.ts";
import { ADAPTER_STATE_BYTES } from "./lora-finetune.ts";
import { catalogs, device, input, model } from "./test-fixtures.ts";

const parallel: PostTrainInput["parallel"] = {
  tp: 1,
  pp: 1,
  dp: 8,
  microBatch: 1,
  recompute: "selective",
  zero: 1,
};
const data = { seqLen: 4096, globalBatch: 64, precision: "bf16" as const };

function finetune(
  pt: Parameters<typeof input>[4],
  arch = "qwen3-8b",
  hw = "nvidia-h100-sxm",
  devices = 8,
  par = parallel,
): FinetuneReport {
  const r = evaluatePostTraining(input(arch, hw, devices, par, pt));
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  if (r.report.kind === "rl") throw new Error("rl");
  return r.report.finetune;
}

describe("full SFT", () => {
  it("is the training model on the fine-tuning workload", () => {
    const sft = finetune({ kind: "sft", ...data, tokens: 1e9 });
    const t = evaluateTraining({
      arch: model("qwen3-8b"),
      device: device("nvidia-h100-sxm"),
      calibration: catalogs.calibration,
      devices: 8,
      train: data,
      parallel,
    });
    if (!t.ok) throw new Error("train");
    expect(sft.metrics.stepTimeSeconds).toBe(t.report.metrics.stepTimeSeconds);
    expect(sft.metrics.mfu).toBe(t.report.metrics.mfu);
    // 1e9 tokens / (64 × 4096 per step) = 3814.7 → 3815 steps
    expect(sft.metrics.steps).toBe(3815);
    expect(sft.metrics.hours).toBeCloseTo((3815 * t.report.metrics.stepTimeSeconds) / 3600, 9);
    expect(sft.metrics.deviceHours).toBeCloseTo(8 * sft.metrics.hours!, 9);
  });

  it("without packing only the samples' own tokens are useful, and the data takes more steps", () => {
    const d = { samples: 100_000, meanSampleTokens: 1024, epochs: 2 };
    const packed = finetune({ kind: "sft", ...data, ...d });
    const padded = finetune({ kind: "sft", ...data, ...d, packing: false });
    expect(
      padded.metrics.usefulTokensPerSecondPerDevice / padded.metrics.tokensPerSecondPerDevice,
    ).toBeCloseTo(1024 / 4096, 9);
    // 2e5 samples × 1024 tokens: packed 204.8M / 262,144 = 781.25 → 782 steps; padded 64 samples a step → 3125
    expect(packed.metrics.steps).toBe(782);
    expect(padded.metrics.steps).toBe(3125);
  });

  it("samples without meanSampleTokens: times are given, the totals are a missing_key issue", () => {
    const r = finetune({ kind: "sft", ...data, samples: 1000 });
    expect(r.metrics.steps).toBeUndefined();
    expect(r.issues.map((i) => i.code)).toContain("missing_key");
  });
});

describe("LoRA", () => {
  const lora = { kind: "lora" as const, ...data, tokens: 1e9, rank: 16, targets: "all" as const };

  it("hand-worked on Qwen3-8B: compute shrinks to LoRA's FLOP share, the rest of the step stays", () => {
    const r = finetune(lora);
    const l = r.lora!;
    const s = r.train.step;
    // (4P + 6Pa + 3A) / (6P + 3A) for Qwen3-8B at 4k
    expect(l.flops.ratio).toBeGreaterThan(0.68);
    expect(l.flops.ratio).toBeLessThan(0.75);
    expect(l.step.computeSaved).toBeCloseTo((1 - l.flops.ratio) * (s.compute + s.bubble), 12);
    expect(r.metrics.stepTimeSeconds).toBeCloseTo(
      s.stepSeconds - l.step.computeSaved - s.dpComm - s.optimizer + l.step.dpComm + l.step.optimizer,
      12,
    );
    expect(r.metrics.stepTimeSeconds).toBeLessThan(r.train.metrics.stepTimeSeconds);
    // speedup between 1.25x and 1.5x (Hu et al. Sec. 4.2 report 25% on GPT-3 175B)
    const speedup = r.train.metrics.stepTimeSeconds / r.metrics.stepTimeSeconds;
    expect(speedup).toBeGreaterThan(1.25);
    expect(speedup).toBeLessThan(1.5);
    // trainable: q,k,v,o,gate,up,down at r 16 on 36 layers of Qwen3-8B
    const h = 4096;
    const perLayer = 16 * (h + 4096 + (h + 1024) * 2 + 4096 + h + 3 * (h + 12288));
    expect(l.adapterParams).toBe(36 * perLayer);
    expect(r.metrics.trainableParams).toBe(l.adapterParams);
  });

  it("memory: frozen bf16 weights, no base gradients or optimizer, adapters at 18 bytes", () => {
    const r = finetune(lora);
    const m = r.lora!.memory;
    const fm = r.train.memory;
    expect(m.baseWeightsGiB).toBeCloseTo(fm.weightsGiB, 12);
    expect(m.adapterStateGiB).toBeCloseTo((r.lora!.adapterParamsPerDevice * ADAPTER_STATE_BYTES) / GiB, 12);
    expect(m.totalGiB).toBeCloseTo(
      m.baseWeightsGiB + m.adapterStateGiB + fm.activationsGiB + fm.logitsGiB + fm.workspaceGiB,
      9,
    );
    expect(m.totalGiB).toBeLessThan(fm.totalGiB - fm.gradientsGiB - fm.optimizerGiB + 1);
  });

  it("QLoRA: NF4 base weights take 4.127/16 of bf16 and the same time", () => {
    const bf = finetune(lora);
    const q = finetune({ ...lora, baseWeights: "nf4" });
    expect(q.lora!.memory.baseWeightsGiB / bf.lora!.memory.baseWeightsGiB).toBeCloseTo(4.127 / 16, 12);
    expect(q.metrics.stepTimeSeconds).toBe(bf.metrics.stepTimeSeconds);
  });

  it("a 70B model that full fine-tuning cannot fit on one node fits with LoRA", () => {
    const par = { tp: 8, pp: 1, dp: 1, microBatch: 1, recompute: "full" as const, zero: 1 as const };
    const pt = { ...lora, globalBatch: 8, targets: "attention" as const };
    const r = finetune(pt, "llama3.1-70b", "nvidia-h100-sxm", 8, par);
    expect(r.train.fits).toBe(false);
    expect(r.fits).toBe(true);
    expect(r.issues).toEqual([]);
  });
});
