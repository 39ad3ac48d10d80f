import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadReliabilityCatalog } from "./catalog.ts";
import { caseSourceIds, ratesExcluding } from "./rates-excluding.ts";
import { ratesFor } from "./rates-for.ts";

const catalog = loadReliabilityCatalog();
const CASES = fileURLToPath(new URL("../../validation/cases/reliability/", import.meta.url));

describe("ratesExcluding: leave one source out", () => {
  it("removes the source's observations, breakdowns and title, and touches nothing else", () => {
    const c = ratesExcluding(catalog, "llama3");
    expect(c.observations.some((o) => o.source === "llama3")).toBe(false);
    expect(c.breakdowns.some((b) => b.source === "llama3")).toBe(false);
    expect(c.sources.llama3).toBeUndefined();
    expect(c.observations).toHaveLength(catalog.observations.length - 1);
    expect(c.entries).toBe(catalog.entries);
    expect(ratesExcluding(catalog, [])).toBe(catalog);
  });

  it("Hopper without Llama 3: the median of the six other NVIDIA counts (MegaScale and BLOOM in the middle)", () => {
    const r = ratesFor("nvidia-h100-sxm", "NVIDIA", ratesExcluding(catalog, "llama3"));
    const mega = 100 / (12_288 * 21 * 24);
    const bloom = 25 / (384 * 117 * 24);
    expect(r.unexpectedPerDeviceHour.value).toBeCloseTo(Math.sqrt(mega * bloom), 12);
    expect(r.unexpectedPerDeviceHour.sources).not.toContain("llama3");
    // with Table 5 gone, Crusoe's hardware shares are next; no planned-stop count is left
    expect(r.breakdownSources).toEqual(["glenn-reliab"]);
    expect(r.plannedPerDeviceHour.value).toBe(0);
  });

  it("leaving out an early-fleet source switches the early-fleet widening off", () => {
    const c = ratesExcluding(catalog, "opt");
    expect(c.earlyFleetFactor.value).toBe(1);
    expect(ratesFor("nvidia-b200", "NVIDIA", c).earlyFleetFactor).toBeNull();
  });
});

describe("caseSourceIds: which sources a validation case rests on", () => {
  it("matches on the case's title or location, case-insensitively", () => {
    expect(caseSourceIds({ title: "The Llama 3 Herd of Models, Table 5" }, catalog)).toEqual(["llama3"]);
    expect(caseSourceIds({ title: "x", location: "ARXIV 2205.01068" }, catalog)).toEqual(["opt"]);
    expect(caseSourceIds({ title: "an unrelated paper" }, catalog)).toEqual([]);
  });

  it("every reliability case in the repository names a source the catalog knows", () => {
    for (const f of readdirSync(CASES).filter((x) => x.endsWith(".yaml"))) {
      const c = parse(readFileSync(CASES + f, "utf8"));
      expect(caseSourceIds(c.source, catalog).length, f).toBeGreaterThan(0);
    }
  });
});
