import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_RELIABILITY_CATALOG, loadReliabilityCatalog } from "./catalog.ts";
import { parseReliabilityCatalog } from "./catalog-schema.ts";

const minimal = `
sources:
  s: { title: a source }
entries:
  - id: default
    scope: default
    unexpectedPerDeviceHour: { value: 1.0e-5, sources: [s], confidence: paper }
    plannedPerDeviceHour: { value: 1.0e-6, sources: [s], confidence: paper }
    breakdown: { weights: { accelerator: 1, hbm: 0, host: 0, nic: 0, switchCable: 0, software: 1 }, sources: [s] }
`;

describe("reliability catalog", () => {
  it("loads the shipped catalog: every entry sourced, one default", () => {
    const cat = loadReliabilityCatalog();
    expect(cat.entries.filter((e) => e.scope === "default")).toHaveLength(1);
    for (const e of cat.entries) {
      expect(e.unexpectedPerDeviceHour.sources.length).toBeGreaterThan(0);
      expect(e.unexpectedPerDeviceHour.value).toBeGreaterThan(0);
    }
  });

  it("the Hopper entry reproduces Llama 3 Table 5: 419 unexpected, 47 planned in 16,384 x 54 x 24 GPU-hours", () => {
    const hopper = loadReliabilityCatalog().entries.find((e) => e.id === "nvidia-hopper")!;
    const gpuHours = 16_384 * 54 * 24;
    expect(hopper.unexpectedPerDeviceHour.value * gpuHours).toBeCloseTo(419, 0);
    expect(hopper.plannedPerDeviceHour.value * gpuHours).toBeCloseTo(47, 0);
    const w = hopper.breakdown.weights;
    expect(w.accelerator + w.hbm + w.host + w.nic + w.switchCable + w.software).toBe(419);
  });

  it("parses a minimal catalog", () => {
    expect(parseReliabilityCatalog(minimal, "mini.yaml").entries[0].vendorClaim).toBe(false);
  });

  it("errors name the file and the path inside it", () => {
    expect(() => parseReliabilityCatalog("entries: [", "bad.yaml")).toThrow(/^bad\.yaml: /);
    expect(() => parseReliabilityCatalog(minimal.replace("value: 1.0e-5, ", ""), "x.yaml")).toThrow(
      /x\.yaml: invalid reliability catalog[\s\S]*entries\.0\.unexpectedPerDeviceHour\.value/,
    );
    expect(() =>
      parseReliabilityCatalog(
        minimal.replace(
          "sources: [s], confidence: paper }\n    planned",
          "sources: [nope], confidence: paper }\n    planned",
        ),
        "y.yaml",
      ),
    ).toThrow(/y\.yaml[\s\S]*unknown source id nope/);
    expect(() =>
      parseReliabilityCatalog(minimal.replace("scope: default", "scope: family"), "z.yaml"),
    ).toThrow(/z\.yaml[\s\S]*needs a non-empty match list/);
    expect(() =>
      parseReliabilityCatalog(minimal.replace("id: default", "id: default\n    typo: 1"), "t.yaml"),
    ).toThrow(/t\.yaml[\s\S]*typo/);
  });

  it("the loader names a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "xpuplan-rel-"));
    expect(() => loadReliabilityCatalog(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read/);
    const file = join(dir, "broken.yaml");
    writeFileSync(file, "sources: {}\nentries: []\n");
    expect(() => loadReliabilityCatalog(file)).toThrow(/broken\.yaml: invalid reliability catalog/);
    expect(DEFAULT_RELIABILITY_CATALOG.endsWith(join("catalog", "reliability.yaml"))).toBe(true);
  });
});
