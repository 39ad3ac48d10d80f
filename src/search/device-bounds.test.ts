import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { deviceBound, rangedFigures } from "./device-bounds.ts";

const cat = loadCatalogs();
const device = (id: string) => cat.devices.find((d) => d.id === id)!;

describe("deviceBound", () => {
  it("takes performance figures at their low end and spend at the high end, pessimistically", () => {
    const d = device("huawei-ascend-910b2");
    const bf16 = d.peakTflops.bf16!;
    expect(deviceBound(d, "pessimistic").peakTflops.bf16!.value).toBe(bf16.low);
    expect(deviceBound(d, "optimistic").peakTflops.bf16!.value).toBe(bf16.high);
    expect(deviceBound(d, "pessimistic").peakTflops.fp8).toBeNull();
  });

  it("leaves point figures alone and does not touch the catalog entry", () => {
    const d = device("nvidia-h800-sxm");
    const before = JSON.stringify(d);
    expect(deviceBound(d, "pessimistic")).toEqual(d);
    expect(JSON.stringify(d)).toBe(before);
    expect(rangedFigures(d)).toEqual([]);
  });

  it("names the ranged figures planning reads", () => {
    expect(rangedFigures(device("huawei-ascend-910b2"), ["bf16"])).toContain("peakTflops.bf16");
  });
});
