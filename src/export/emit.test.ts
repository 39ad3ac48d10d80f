import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { planTraining } from "../search/plan-training.ts";
import { microBatchChoices, pipelineChoices, structures } from "../search/space.ts";
import { emit } from "./emit.ts";
import { megatronLayout, parseMegatronLayout } from "./layers.ts";
import { instanceDevices, type ServeEmitPlan, type TrainEmitPlan, trainEmitPlan } from "./plans.ts";

const cat = loadCatalogs();
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;

/** Reads Megatron-style flags back: --flag value... per flag. */
function readArgs(args: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  let cur = "";
  for (const a of args) {
    if (a.startsWith("--")) {
      cur = a;
      m.set(cur, []);
    } else m.get(cur)!.push(a);
  }
  return m;
}
const num = (m: Map<string, string[]>, f: string) => Number(m.get(f)?.[0]);

const RECOMPUTE = ["none", "selective", "full"] as const;
const trainPlan = (model: string, devices: number, seqLen: number, globalBatch: number) =>
  fc
    .record({
      s: fc.nat(5000),
      p: fc.nat(50),
      m: fc.nat(50),
      r: fc.nat(2),
      z: fc.integer({ min: 0, max: 3 }),
      fp8: fc.boolean(),
    })
    .map(({ s, p, m, r, z, fp8 }): TrainEmitPlan => {
      const a = arch(model);
      const all = structures({ arch: a, devices, seqLen, globalBatch, fixed: {} });
      const st = all[s % all.length];
      const pipes = pipelineChoices(st.pp, a.layers, {});
      const pipe = pipes[p % pipes.length];
      const mbs = microBatchChoices(globalBatch, st.dp, {});
      return {
        kind: "train",
        arch: a,
        parallel: {
          ...st,
          vpp: pipe.vpp,
          schedule: pipe.schedule,
          microBatch: mbs[m % mbs.length],
          recompute: RECOMPUTE[r],
          zero: z as 0 | 1 | 2 | 3,
          sequenceParallel: st.tp > 1,
        },
        precision: fp8 ? "fp8" : "bf16",
        seqLen,
        globalBatch,
        devices,
        devicesPerNode: 8,
      };
    });

