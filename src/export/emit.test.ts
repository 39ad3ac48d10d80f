import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { planInference } from "../infer/plan.ts";
import { inferSchema } from "../scenario/schema.ts";
import { planTraining } from "../search/plan-training.ts";
import { microBatchChoices, pipelineChoices, structures } from "../search/space.ts";
import { emit, emitFor } from "./emit.ts";
import { megatronLayout, parseMegatronLayout } from "./layers.ts";
import {
  type Engine,
  type ServeEmitPlan,
  serveEmitPlan,
  type TrainEmitPlan,
  trainEmitPlan,
} from "./plans.ts";
import { parseServeCommands, serveLayoutOf } from "./serve-layout.ts";
import { parseTrainArgs, readArgs, trainLayoutOf } from "./train-layout.ts";

const cat = loadCatalogs();
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;

const RECOMPUTE = ["none", "selective", "full"] as const;
const PRECISIONS = ["bf16", "fp8", "fp16"] as const;
const trainPlan = (model: string, devices: number, seqLen: number, globalBatch: number) =>
  fc
    .record({
      s: fc.nat(5000),
      p: fc.nat(50),
      m: fc.nat(50),
      r: fc.nat(2),
      z: fc.integer({ min: 0, max: 3 }),
      prec: fc.nat(2),
    })
    .map(({ s, p, m, r, z, prec }): TrainEmitPlan => {
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
        precision: PRECISIONS[prec],
        seqLen,
        globalBatch,
        devices,
        devicesPerNode: 8,
      };
    });

/** Every key of the layout equal, but the ones the engine says it cannot express. */
function expectRoundTrip(parsed: object, expected: object, unexpressed: string[]) {
  const strip = (o: object) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !unexpressed.includes(k)));
  expect(strip(parsed)).toEqual(strip(expected));
}

describe("training emitters round-trip the whole plan", () => {
  for (const [model, devices, seq, gb] of [
    ["deepseek-v3", 2048, 4096, 15360],
    ["llama3.1-70b", 256, 8192, 512],
  ] as const) {
    for (const engine of ["megatron", "mindspeed"] as const) {
      it(`${engine}: flags parse back into the plan's layout, shape, schedule, ZeRO, precision and MTP (${model})`, () => {
        fc.assert(
          fc.property(trainPlan(model, devices, seq, gb), (p) => {
            const e = emit(p, engine);
            expectRoundTrip(parseTrainArgs(e.args, devices), trainLayoutOf(p), e.unexpressed);
            // what cannot be expressed is only what the engine documents no flag for
            const l = p.parallel;
            for (const k of e.unexpressed) {
              if (k === "schedule") {
                const dualOk = engine === "mindspeed" && l.schedule === "dualpipe" && l.pp > 1 && l.cp === 1;
                expect(l.schedule === "zero-bubble" || (l.schedule === "dualpipe" && !dualOk)).toBe(true);
              } else if (k === "zero") expect(engine === "mindspeed" && l.zero === 2).toBe(true);
              else expect(k).toBe("never");
            }
            expect(e.notes.length).toBeGreaterThanOrEqual(e.unexpressed.length);
          }),
          { numRuns: 120 },
        );
      });
    }
  }

  it("writes DeepSeek-V3's shape: MLA, 256 experts of 2048, 3 dense layers, one shared expert, MTP", () => {
    const p = fc.sample(trainPlan("deepseek-v3", 2048, 4096, 15360), { numRuns: 1, seed: 3 })[0];
    const m = readArgs(emit(p, "megatron").args);
    expect(m.get("--moe-layer-freq")).toEqual(["([0]*3+[1]*58)"]);
    expect(m.get("--moe-shared-expert-intermediate-size")).toEqual(["2048"]);
    expect(m.get("--mtp-num-layers")).toEqual(["1"]);
    expect(m.has("--multi-latent-attention")).toBe(true);
    const s = readArgs(emit(p, "mindspeed").args);
    expect(s.get("--first-k-dense-replace")).toEqual(["3"]);
    expect(s.get("--n-shared-experts")).toEqual(["1"]);
    expect(s.has("--multi-head-latent-attention")).toBe(true);
  });

  it("emits the best plan of a search: DualPipe reaches MindSpeed-LLM, and Megatron-LM says it cannot run it", () => {
    const a = arch("deepseek-v3");
    const train = { seqLen: 4096, globalBatch: 15360, precision: "fp8" as const };
    const r = planTraining({
      arch: a,
      device: cat.devices.find((d) => d.id === "nvidia-h800-sxm")!,
      calibration: cat.calibration,
      devices: 2048,
      train,
      fixed: { pp: 16, cp: 1, schedule: "dualpipe", zero: 1 },
      top: 1,
    });
    const plan = trainEmitPlan(r.plans[0], a, train);
    const mega = emit(plan, "megatron");
    expect(mega.text).toMatch(/^pretrain_gpt\.py \\\n {4}--num-layers 61/);
    expect(mega.unexpressed).toEqual(["schedule"]);
    expect(mega.notes.join(" ")).toMatch(/DualPipe/);
    const layout = readArgs(mega.args).get("--pipeline-model-parallel-layout")![0];
    expect(parseMegatronLayout(layout)).toHaveLength(16);
    const ms = emit(plan, "mindspeed");
    expect(ms.unexpressed).toEqual([]);
    expect(parseTrainArgs(ms.args, 2048)).toEqual(trainLayoutOf(plan));
    expect(readArgs(ms.args).get("--schedules-method")).toEqual(["dualpipev"]);
  });

  it("builds layouts stage by stage", () => {
    expect(megatronLayout(8, 2, 1, 0)).toBe("Etttt|ttttL");
    expect(megatronLayout(61, 4, 2, 1).split("|")).toHaveLength(8);
  });
});

