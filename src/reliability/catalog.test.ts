import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_RELIABILITY_CATALOG, loadReliabilityCatalog } from "./catalog.ts";
import { parseReliabilityCatalog } from "./catalog-schema.ts";
import { MINIMAL_CATALOG } from "./test-fixtures.ts";

describe("reliability catalog", () => {
  const cat = loadReliabilityCatalog();

  it("loads the shipped catalog: one default, every observation and breakdown sourced", () => {
    expect(cat.entries.filter((e) => e.scope === "default")).toHaveLength(1);
    for (const o of cat.observations) expect(cat.sources[o.source], o.id).toBeDefined();
    for (const b of cat.breakdowns) expect(cat.sources[b.source], b.id).toBeDefined();
  });

  it("rests on several independent sources, Ascend's only on vendor claims", () => {
    const sources = new Set(cat.observations.map((o) => o.source));
    expect(sources.size).toBeGreaterThanOrEqual(6);
    const ascend = cat.observations.filter((o) => o.vendor === "Huawei");
    expect(ascend.length).toBeGreaterThan(0);
    for (const o of ascend) expect(o.kind === "bound" && o.vendorClaim).toBe(true);
  });

  it("the Llama 3 observation is Table 5 as published: 419 unexpected and 47 planned on 16,384 x 54 days", () => {
    const o = cat.observations.find((x) => x.id === "llama3-h100-54d")!;
    expect(o).toMatchObject({ kind: "count", devices: 16_384, days: 54, interruptions: 419, planned: 47 });
    const t5 = cat.breakdowns.find((b) => b.id === "llama3-table5")!.weights;
    expect(t5.accelerator + t5.hbm + t5.host + t5.nic + t5.switchCable + t5.storage + t5.software).toBe(419);
  });

  it("the RSC observations reproduce Kokolis et al.'s failures per 1000 node-days", () => {
    for (const [id, perKiloNodeDay] of [
      ["rsc1-a100-11mo", 6.5],
      ["rsc2-a100-11mo", 2.34],
    ] as const) {
      const o = cat.observations.find((x) => x.id === id)!;
      if (o.kind !== "count") throw new Error("count expected");
      const nodeDays = (o.devices / o.devicesPerNode) * o.days;
      expect((1000 * o.interruptions) / nodeDays).toBeCloseTo(perKiloNodeDay, 6);
    }
  });

  it("RSC-1's node failure rate gives Kokolis et al.'s projected job MTTF: 1.8 h at 16,384 GPUs, 0.23 h at 131,072", () => {
    const o = cat.observations.find((x) => x.id === "rsc1-a100-11mo")!;
    if (o.kind !== "count") throw new Error("count expected");
    const perGpuHour = o.interruptions / (o.devices * o.days * 24);
    expect(1 / (perGpuHour * 16_384)).toBeCloseTo(1.8, 1);
    expect(1 / (perGpuHour * 131_072)).toBeCloseTo(0.23, 2);
  });

  it("parses a minimal catalog", () => {
    expect(parseReliabilityCatalog(MINIMAL_CATALOG, "mini.yaml").observations[0].id).toBe("o1");
  });

  it("errors name the file and the path inside it", () => {
    expect(() => parseReliabilityCatalog("entries: [", "bad.yaml")).toThrow(/^bad\.yaml: /);
    expect(() => parseReliabilityCatalog(MINIMAL_CATALOG.replace("days: 10, ", ""), "x.yaml")).toThrow(
      /x\.yaml: invalid reliability catalog[\s\S]*observations\.0\.days/,
    );
    expect(() =>
      parseReliabilityCatalog(MINIMAL_CATALOG.replace("source: s, gen", "source: nope, gen"), "y.yaml"),
    ).toThrow(/y\.yaml[\s\S]*unknown source id nope/);
    expect(() =>
      parseReliabilityCatalog(MINIMAL_CATALOG.replace("scope: default", "scope: family"), "z.yaml"),
    ).toThrow(/z\.yaml[\s\S]*needs a non-empty match list/);
    expect(() =>
      parseReliabilityCatalog(MINIMAL_CATALOG.replace("breakdowns: [b]", "breakdowns: [zz]"), "b.yaml"),
    ).toThrow(/b\.yaml[\s\S]*unknown breakdown zz/);
    expect(() =>
      parseReliabilityCatalog(MINIMAL_CATALOG.replace("id: default,", "id: default, typo: 1,"), "t.yaml"),
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
