import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { divisors, gcd } from "./divisors.ts";
import { pipelineChoices, precisionChoices, scaleUpDomain, structures } from "./space.ts";

const cat = loadCatalogs();
const model = (id: string) => cat.models.find((m) => m.id === id)!.arch;
const device = (id: string) => cat.devices.find((d) => d.id === id)!;

describe("divisors", () => {
  it("lists every divisor once, ascending", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
        const ds = divisors(n);
        const brute = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
        expect(ds).toEqual(brute);
      }),
    );
    expect(gcd(256, 96)).toBe(32);
  });
});

describe("structures", () => {
  const arch = model("deepseek-v3");
  const all = structures({ arch, devices: 2048, seqLen: 4096, globalBatch: 15360, fixed: {} });

  it("obeys Megatron's rules: sizes multiply to the devices, heads, experts, batch and sequence divide", () => {
    expect(all.length).toBeGreaterThan(100);
    for (const s of all) {
      expect(s.tp * s.pp * s.cp * s.dp).toBe(2048);
      expect(arch.heads % s.tp).toBe(0);
      expect(s.pp).toBeLessThanOrEqual(arch.layers);
      expect(arch.moe!.experts % s.ep).toBe(0);
      expect((s.dp * s.cp * s.tp) % s.ep).toBe(0);
      expect(15360 % s.dp).toBe(0);
      if (s.cp > 1) expect(4096 % (2 * s.cp)).toBe(0);
    }
  });

  it("keeps the keys the user fixed", () => {
    const fixed = structures({
      arch,
      devices: 2048,
      seqLen: 4096,
      globalBatch: 15360,
      fixed: { pp: 16, ep: 64 },
    });
    expect(fixed.length).toBeGreaterThan(0);
    for (const s of fixed) expect([s.pp, s.ep]).toEqual([16, 64]);
  });

  it("gives dense models ep 1 only", () => {
    for (const s of structures({
      arch: model("llama3.1-8b"),
      devices: 64,
      seqLen: 8192,
      globalBatch: 128,
      fixed: {},
    })) {
      expect(s.ep).toBe(1);
    }
  });
});

describe("pipelineChoices", () => {
  it("interleaves only with pp > 1 and chunks that split a stage's layers evenly; DualPipe needs an even pp", () => {
    expect(pipelineChoices(1, 61, {})).toEqual([{ schedule: "1f1b", vpp: 1 }]);
    const c = pipelineChoices(16, 61, {});
    expect(c.map((x) => x.schedule)).toContain("dualpipe");
    for (const x of c.filter((y) => y.schedule === "interleaved")) {
      expect(16 * x.vpp).toBeLessThanOrEqual(61);
      expect(Math.floor(61 / 16) % x.vpp === 0 || Math.ceil(61 / 16) % x.vpp === 0).toBe(true);
    }
    expect(pipelineChoices(3, 60, {}).some((x) => x.schedule === "dualpipe")).toBe(false);
    expect(pipelineChoices(4, 32, { schedule: "interleaved", vpp: 2 })).toEqual([
      { schedule: "interleaved", vpp: 2 },
    ]);
  });
});

describe("precisionChoices", () => {
  it("offers fp8 only where the device has an fp8 peak", () => {
    for (const d of cat.devices) {
      const ps = precisionChoices(d);
      if (d.peakTflops.fp8 == null) expect(ps).not.toContain("fp8");
    }
    expect(precisionChoices(device("nvidia-h800-sxm"))).toEqual(["bf16", "fp8"]);
    expect(precisionChoices(device("huawei-ascend-910b2"))).toEqual(["bf16"]);
    expect(precisionChoices(device("huawei-ascend-910b2"), "fp8")).toEqual(["fp8"]);
  });
});

describe("scaleUpDomain", () => {
  it("is the node for switched and full-mesh fabrics, the supernode for CloudMatrix", () => {
    expect(scaleUpDomain(device("nvidia-h800-sxm"))).toBe(8);
    expect(scaleUpDomain(device("huawei-ascend-910b2"), 4)).toBe(4);
    const cm = device("huawei-cloudmatrix-384");
    expect(scaleUpDomain(cm, 8)).toBe(cm.scaleUp.domainSize);
  });
});
