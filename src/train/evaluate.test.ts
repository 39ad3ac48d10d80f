import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import type { Arch } from "../model/arch.ts";
import { evaluateTraining, type TrainInput } from "./evaluate.ts";
import { layersPerStage, stageSplit } from "./layout.ts";
import { overlapRates } from "./step.ts";

const cat = loadCatalogs();
const dev = (id: string) => cat.devices.find((d) => d.id === id)!;
const model = (id: string) => cat.models.find((m) => m.id === id)!.arch;

// GPT-3 175B as in Narayanan et al. 2021 (gelu, ffn 4h, tied embeddings, vocab 51200)
const gpt3: Arch = {
  layers: 96,
  hidden: 12288,
  heads: 96,
  kvHeads: 96,
  ffn: 49152,
  mlp: "gelu",
  vocab: 51200,
  tiedEmbeddings: true,
};

const base: TrainInput = {
  arch: gpt3,
  device: dev("nvidia-a100-80gb-sxm"),
  calibration: cat.calibration,
  devices: 1024,
  train: { seqLen: 2048, globalBatch: 1536, precision: "bf16" },
  parallel: { tp: 8, pp: 16, dp: 8, microBatch: 1, recompute: "full", zero: 0 },
};

/** DeepSeek-V3's pre-training layout on 2,048 H800 (V3 report), with `ep` expert parallelism. */
const dsv3Input = (ep: number): TrainInput => ({
  ...base,
  arch: model("deepseek-v3"),
  device: dev("nvidia-h800-sxm"),
  devices: 2048,
  train: { seqLen: 4096, globalBatch: 15360, precision: "fp8" },
  parallel: { tp: 1, pp: 16, dp: 128, ep, schedule: "dualpipe", recompute: "selective" },
});

