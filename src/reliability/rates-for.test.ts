import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import { COMPONENTS, parseReliabilityCatalog } from "./catalog-schema.ts";
import { normalizeVendor, ratesFor } from "./rates-for.ts";

const catalog = loadReliabilityCatalog();

describe("ratesFor: most specific entry first", () => {
  it("an exact device id beats the family that also matches it", () => {
    const r = ratesFor("nvidia-h200-sxm", "NVIDIA", catalog);
    expect(r).toMatchObject({
      entryId: "nvidia-h200-sxm",
      scope: "device",
      matched: "nvidia-h200-sxm",
      isDefault: false,
    });
  });

  it("Hopper family: H100, H800, H20 and any other H200 part", () => {
    for (const id of [
      "nvidia-h100-sxm",
      "nvidia-h100-pcie",
      "nvidia-h800-sxm",
      "nvidia-h20",
      "nvidia-h200-nvl",
    ]) {
      const r = ratesFor(id, "NVIDIA", catalog);
      expect(r.entryId, id).toBe("nvidia-hopper");
      expect(r.scope).toBe("family");
      expect(r.isDefault).toBe(false);
      expect(r.vendorClaim).toBe(false);
    }
    // "nvidia-h20" is an exact pattern, not a prefix
    expect(ratesFor("nvidia-h20x", "NVIDIA", catalog).entryId).toBe("nvidia");
  });

  it("Ampere family from Meta RSC; Ascend from the vendor's claim", () => {
    expect(ratesFor("nvidia-a100-80gb-sxm", "NVIDIA", catalog).entryId).toBe("nvidia-ampere");
    const ascend = ratesFor("huawei-ascend-910c", "Huawei (HiSilicon)", catalog);
    expect(ascend).toMatchObject({ entryId: "huawei-ascend", vendorClaim: true, isDefault: false });
    expect(ratesFor("huawei-cloudmatrix-384", "Huawei", catalog).entryId).toBe("huawei-ascend");
  });

  it("then the vendor default, then the global default, both flagged", () => {
    const b200 = ratesFor("nvidia-b200", "NVIDIA", catalog);
    expect(b200).toMatchObject({ entryId: "nvidia", scope: "vendor", isDefault: true });
    const mlu = ratesFor("cambricon-mlu590", "Cambricon", catalog);
    expect(mlu).toMatchObject({ entryId: "default", scope: "default", matched: null, isDefault: true });
  });

  it("component rates sum to the total and only cited sources come back", () => {
    for (const id of ["nvidia-h100-sxm", "nvidia-h200-sxm", "huawei-ascend-910b2", "metax-c500"]) {
      const r = ratesFor(id, "x", catalog);
      const sum = COMPONENTS.reduce((s, c) => s + r.componentsPerDeviceHour[c], 0);
      expect(sum).toBeCloseTo(r.unexpectedPerDeviceHour.value, 15);
      for (const s of r.unexpectedPerDeviceHour.sources) expect(r.sources[s]).toBeDefined();
    }
    const h100 = ratesFor("nvidia-h100-sxm", "NVIDIA", catalog);
    expect(h100.componentsPerDeviceHour.hbm * 16_384 * 54 * 24).toBeCloseTo(72, 1);
  });

  it("among family patterns the most specific wins, whatever the file order", () => {
    const cat = parseReliabilityCatalog(
      `
sources: { s: { title: t } }
entries:
  - id: broad
    scope: family
    match: ["nvidia-h*"]
    unexpectedPerDeviceHour: { value: 1, sources: [s], confidence: paper }
    plannedPerDeviceHour: { value: 0, sources: [s], confidence: paper }
    breakdown: { weights: { accelerator: 1, hbm: 0, host: 0, nic: 0, switchCable: 0, software: 0 }, sources: [s] }
  - id: narrow
    scope: family
    match: ["nvidia-h200-*"]
    unexpectedPerDeviceHour: { value: 2, sources: [s], confidence: paper }
    plannedPerDeviceHour: { value: 0, sources: [s], confidence: paper }
    breakdown: { weights: { accelerator: 1, hbm: 0, host: 0, nic: 0, switchCable: 0, software: 0 }, sources: [s] }
  - id: default
    scope: default
    unexpectedPerDeviceHour: { value: 3, sources: [s], confidence: paper }
    plannedPerDeviceHour: { value: 0, sources: [s], confidence: paper }
    breakdown: { weights: { accelerator: 1, hbm: 0, host: 0, nic: 0, switchCable: 0, software: 0 }, sources: [s] }
`,
      "inline.yaml",
    );
    expect(ratesFor("nvidia-h200-sxm", "NVIDIA", cat).entryId).toBe("narrow");
    expect(ratesFor("nvidia-h100-sxm", "NVIDIA", cat).entryId).toBe("broad");
    expect(ratesFor("amd-mi300x", "AMD", cat).entryId).toBe("default");
  });

  it("normalises vendor names as the hardware catalog writes them", () => {
    expect(normalizeVendor("Huawei (HiSilicon)")).toBe("huawei");
    expect(normalizeVendor("NVIDIA")).toBe("nvidia");
    expect(normalizeVendor("Iluvatar  CoreX (天数智芯)")).toBe("iluvatar corex");
  });
});