describe("serving emitters round-trip the whole plan, pools included", () => {
  const base: ServeEmitPlan = {
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
  const shapes = fc
    .record({
      tp: fc.constantFrom(1, 2, 4, 8),
      groups: fc.constantFrom(1, 2, 4, 8),
      batch: fc.double({ min: 0.5, max: 64, noNaN: true }),
      fp8: fc.boolean(),
      mtp: fc.constantFrom(0, 1, 2),
      pools: fc.option(fc.record({ p: fc.integer({ min: 1, max: 9 }), d: fc.integer({ min: 1, max: 9 }) })),
    })
    .map(
      ({ tp, groups, batch, fp8, mtp, pools }): ServeEmitPlan => ({
        ...base,
        tp,
        ep: tp * groups,
        batchPerDevice: batch,
        weights: fp8 ? "fp8" : "bf16",
        kvCache: fp8 ? "fp8" : "bf16",
        mtpDraftTokens: mtp || undefined,
        ...(pools
          ? { pools: { prefill: { replicas: pools.p }, decode: { replicas: pools.d } }, replicas: pools.d }
          : {}),
      }),
    );

  for (const engine of ["vllm", "sglang", "mindie"] as const satisfies Engine[]) {
    it(`${engine}: each command parses back into its instance, role and replica count`, () => {
      fc.assert(
        fc.property(shapes, (p) => {
          const e = emit(p, engine);
          const got = parseServeCommands(engine, e.commands, p);
          const want = serveLayoutOf(p);
          expect(got.length).toBe(want.length);
          // the devices one whole-sequence count covers: an engine core (tp x pp) for vLLM, the instance otherwise
          const devices = engine === "vllm" ? p.tp * p.pp : Math.max(p.tp, p.ep) * p.pp;
          // mindie: the format of weights and KV cache comes from the quantized checkpoint
          const skip = engine === "mindie" ? [...e.unexpressed, "kvFp8", "weightsFp8"] : e.unexpressed;
          for (let i = 0; i < want.length; i++) {
            // whole sequences: within one sequence per count
            expect(Math.abs(got[i].batchPerDevice - want[i].batchPerDevice) * devices).toBeLessThanOrEqual(1);
            expectRoundTrip({ ...got[i], batchPerDevice: 0 }, { ...want[i], batchPerDevice: 0 }, skip);
          }
        }),
        { numRuns: 100 },
      );
    });
  }

  it("writes a disaggregated plan as a prefill and a decode command, MTP on decode only", () => {
    const p: ServeEmitPlan = {
      ...base,
      pools: { prefill: { replicas: 2 }, decode: { replicas: 5 } },
      replicas: 5,
    };
    const v = emit(p, "vllm");
    expect(v.commands.map((c) => [c.role, c.replicas])).toEqual([
      ["prefill", 2],
      ["decode", 5],
    ]);
    expect(readArgs(v.commands[0].args).has("--speculative-config")).toBe(false);
    expect(readArgs(v.commands[1].args).has("--speculative-config")).toBe(true);
    expect(readArgs(emit(p, "sglang").commands[0].args).get("--disaggregation-mode")).toEqual(["prefill"]);
    expect(JSON.parse(emit(p, "mindie").commands[1].text).ServerConfig.inferMode).toBe("dmi");
  });

  it("carries the planner's prefill/decode split into the commands", () => {
    const infer = inferSchema.parse({
      inputTokens: 2000,
      outputTokens: 1000,
      requestsPerSecond: 20,
      tpotSloMs: 50,
      weights: "int8",
      kvCache: "bf16",
    });
    const device = cat.devices.find((d) => d.id === "huawei-ascend-910c")!;
    const r = planInference({
      arch: arch("deepseek-r1"),
      device,
      calibration: cat.calibration,
      devicesPerNode: 8,
      infer,
    });
    if (!r.ok) throw new Error("no plan");
    const withPools = r.plan.candidates.find((c) => c.pools) ?? r.plan.best;
    const p = serveEmitPlan(withPools, arch("deepseek-r1"), infer, 8);
    const e = emit(p, "mindie");
    const roles = e.commands.map((c) => [c.role, c.replicas]);
    if (withPools.pools)
      expect(roles).toEqual([
        ["prefill", withPools.pools.prefillDp],
        ["decode", withPools.pools.decodeDp],
      ]);
    else expect(roles).toEqual([["serve", withPools.dp]]);
  });

  it("refuses a plan of the wrong kind", () => {
    expect(() => emit(base, "megatron")).toThrow(/training plans/);
  });
});

describe("engines only where they run", () => {
  const serve: ServeEmitPlan = {
    kind: "infer",
    arch: arch("qwen3-32b"),
    tp: 8,
    ep: 1,
    pp: 1,
    replicas: 1,
    devicesPerNode: 8,
    batchPerDevice: 8,
    maxModelLen: 4096,
    maxInputTokens: 2048,
    weights: "bf16",
    kvCache: "bf16",
  };
  it("MindIE only on Ascend, with the engines that do run named", () => {
    const r = emitFor(serve, "mindie", "nvidia-h200-sxm");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/MindIE does not run on nvidia-h200-sxm.*use vllm or sglang/);
    expect(emitFor(serve, "mindie", "huawei-ascend-910c").ok).toBe(true);
  });
  it("vLLM on Ascend is vLLM-Ascend, said so", () => {
    const r = emitFor(serve, "vllm", "huawei-ascend-910b2");
    expect(r.ok && r.emitted.notes[0]).toMatch(/vLLM-Ascend/);
  });
  it("Megatron-LM not on Ascend: MindSpeed-LLM instead", () => {
    const p = fc.sample(trainPlan("llama3.1-70b", 256, 8192, 512), { numRuns: 1, seed: 2 })[0];
    const r = emitFor(p, "megatron", "huawei-ascend-910c");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/use mindspeed/);
  });
});
