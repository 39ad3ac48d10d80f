import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "./catalog.ts";
import { parseReliabilityCatalog } from "./catalog-schema.ts";
import { entryRate, medianRate } from "./entry-rate.ts";
import { MINIMAL_CATALOG } from "./test-fixtures.ts";

const cat = loadReliabilityCatalog();
const entry = (id: string) => cat.entries.find((e) => e.id === id)!;
const gpuHours = (devices: number, days: number) => devices * days * 24;

describe("entryRate: values from the published fleets, ranges kept", () => {
  it("Ampere: the median of five measured counts is BLOOM's 25 / 1,078,272 GPU-h", () => {
    // RSC-2 1.22e-5 < MegaScale 1.61e-5 < BLOOM 2.32e-5 < OPT 2.45e-5 < RSC-1 3.39e-5 (worked by hand)
    const r = entryRate(entry("nvidia-ampere"), cat);
    expect(r.basis).toBe("measured");
    expect(r.figure.value).toBeCloseTo(25 / gpuHours(384, 117), 12);
    // low: MegaScale's 100 over six weeks; high: OPT's 90 restarts, scaled from hardware to every cause
    expect(r.figure.low).toBeCloseTo(100 / gpuHours(12_288, 42), 12);
    expect(r.figure.high).toBeCloseTo(90 / gpuHours(992, 60) / (356 / 419), 12);
  });

  it("Hopper: one paper count, pooled with every NVIDIA count, keeps Llama 3's rate as the median", () => {
    const r = entryRate(entry("nvidia-hopper"), cat);
    expect(r.basis).toBe("pooled");
    expect(r.figure.value).toBeCloseTo(419 / gpuHours(16_384, 54), 12);
    expect(r.used.filter((u) => u.inValue)).toHaveLength(7);
    // Crusoe's analyst-grade count widens the range but does not vote for the value
    expect(r.used.find((u) => u.observation.id === "crusoe-h200-4mo")?.inValue).toBe(false);
    expect(r.planned.perDeviceHour).toBeCloseTo(47 / gpuHours(16_384, 54), 12);
  });

  it("Ascend 910C: vendor claims only, the geometric centre of 3.0e-6 to 1.085e-4", () => {
    const r = entryRate(entry("huawei-ascend-910c"), cat);
    expect(r.basis).toBe("claims");
    expect(r.vendorClaim).toBe(true);
    expect(r.figure.value).toBeCloseTo(Math.sqrt(3.0e-6 * 1.085e-4), 12);
    expect([r.figure.low, r.figure.high]).toEqual([3.0e-6, 1.085e-4]);
    expect(r.figure.confidence).toBe("official");
  });

  it("Blackwell, an early fleet on borrowed counts: the mature high end x the early-fleet factor 2.5", () => {
    const r = entryRate(entry("nvidia-blackwell"), cat);
    expect(r.basis).toBe("pooled");
    expect(r.earlyFleetFactor).toBe(2.5);
    // BLOOM (mature) 33 GPU failures / 1,078,272 GPU-h over the GPU share 268/419, x 2.5
    expect(r.figure.high).toBeCloseTo((2.5 * 33) / gpuHours(384, 117) / (268 / 419), 12);
    expect(r.figure.sources).toContain("schroeder-gibson");
  });

  it("the value lies in the range and every used observation's source is cited", () => {
    for (const e of cat.entries) {
      const r = entryRate(e, cat);
      expect(r.figure.low!, e.id).toBeLessThanOrEqual(r.figure.value);
      expect(r.figure.high!, e.id).toBeGreaterThanOrEqual(r.figure.value);
      for (const u of r.used) expect(r.figure.sources, e.id).toContain(u.observation.source);
    }
  });

  it("a parent cycle and an empty entry are errors, not loops", () => {
    const cyc = parseReliabilityCatalog(
      MINIMAL_CATALOG.replace(
        "entries:",
        "entries:\n  - { id: a, scope: family, match: [x], generations: [], parent: b, fleet: mature, breakdowns: [b] }\n  - { id: b, scope: family, match: [y], generations: [], parent: a, fleet: mature, breakdowns: [b] }",
      ),
      "c.yaml",
    );
    expect(() => entryRate(cyc.entries[0], cyc)).toThrow(/parent cycle/);
    const lone = parseReliabilityCatalog(
      MINIMAL_CATALOG.replace(
        "entries:",
        "entries:\n  - { id: a, scope: family, match: [x], generations: [none], fleet: mature, breakdowns: [b] }",
      ),
      "l.yaml",
    );
    expect(() => entryRate(lone.entries[0], lone)).toThrow(/no observations left/);
  });
});

describe("medianRate", () => {
  it("odd counts take the middle, even counts the geometric mean of the middle two", () => {
    expect(medianRate([3, 1, 2])).toBe(2);
    expect(medianRate([1e-5, 4e-5])).toBeCloseTo(2e-5, 15);
  });
  it("lies between the smallest and the largest rate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-8, max: 1e-3, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (xs) => {
          const m = medianRate(xs);
          return m >= Math.min(...xs) * (1 - 1e-12) && m <= Math.max(...xs) * (1 + 1e-12);
        },
      ),
    );
  });
});
