import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { ISSUE_CODES } from "../issues.ts";
import { portingAdvice } from "./advise.ts";

const cat = loadCatalogs();
const arch = (id: string) => cat.models.find((m) => m.id === id)!.arch;
const device = (id: string) => cat.devices.find((d) => d.id === id)!;
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe("portingAdvice", () => {
  it("finds fp8_unavailable for DeepSeek-V3 on the Ascend 910B2, with BF16 weight memory", () => {
    const f = portingAdvice({ arch: arch("deepseek-v3"), device: device("huawei-ascend-910b2") });
    const fp8 = f.find((x) => x.code === "fp8_unavailable")!;
    expect(fp8).toBeDefined();
    // 671B + 14B MTP parameters at 2 bytes
    expect(fp8.number).toBeGreaterThan(1200);
    expect(fp8.number).toBeLessThan(1300);
    expect(fp8.unit).toMatch(/bf16/);
    expect(fp8.suggestion).toMatch(/bf16/);
  });

  it("gives BF16 step time and memory for an FP8 training layout, as a warning", () => {
    const f = portingAdvice({
      arch: arch("deepseek-v3"),
      device: device("huawei-ascend-910b2"),
      calibration: cat.calibration,
      devices: 2048,
      train: { seqLen: 4096, globalBatch: 15360, precision: "fp8" },
      parallel: { tp: 1, pp: 16, ep: 64, dp: 128, schedule: "dualpipe", recompute: "full" },
    });
    const fp8 = f.find((x) => x.code === "fp8_unavailable")!;
    expect(fp8.severity).toBe("warning");
    expect(fp8.message).toMatch(/s per step/);
    expect(fp8.unit).toMatch(/GiB per device/);
  });

  it("says nothing about FP8 on a device that has it", () => {
    expect(
      codes(portingAdvice({ arch: arch("deepseek-v3"), device: device("nvidia-h800-sxm") })),
    ).not.toContain("fp8_unavailable");
  });

  it("flags tp beyond the scale-up domain and small groups on a full mesh", () => {
    const wide = portingAdvice({
      arch: arch("llama3.1-70b"),
      device: device("nvidia-h800-sxm"),
      parallel: { tp: 16 },
    });
    expect(wide.find((x) => x.code === "fabric_limit")!.number).toBe(16);
    const mesh = portingAdvice({
      arch: arch("llama3.1-70b"),
      device: device("huawei-ascend-910b2"),
      parallel: { tp: 2 },
    });
    const f = mesh.find((x) => x.code === "fabric_limit")!;
    expect(f.number).toBe(28); // one HCCS link
    expect(f.unit).toMatch(/GB\/s/);
  });

  it("flags experts that do not divide over CloudMatrix's 384 devices, suggesting ep 256 or redundant experts", () => {
    const f = portingAdvice({
      arch: arch("deepseek-v3"),
      device: device("huawei-cloudmatrix-384"),
      devices: 384,
      infer: { tp: 1, ep: 384 },
    });
    const e = f.find((x) => x.code === "not_divisible")!;
    expect(e.message).toMatch(/256 experts do not divide over ep 384/);
    expect(e.suggestion).toMatch(/ep 256/);
    expect(e.suggestion).toMatch(/redundant/);
  });

  it("flags expert shapes that tensor parallelism splits below whole FP8 blocks", () => {
    const f = portingAdvice({
      arch: arch("qwen3-30b-a3b"),
      device: device("nvidia-h100-sxm"),
      infer: { tp: 4, ep: 1, weights: "fp8" },
    });
    const t = f.find((x) => x.code === "tile_misaligned")!;
    expect(t.severity).toBe("error");
    expect(t.message).toMatch(/expert ffn is 192 per rank at tp 4/);
    expect(t.number).toBeCloseTo(25, 6);
    expect(
      portingAdvice({
        arch: arch("qwen3-30b-a3b"),
        device: device("nvidia-h100-sxm"),
        infer: { tp: 4, ep: 4, weights: "fp8" },
      }).some((x) => x.code === "tile_misaligned"),
    ).toBe(false);
  });

  it("puts errors first and uses only codes of the shared table, each with a number and a suggestion", () => {
    const f = portingAdvice({
      arch: arch("deepseek-v3"),
      device: device("huawei-ascend-910b2"),
      devices: 384,
      parallel: { tp: 16, ep: 48 },
    });
    const rank = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < f.length; i++)
      expect(rank[f[i].severity]).toBeGreaterThanOrEqual(rank[f[i - 1].severity]);
    for (const x of f) {
      expect(ISSUE_CODES).toHaveProperty(x.code);
      expect(Number.isFinite(x.number)).toBe(true);
      expect(x.suggestion.length).toBeGreaterThan(0);
    }
    expect(f[0].severity).toBe("error");
  });
});