describe("evaluateTraining", () => {
  it("FLOPs per step follow Narayanan et al. Eq. 3: 72·B·s·l·h²·(1 + s/6h + V/12lh)", () => {
    const r = evaluateTraining(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { seqLen: s, globalBatch: B } = base.train;
    const { layers: l, hidden: h, vocab: V } = gpt3;
    const expected = 72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
    expect(r.report.metrics.flopsPerStep / expected).toBeCloseTo(1, 6);
    // tokens/s and MFU agree: mfu = flops/token · tokens/s / peak
    const m = r.report.metrics;
    expect(m.mfu).toBeCloseTo((m.tflopsPerDevice * 1e12) / 312e12, 9);
  });

  it("an omitted precision evaluates as bf16", () => {
    const a = evaluateTraining({ ...base, train: { ...base.train, precision: undefined } });
    const b = evaluateTraining({ ...base, train: { ...base.train, precision: "bf16" } });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.report.metrics.stepTimeSeconds).toBe(b.report.metrics.stepTimeSeconds);
  });

  it("FP8 on a device without FP8 is an issue that says which precision to use", () => {
    const r = evaluateTraining({
      ...base,
      device: dev("huawei-ascend-910b2"),
      train: { ...base.train, precision: "fp8" },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].code).toBe("dtype_unsupported");
    expect(r.issues[0].message).toMatch(/precision: bf16/);
  });

  it("a layout whose product differs from devices is a layout_mismatch issue", () => {
    const r = evaluateTraining({ ...base, parallel: { ...base.parallel, dp: 4 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toContain("layout_mismatch");
  });

  it("a model that cannot fit is an hbm_overflow issue with need and have", () => {
    const r = evaluateTraining({
      ...base,
      devices: 8,
      parallel: { tp: 8, pp: 1, dp: 1, recompute: "none", zero: 0 },
      train: { ...base.train, globalBatch: 8 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.fits).toBe(false);
    const i = r.report.issues[0];
    expect(i.code).toBe("hbm_overflow");
    expect(i.need).toBeGreaterThan(i.have!);
  });

  it("times are positive and finite and more data-parallel devices never raise per-device parameter memory", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom<"none" | "selective" | "full">("none", "selective", "full"),
        fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3),
        (tp, pp, dp, recompute, zero) => {
          const arch = model("llama3.1-8b");
          const run = (d: number) =>
            evaluateTraining({
              ...base,
              arch,
              device: dev("nvidia-h100-sxm"),
              devices: tp * pp * d,
              train: { seqLen: 4096, globalBatch: 64, precision: "bf16" },
              parallel: { tp, pp, dp: d, recompute, zero },
            });
          const a = run(dp);
          const b = run(dp * 2);
          expect(a.ok && b.ok).toBe(true);
          if (!a.ok || !b.ok) return;
          for (const v of [a.report.metrics.stepTimeSeconds, a.report.step.compute, a.report.step.bubble]) {
            expect(Number.isFinite(v) && v >= 0).toBe(true);
          }
          expect(a.report.metrics.stepTimeSeconds).toBeGreaterThan(0);
          const state = (x: typeof a) =>
            x.report.memory.weightsGiB + x.report.memory.gradientsGiB + x.report.memory.optimizerGiB;
          expect(state(b)).toBeLessThanOrEqual(state(a) + 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("DeepSeek-V3 on 2,048 H800 evaluates (MoE, MLA, MTP, DualPipe, 61 layers on 16 stages)", () => {
    const r = evaluateTraining(dsv3Input(64));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.step.stageLayers.flat().reduce((a, b) => a + b, 0)).toBe(61);
    expect(r.report.step.epComm).toBeGreaterThanOrEqual(0);
    expect(r.report.metrics.mfu).toBeGreaterThan(0.05);
    expect(r.report.metrics.mfu).toBeLessThan(0.6);
  });
});

describe("tensor-parallel communication overlap", () => {
  it("hides sequence-parallel TP traffic behind the GEMMs on families that overlap, never below 1/tp of it", () => {
    const arch = model("llama3.1-70b");
    const run = (overlap: boolean, sp: boolean) => {
      const calibration = structuredClone(cat.calibration);
      for (const f of calibration.families) f.tpCommOverlap = overlap;
      const r = evaluateTraining({
        ...base,
        arch,
        calibration,
        device: dev("nvidia-h100-sxm"),
        devices: 64,
        train: { seqLen: 8192, globalBatch: 64, precision: "bf16" },
        parallel: { tp: 8, pp: 8, dp: 1, sequenceParallel: sp },
      });
      if (!r.ok) throw new Error("evaluation failed");
      return r.report.step;
    };
    const exposed = run(false, true);
    const hidden = run(true, true);
    expect(hidden.tpComm).toBeLessThan(exposed.tpComm);
    expect(hidden.tpComm).toBeGreaterThanOrEqual(exposed.tpComm / 8 - 1e-9);
    expect(hidden.stepSeconds).toBeLessThan(exposed.stepSeconds);
    // userbuffer overlap needs sequence parallelism
    expect(run(true, false).tpComm).toBeCloseTo(run(false, false).tpComm, 12);
  });
});

describe("the host's share of a step", () => {
  it("is exactly zero where the kernels outlast their issue (GPT-3 175B on 1,024 A100), not rounding noise", () => {
    // the 530B Korthikanti run printed 3.89e-15 s of host wait before the term was cleaned
    for (const recompute of ["none", "selective", "full"] as const) {
      const r = evaluateTraining({ ...base, parallel: { ...base.parallel, recompute } });
      if (!r.ok) throw new Error("evaluation failed");
      expect(r.report.step.host).toBe(0);
    }
  });
});

describe("layersPerStage", () => {
  it("puts every layer somewhere, at most one apart", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 64 }), (layers, stages) => {
        const s = layersPerStage(layers, stages);
        expect(s.reduce((a, b) => a + b, 0)).toBe(layers);
        expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("stageSplit: layers on pipeline stages as Megatron-LM places them", () => {
  it("Qwen3-235B, 94 layers on pp 32 × vpp 3 = 96 stages: the embedding and the loss take a stage each", () => {
    const s = stageSplit(94, { pp: 32, vpp: 3 });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.split).toHaveLength(96);
    expect(s.split[0]).toBe(0); // the embedding alone
    expect(s.split[95]).toBe(0); // the loss alone
    expect(s.split.slice(1, 95).every((n) => n === 1)).toBe(true);
  });
  it("refuses more stages than layers + embedding + loss", () => {
    expect(stageSplit(94, { pp: 97, vpp: 1 }).ok).toBe(false);
  });
  it("explicit first and last stage layers (--decoder-first/last-pipeline-num-layers), the rest even", () => {
    // DeepSeek-V3-style: 61 layers on pp 16 with 3 on the first and 2 on the last stage
    const s = stageSplit(61, { pp: 16, vpp: 1, pipelineSplit: { firstStageLayers: 3, lastStageLayers: 2 } });
    expect(s.ok && s.split).toEqual([3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2]);
    expect(
      stageSplit(61, { pp: 16, vpp: 1, pipelineSplit: { firstStageLayers: 40, lastStageLayers: 30 } }).ok,
    ).toBe(false);
  });
  it("places every layer exactly once, whatever the options", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        (layers, pp, vpp, embedding, loss) => {
          const s = stageSplit(layers, { pp, vpp, pipelineSplit: { embedding, loss } });
          if (!s.ok) {
            expect(pp * vpp).toBeGreaterThan(layers + (embedding ? 1 : 0) + (loss ? 1 : 0));
            return;
          }
          expect(s.split).toHaveLength(pp * vpp);
          expect(s.split.reduce((a, b) => a + b, 0)).toBe(layers);
          expect(Math.min(...s.split)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
  it("a training evaluation accepts the 96-stage layout and puts all 94 layers on devices", () => {
    const cat = loadCatalogs();
    const q = cat.models.find((m) => m.id === "qwen3-235b-a22b")!;
    const r = evaluateTraining({
      arch: q.arch,
      device: cat.devices.find((d) => d.id === "nvidia-gb200")!,
      calibration: cat.calibration,
      devices: 256,
      train: { seqLen: 4096, globalBatch: 1024, precision: "bf16", tokens: 1e11 },
      parallel: { tp: 1, pp: 32, vpp: 3, dp: 8, ep: 8, microBatch: 1, schedule: "interleaved" },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.issues.filter((i) => i.code === "not_divisible")).toEqual([]);
    expect(r.report.step.stageLayers.flat().reduce((a, b) => a + b, 0)).toBe(94);
  });
});

describe("the software that ran: attention kernel and selective policy", () => {
  const llama = model("llama3.1-8b");
  const run = (device: string, stack: TrainInput["stack"], recompute: "none" | "selective" | "full") => {
    const r = evaluateTraining({
      ...base,
      arch: llama,
      device: dev(device),
      stacks: cat.stacks,
      stack,
      devices: 8,
      train: { seqLen: 8192, globalBatch: 16, precision: "bf16" },
      parallel: { tp: 1, pp: 1, dp: 8, microBatch: 2, recompute, zero: 3 },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report.step;
  };

  it("PyTorch SDPA's attention costs more than the fused kernel on Hopper and the same on Ampere", () => {
    const flash = run("nvidia-h100-sxm", { attention: "flash" }, "none");
    const sdpa = run("nvidia-h100-sxm", { attention: "sdpa" }, "none");
    expect(sdpa.compute).toBeGreaterThan(flash.compute);
    const a100 = (attention: "flash" | "sdpa") => run("nvidia-a100-80gb-sxm", { attention }, "none").compute;
    expect(a100("sdpa")).toBe(a100("flash"));
  });

  it("FlashAttention-2 called directly (fa2) runs at SDPA's rate: the same kernel generation", () => {
    const sdpa = run("nvidia-h100-sxm", { attention: "sdpa" }, "none");
    const fa2 = run("nvidia-h100-sxm", { attention: "fa2" }, "none");
    expect(fa2.compute).toBe(sdpa.compute);
    expect(fa2.stepSeconds).toBe(sdpa.stepSeconds);
  });

  it("torchtitan's per-op policy recomputes more than Megatron's core attention and less than a full recompute", () => {
    const op = run("nvidia-h100-sxm", { engine: "torchtitan" }, "selective").recompute;
    const modules = run(
      "nvidia-h100-sxm",
      { engine: "torchtitan", selectivePolicy: "modules" },
      "selective",
    ).recompute;
    const full = run("nvidia-h100-sxm", { engine: "torchtitan" }, "full").recompute;
    expect(run("nvidia-h100-sxm", { engine: "torchtitan" }, "none").recompute).toBe(0);
    expect(op).toBeGreaterThan(modules);
    expect(op).toBeLessThan(full);
  });
});

describe("the software that ran: main-gradient precision", () => {
  // Llama 3 70B on 64 H100 (tp 8 · pp 4 · dp 2, ZeRO-1): the gradient buffer holds every local
  // parameter, 4 bytes each in fp32 and 2 in bf16; the reduce-scatter moves the same elements.
  const run = (stack: TrainInput["stack"]) => {
    const r = evaluateTraining({
      ...base,
      arch: model("llama3.1-70b"),
      device: dev("nvidia-h100-sxm"),
      stacks: cat.stacks,
      stack,
      devices: 64,
      train: { seqLen: 8192, globalBatch: 64, precision: "bf16" },
      parallel: { tp: 8, pp: 4, dp: 2, microBatch: 1, recompute: "full", zero: 1, sequenceParallel: true },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report;
  };

  it("bf16 main gradients take half the bytes of fp32 ones, and nothing else changes in memory", () => {
    const fp32 = run({ engine: "megatron-core" });
    const bf16 = run({ engine: "megatron-core", gradPrecision: "bf16" });
    expect(bf16.memory.gradientsGiB).toBeCloseTo(fp32.memory.gradientsGiB / 2, 9);
    expect(bf16.memory.weightsGiB).toBe(fp32.memory.weightsGiB);
    expect(bf16.memory.optimizerGiB).toBe(fp32.memory.optimizerGiB);
    expect(bf16.memory.activationsGiB).toBe(fp32.memory.activationsGiB);
    // the same elements move either way (the ZeRO volumes are counted in parameters)
    expect(bf16.step.dpTraffic).toEqual(fp32.step.dpTraffic);
  });

  it("Megatron-Bridge's performance recipes keep bf16 gradients by default; Megatron-Core fp32", () => {
    const bridge = run({ engine: "megatron-bridge" });
    const core = run({ engine: "megatron-core" });
    expect(bridge.stack.gradPrecision).toBe("bf16");
    expect(core.stack.gradPrecision).toBe("fp32");
    expect(bridge.memory.gradientsGiB).toBeCloseTo(core.memory.gradientsGiB / 2, 9);
  });
});

describe("the software that ran: gradient-accumulation fusion", () => {
  // Llama 3 8B on 8 H100 (tp 1 · pp 1 · dp 8, ZeRO-1, bf16, fp32 main gradients), 4 micro-batches
  // per step: without fusion each micro-batch reads every local gradient (2 bytes) and reads and
  // writes its fp32 main gradient (4 + 4): 10 bytes per parameter, four times a step.
  const run = (stack: TrainInput["stack"], zero: 1 | 2 = 1) => {
    const r = evaluateTraining({
      ...base,
      arch: model("llama3.1-8b"),
      device: dev("nvidia-h100-sxm"),
      stacks: cat.stacks,
      stack,
      devices: 8,
      train: { seqLen: 8192, globalBatch: 32, precision: "bf16" },
      parallel: { tp: 1, pp: 1, dp: 8, microBatch: 1, recompute: "none", zero, sequenceParallel: false },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report;
  };

  it("an unfused accumulation adds a 10-byte pass over every local parameter per micro-batch (hand-worked)", () => {
    const fused = run({ engine: "megatron-core" });
    const unfused = run({ engine: "megatron-core", gradAccumFusion: false });
    const params = fused.step.denseParamsPerDevice + fused.step.expertParamsPerDevice;
    const calib = cat.calibration.families.find((f) => f.appliesTo.includes("nvidia-h100-sxm"));
    const hbm = (dev("nvidia-h100-sxm").memory.bandwidthTBps?.value ?? 0) * 1e12 * (calib?.memory ?? 0);
    // 4 micro-batches × params × 10 bytes over the sustained HBM rate, kernels' fixed cost aside
    const expected = (4 * params * 10) / hbm;
    const added = unfused.step.stepSeconds - fused.step.stepSeconds;
    expect(added).toBeGreaterThan(expected);
    expect(added).toBeLessThan(expected * 1.05);
    expect(unfused.memory).toEqual(fused.memory);
  });

  it("with sharded gradients (ZeRO-2) only the shard is accumulated: an eighth of the pass at dp 8", () => {
    const cost = (zero: 1 | 2) =>
      run({ engine: "megatron-core", gradAccumFusion: false }, zero).step.stepSeconds -
      run({ engine: "megatron-core" }, zero).step.stepSeconds;
    expect(cost(2)).toBeLessThan(cost(1) / 4);
    expect(cost(2)).toBeGreaterThan(0);
  });

  it("MindSpeed-LLM's examples turn the fusion off; Megatron-Core fuses by default", () => {
    expect(run({ engine: "mindspeed-llm" }).stack.gradAccumFusion).toBe(false);
    expect(run({ engine: "megatron-core" }).stack.gradAccumFusion).toBe(true);
    expect(run(undefined).stack.gradAccumFusion).toBe(true);
  });
});

describe("DualPipe's two directions and the compute units its communication holds", () => {
  // Llama 3.1 8B (dense: no expert exchange to hide, so the layer costs are the same under both
  // schedules) on 4 H100 stages × 2 data-parallel replicas: the last stage carries the LM head and
  // loss, the first the embedding.
  const run = (schedule: "1f1b" | "dualpipe") => {
    const r = evaluateTraining({
      ...base,
      arch: model("llama3.1-8b"),
      device: dev("nvidia-h100-sxm"),
      devices: 8,
      train: { seqLen: 4096, globalBatch: 64, precision: "bf16" },
      parallel: { tp: 1, pp: 4, dp: 2, microBatch: 1, schedule, recompute: "full", zero: 1 },
    });
    if (!r.ok) throw new Error("evaluation failed");
    return r.report.step;
  };

  it("a device runs stage d of one direction and stage p-1-d of the other: its per-micro-batch time is their mean", () => {
    const one = run("1f1b");
    const dual = run("dualpipe");
    for (let d = 0; d < 4; d++) {
      expect(dual.stageForward[d]).toBeCloseTo((one.stageForward[d] + one.stageForward[3 - d]) / 2, 12);
      expect(dual.stageBackward[d]).toBeCloseTo((one.stageBackward[d] + one.stageBackward[3 - d]) / 2, 12);
    }
    // the head's stage no longer sets the pace alone: the steady state runs at the busiest pair
    const per = (s: typeof one) => s.stageForward.map((f, i) => f + s.stageBackward[i]);
    expect(Math.max(...per(dual))).toBeLessThan(Math.max(...per(one)));
    // the busiest pair is the one with the embedding and the head: its device reduces both stages'
    // gradients (its two parameter copies), where 1F1B's busiest device reduces its one stage's
    const held = (d: number) => dual.layerParamsByDevice[d].dense + dual.layerParamsByDevice[d].expert;
    expect(dual.dpTraffic.reduceScatter).toBe(held(0) + held(3));
    expect(one.dpTraffic.reduceScatter).toBe(held(3));
  });

  it("its memory holds the pair's parameters, not twice one stage's, and p+1 micro-batches of the pair's activations", () => {
    // a multi-token-prediction module makes the last stage the heaviest
    const mtp = (schedule: "1f1b" | "dualpipe") => {
      const r = evaluateTraining({
        ...base,
        arch: { ...model("llama3.1-8b"), mtp: 1 },
        device: dev("nvidia-h100-sxm"),
        devices: 8,
        train: { seqLen: 4096, globalBatch: 64, precision: "bf16" },
        parallel: { tp: 1, pp: 4, dp: 2, microBatch: 1, schedule, recompute: "none", zero: 1 },
      });
      if (!r.ok) throw new Error("evaluation failed");
      return r.report;
    };
    const { step, memory } = mtp("dualpipe");
    const held = (d: number) => step.layerParamsByDevice[d].dense + step.layerParamsByDevice[d].expert;
    const GiB = 2 ** 30;
    // bf16 weights, 2 bytes each: the peak device is one of the pair with the embedding and the head
    expect(memory.weightsGiB * GiB).toBeCloseTo(2 * (held(0) + held(3)), 0);
    expect(memory.weightsGiB * GiB).toBeLessThan(2 * 2 * held(3));
    // eight layers a stage, all alike: the pair's mean activations are one stage's; 1F1B's first
    // stage holds 4 micro-batches of its 8 layers, DualPipe's every device 5
    expect(memory.activationsGiB).toBeCloseTo((mtp("1f1b").memory.activationsGiB * 5) / 4, 9);
  });

  it("the communication kernels' share of the SMs slows matmuls and attention by 1/(1 - share), not memory-bound work", () => {
    const matmul = {
      matmulFlopsPerSecond: 1e15,
      attentionFlopsPerSecond: 5e14,
      memoryBytesPerSecond: 3e12,
      kernelSeconds: 5e-6,
    };
    const slowed = overlapRates(
      { matmul, vector: matmul, gemm: { engine: matmul, tableDtype: "bf16", scale: 1.2 } },
      0.2,
    );
    expect(slowed.matmul.matmulFlopsPerSecond).toBeCloseTo(8e14, 0);
    expect(slowed.vector.attentionFlopsPerSecond).toBeCloseTo(4e14, 0);
    expect(slowed.vector.memoryBytesPerSecond).toBe(3e12);
    expect(slowed.gemm.scale).toBeCloseTo(1.5, 12);
    expect(
      overlapRates({ matmul, vector: matmul, gemm: { engine: matmul, tableDtype: "bf16", scale: 1.2 } }, 0)
        .matmul,
    ).toBe(matmul);
  });

  it("DeepSeek-V3's 20 of 132 SMs slow its DualPipe step, and nothing changes without an expert exchange", () => {
    const dsv3 = (commSmShare: number, ep: number) => {
      const r = evaluateTraining({
        ...dsv3Input(ep),
        stacks: cat.stacks,
        stack: { engine: "other", commSmShare },
      });
      if (!r.ok) throw new Error("evaluation failed");
      return r.report.step;
    };
    const free = dsv3(0, 64);
    const held = dsv3(20 / 132, 64);
    expect(held.stepSeconds).toBeGreaterThan(free.stepSeconds);
    // the matmul-bound compute slows by at most 132/112
    expect(held.compute / free.compute).toBeLessThanOrEqual(132 / 112 + 1e-9);
    expect(held.compute / free.compute).toBeGreaterThan(1.05);
    expect(dsv3(20 / 132, 1).stepSeconds).toBe(dsv3(0, 1).stepSeconds);
  });
});
