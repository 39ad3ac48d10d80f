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
    // A100 40GB: point figures, costed on one AWS Capacity Block rate (a rent: site figures do not matter)
    const d = device("nvidia-a100-40gb-sxm");
    const before = JSON.stringify(d);
    expect(deviceBound(d, "pessimistic")).toEqual(d);
    expect(JSON.stringify(d)).toBe(before);
    expect(rangedFigures(d)).toEqual([]);
  });

  it("takes the price at its high end pessimistically and at its low end optimistically", () => {
    const d = device("nvidia-h800-sxm");
    expect(rangedFigures(d)).toContain("price");
    const hi = deviceBound(d, "pessimistic").pricePerDeviceHourUSD!.value;
    const lo = deviceBound(d, "optimistic").pricePerDeviceHourUSD!.value;
    expect(lo).toBeLessThan(d.pricePerDeviceHourUSD!.value);
    expect(hi).toBeGreaterThan(d.pricePerDeviceHourUSD!.value);
  });

  it("names the ranged figures planning reads", () => {
    expect(rangedFigures(device("huawei-ascend-910b2"), ["bf16"])).toContain("peakTflops.bf16");
  });
});
