import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import { COMPONENTS, parseReliabilityCatalog } from "./catalog-schema.ts";
import { familyRates, normalizeVendor, ratesFor } from "./rates-for.ts";
import { MINIMAL_CATALOG } from "./test-fixtures.ts";

const catalog = loadReliabilityCatalog();

describe("ratesFor: most specific entry first", () => {
  it("Hopper family: H100, H800, H20 and every H200 part", () => {
    for (const id of [
      "nvidia-h100-sxm",
      "nvidia-h100-pcie",
      "nvidia-h800-sxm",
      "nvidia-h20",
      "nvidia-h200-sxm",
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

  it("Ampere and Blackwell from their fleets; each Ascend generation from the vendor's claims", () => {
    expect(ratesFor("nvidia-a100-80gb-sxm", "NVIDIA", catalog).entryId).toBe("nvidia-ampere");
    expect(ratesFor("nvidia-gb200", "NVIDIA", catalog).entryId).toBe("nvidia-blackwell");
    const c = ratesFor("huawei-ascend-910c", "Huawei (HiSilicon)", catalog);
    expect(c).toMatchObject({
      entryId: "huawei-ascend-910c",
      vendorClaim: true,
      isDefault: false,
      basis: "claims",
    });
    expect(ratesFor("huawei-cloudmatrix-384", "Huawei", catalog).entryId).toBe("huawei-ascend-910c");
    expect(ratesFor("huawei-ascend-910b2", "Huawei", catalog).entryId).toBe("huawei-ascend-910b");
    expect(ratesFor("huawei-ascend-950pr", "Huawei", catalog).entryId).toBe("huawei-ascend-next");
  });

  it("then the vendor default, then the global default, both flagged", () => {
    expect(ratesFor("nvidia-l40s", "NVIDIA", catalog)).toMatchObject({
      entryId: "nvidia",
      scope: "vendor",
      isDefault: true,
    });
    const mlu = ratesFor("cambricon-mlu590", "Cambricon", catalog);
    expect(mlu).toMatchObject({ entryId: "default", scope: "default", matched: null, isDefault: true });
  });

  it("component rates sum to the total; every observation's source comes back with a title", () => {
    for (const id of ["nvidia-h100-sxm", "nvidia-b200", "huawei-ascend-910b2", "metax-c500"]) {
      const r = ratesFor(id, "x", catalog);
      const sum = COMPONENTS.reduce((s, c) => s + r.componentsPerDeviceHour[c], 0);
      expect(sum).toBeCloseTo(r.unexpectedPerDeviceHour.value, 15);
      for (const o of r.observations) expect(r.sources[o.source]?.title, `${id} ${o.id}`).toBeTruthy();
    }
    // Llama 3 Table 5: 72 of 419 interruptions were HBM3
    const h100 = ratesFor("nvidia-h100-sxm", "NVIDIA", catalog);
    expect(h100.componentsPerDeviceHour.hbm * 16_384 * 54 * 24).toBeCloseTo(72, 6);
    expect(h100.referenceDevicesPerNode).toBe(8);
  });

  it("among family patterns the most specific wins, whatever the file order", () => {
    const cat = parseReliabilityCatalog(
      MINIMAL_CATALOG.replace(
        "entries:",
        `entries:
  - { id: broad, scope: family, match: ["nvidia-h*"], generations: [g], fleet: mature, breakdowns: [b] }
  - { id: narrow, scope: family, match: ["nvidia-h200-*"], generations: [g], fleet: mature, breakdowns: [b] }`,
      ),
      "inline.yaml",
    );
    expect(ratesFor("nvidia-h200-sxm", "NVIDIA", cat).entryId).toBe("narrow");
    expect(ratesFor("nvidia-h100-sxm", "NVIDIA", cat).entryId).toBe("broad");
    expect(ratesFor("amd-mi300x", "AMD", cat).entryId).toBe("default");
  });

  it("familyRates lists every family entry once", () => {
    const ids = familyRates(catalog).map((r) => r.entryId);
    expect(ids).toEqual(catalog.entries.filter((e) => e.scope === "family").map((e) => e.id));
    expect(ids).toContain("huawei-ascend-910c");
  });

  it("normalises vendor names as the hardware catalog writes them", () => {
    expect(normalizeVendor("Huawei (HiSilicon)")).toBe("huawei");
    expect(normalizeVendor("NVIDIA")).toBe("nvidia");
    expect(normalizeVendor("Iluvatar  CoreX (天数智芯)")).toBe("iluvatar corex");
  });
});