describe("Megatron-LM arguments", () => {
  for (const [model, devices, seq, gb] of [
    ["deepseek-v3", 2048, 4096, 15360],
    ["llama3.1-70b", 256, 8192, 512],
  ] as const) {
    it(`round-trip the plan's sizes (${model}, uneven and even layer splits)`, () => {
      fc.assert(
        fc.property(trainPlan(model, devices, seq, gb), (p) => {
          const e = emit(p, "megatron");
          const m = readArgs(e.args);
          const l = p.parallel;
          expect(num(m, "--tensor-model-parallel-size")).toBe(l.tp);
          expect(num(m, "--pipeline-model-parallel-size")).toBe(l.pp);
          expect(num(m, "--context-parallel-size")).toBe(l.cp);
          expect(num(m, "--micro-batch-size")).toBe(l.microBatch);
          expect(num(m, "--global-batch-size")).toBe(gb);
          expect(num(m, "--seq-length")).toBe(seq);
          expect(num(m, "--num-layers")).toBe(p.arch.layers);
          if (p.arch.moe) expect(num(m, "--expert-model-parallel-size")).toBe(l.ep);
          else expect(m.has("--expert-model-parallel-size")).toBe(false);
          expect(m.has("--sequence-parallel")).toBe(l.tp > 1);
          // data parallelism is what is left: Megatron derives it from the world size
          expect(devices / (l.tp * l.pp * l.cp)).toBe(l.dp);
          // virtual stages: from the per-stage layer count, or from the explicit layout
          const layout = m.get("--pipeline-model-parallel-layout")?.[0];
          const perVirtual = num(m, "--num-layers-per-virtual-pipeline-stage");
          const vpp = layout
            ? parseMegatronLayout(layout).length / l.pp
            : perVirtual
              ? p.arch.layers / l.pp / perVirtual
              : 1;
          expect(vpp).toBe(l.schedule === "interleaved" ? l.vpp : 1);
          if (layout) expect(parseMegatronLayout(layout).reduce((a, b) => a + b, 0)).toBe(p.arch.layers);
          if (l.pp > 1 && p.arch.layers % (l.pp * vpp) !== 0) expect(layout).toBeDefined();
          expect(m.has("--use-distributed-optimizer")).toBe(l.zero === 1);
          if (l.zero >= 2)
            expect(m.get("--data-parallel-sharding-strategy")).toEqual([
              l.zero === 2 ? "optim_grads" : "optim_grads_params",
            ]);
          expect(m.get("--recompute-granularity")?.[0] ?? "none").toBe(l.recompute);
          expect(m.get("--fp8-format")?.[0]).toBe(p.precision === "fp8" ? "hybrid" : undefined);
          expect(m.has("--bf16")).toBe(true);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("emits the best plan of a search, with DeepSeek-V3's uneven 61 layers as an explicit layout", () => {
    const a = arch("deepseek-v3");
    const train = { seqLen: 4096, globalBatch: 15360, precision: "fp8" as const };
    const r = planTraining({
      arch: a,
      device: cat.devices.find((d) => d.id === "nvidia-h800-sxm")!,
      calibration: cat.calibration,
      devices: 2048,
      train,
      fixed: { pp: 16, schedule: "1f1b" },
      top: 1,
    });
    const e = emit(trainEmitPlan(r.plans[0], a, train), "megatron");
    expect(e.text).toMatch(/^pretrain_gpt\.py \\\n {4}--num-layers 61/);
    const layout = readArgs(e.args).get("--pipeline-model-parallel-layout")![0];
    expect(layout.startsWith("Etttt|")).toBe(true);
    expect(layout.endsWith("tttmL")).toBe(true);
    expect(parseMegatronLayout(layout)).toHaveLength(16);
  });

  it("says what Megatron-LM cannot run", () => {
    const p = fc.sample(trainPlan("deepseek-v3", 2048, 4096, 15360), { numRuns: 1, seed: 1 })[0];
    const dual = emit(
      { ...p, parallel: { ...p.parallel, pp: 16, schedule: "dualpipe", vpp: 1 } },
      "megatron",
    );
    expect(dual.notes.join(" ")).toMatch(/DualPipe/);
  });

  it("builds layouts stage by stage", () => {
    expect(megatronLayout(8, 2, 1, 0)).toBe("Etttt|ttttL");
    expect(megatronLayout(61, 4, 2, 1).split("|")).toHaveLength(8);
  });
});

describe("MindSpeed-LLM arguments", () => {
  it("keep Megatron's names and add MindSpeed's; uneven stages as --num-layer-list or no-op padding", () => {
    fc.assert(
      fc.property(trainPlan("deepseek-v3", 2048, 4096, 15360), (p) => {
        const e = emit(p, "mindspeed");
        const m = readArgs(e.args);
        const l = p.parallel;
        expect(num(m, "--tensor-model-parallel-size")).toBe(l.tp);
        expect(num(m, "--expert-model-parallel-size")).toBe(l.ep);
        expect(m.has("--use-fused-rotary-pos-emb")).toBe(true);
        expect(m.has("--pipeline-model-parallel-layout")).toBe(false);
        const list = m.get("--num-layer-list")?.[0];
        if (list) {
          const xs = list.split(",").map(Number);
          expect(xs).toHaveLength(l.pp);
          expect(xs.reduce((a, b) => a + b, 0)).toBe(61);
        }
        if (m.has("--noop-layers")) expect(num(m, "--num-layers")).toBeGreaterThan(61);
        expect(m.has("--schedules-method")).toBe(l.schedule === "dualpipe");
      }),
      { numRuns: 150 },
    );
  });
});

describe("serving engines", () => {
  const plan: ServeEmitPlan = {
    kind: "infer",
    arch: arch("deepseek-v3"),
    tp: 4,
    ep: 32,
    pp: 1,
    replicas: 3,
    devicesPerNode: 8,
    batchPerDevice: 16,
    maxModelLen: 5120,
    maxInputTokens: 4096,
    weights: "fp8",
    kvCache: "fp8",
    mtpDraftTokens: 1,
  };

  it("vLLM: tp x dp ranks span the instance, experts spread over them", () => {
    const m = readArgs(emit(plan, "vllm").args);
    expect(num(m, "--tensor-parallel-size") * num(m, "--data-parallel-size")).toBe(instanceDevices(plan));
    expect(m.has("--enable-expert-parallel")).toBe(true);
    expect(num(m, "--max-num-seqs")).toBe(16 * 4);
    expect(m.get("--kv-cache-dtype")).toEqual(["fp8"]);
    expect(JSON.parse(m.get("--speculative-config")![0])).toEqual({
      method: "mtp",
      num_speculative_tokens: 1,
    });
  });

  it("SGLang: --tp-size counts the instance, DP attention splits it", () => {
    const m = readArgs(emit(plan, "sglang").args);
    expect(num(m, "--tp-size")).toBe(32);
    expect(num(m, "--dp-size")).toBe(8);
    expect(m.has("--enable-dp-attention")).toBe(true);
    expect(num(m, "--ep-size")).toBe(32);
    expect(num(m, "--max-running-requests")).toBe(16 * 32);
    expect(m.get("--kv-cache-dtype")).toEqual(["fp8_e4m3"]);
    expect(m.get("--speculative-algorithm")).toEqual(["NEXTN"]);
  });

  it("MindIE: attention tp x dp and MoE moe_tp x moe_ep both equal worldSize", () => {
    const e = emit(plan, "mindie");
    expect(e.format).toBe("json");
    const c = JSON.parse(e.text).BackendConfig;
    const mc = c.ModelDeployConfig.ModelConfig[0];
    expect(mc.worldSize).toBe(32);
    expect(mc.tp * mc.dp).toBe(32);
    expect(mc.moe_tp * mc.moe_ep).toBe(32);
    expect(JSON.parse(mc.plugin_params)).toEqual({ plugin_type: "mtp", num_speculative_tokens: 1 });
    expect(c.ScheduleConfig.maxBatchSize).toBe(16 * 32);
    expect(c.ModelDeployConfig.maxSeqLen).toBe(5120);
  });

  it("refuses a plan of the wrong kind", () => {
    expect(() => emit(plan, "megatron")).toThrow(/training plans/);
  });
});
