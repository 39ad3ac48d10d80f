import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { type Scenario, scenarioSchema } from "../scenario/schema.ts";
import { portScenario } from "./port.ts";

const cat = loadCatalogs();
const device = (id: string) => cat.devices.find((d) => d.id === id)!;
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;
const port = (s: Scenario, to: string) =>
  portScenario({
    scenario: s,
    catalogs: cat,
    arch: arch(s.model as string),
    from: device(s.hardware),
    to: device(to),
  });

describe("port: a full evaluation of the move", () => {
  it("DeepSeek-V3 from H800 to H20: the same layout, several times slower on a chip with a seventh of the FP8 peak, said with numbers", () => {
    const s = scenarioSchema.parse({
      model: "deepseek-v3",
      hardware: "nvidia-h800-sxm",
      devices: 2048,
      train: { seqLen: 4096, globalBatch: 15360, precision: "fp8", tokens: 1.48e13 },
      parallel: {
        tp: 1,
        pp: 16,
        dp: 128,
        ep: 64,
        microBatch: 1,
        schedule: "dualpipe",
        recompute: "selective",
        zero: 1,
      },
    }) as Scenario;
    const r = port(s, "nvidia-h20");
    // memory: said with its number when the same layout does not fit the 96 GB, never silent
    const mem = r.findings.find((f) => f.code === "hbm_overflow");
    if (r.sameOnTarget!.fits)
      expect(r.sameOnTarget!.memoryGiB).toBeLessThanOrEqual(r.sameOnTarget!.capacityGiB!);
    else {
      expect(mem!.number).toBeGreaterThan(96);
      expect(mem!.message).toMatch(/96 GiB/);
    }
    const slow = r.findings.find((f) => f.code === "slower_on_target")!;
    expect(slow.number).toBeGreaterThan(3);
    expect(slow.message).toMatch(/fp8 peak 296 vs fp8 1978.9/);
    // the target's own plan fits, and the move is priced in days, device-hours and money
    expect(r.bestOnTarget!.fits).toBe(true);
    expect(r.move!.days!).toBeGreaterThan(0);
    expect(r.move!.deviceHours!).toBeGreaterThan(0);
    expect(r.move!.costUSD).toBeDefined();
    expect(r.sameOnTarget!.days! / r.source.days!).toBeCloseTo(slow.number, 6);
  }, 30_000);

  const bf16 = scenarioSchema.parse({
    model: "qwen3-30b-a3b",
    hardware: "nvidia-h800-sxm",
    devices: 64,
    train: { seqLen: 4096, globalBatch: 256, precision: "bf16", tokens: 1e11 },
    parallel: { tp: 1, pp: 1, dp: 64, ep: 8 },
  }) as Scenario;

  it("never advises what the scenario already does: no 'set train.precision: bf16' to a bf16 scenario", () => {
    const r = port(bf16, "huawei-ascend-910c");
    expect(r.findings.some((f) => f.code === "fp8_unavailable")).toBe(false);
    for (const f of r.findings) expect(f.suggestion).not.toMatch(/precision: bf16/);
    expect(r.sameOnTarget!.precision).toBe("bf16");
  });

  it("names the precision the target lacks for an fp8 scenario, with the bf16 memory", () => {
    const r = port({ ...bf16, train: { ...bf16.train!, precision: "fp8" } }, "huawei-ascend-910c");
    const f = r.findings.find((x) => x.code === "fp8_unavailable")!;
    expect(f.unit).toMatch(/bf16/);
    expect(f.number).toBeCloseTo(r.sameOnTarget!.memoryGiB, 9);
    expect(r.sameOnTarget!.precision).toBe("bf16");
  });

  it("names the software stack: Megatron-LM does not run on Ascend, MindSpeed-LLM does", () => {
    const r = port(bf16, "huawei-ascend-910c");
    const f = r.findings.find((x) => x.code === "engine_unavailable")!;
    expect(f.message).toMatch(/Megatron-LM does not run on huawei-ascend-910c; MindSpeed-LLM runs/);
    expect(Number.isInteger(f.number)).toBe(true);
  });

  it("ports a serving setup: the same instance on the target and its fleet for the request rate", () => {
    const s = scenarioSchema.parse({
      model: "qwen3-32b",
      hardware: "nvidia-h100-sxm",
      devices: 8,
      infer: { inputTokens: 2000, outputTokens: 500, tp: 8, requestsPerSecond: 5, tpotSloMs: 60 },
    }) as Scenario;
    const r = port(s, "huawei-ascend-910b2");
    expect(r.kind).toBe("infer");
    expect(r.sameOnTarget!.outputTokensPerSecond).toBeGreaterThan(0);
    expect(r.bestOnTarget!.devices).toBeGreaterThan(0);
    expect(r.move!.devices).toBe(r.bestOnTarget!.devices - r.source.devices);
  });
});
