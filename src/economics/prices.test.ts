import { describe, expect, it } from "vitest";
import { loadCatalogs, loadPrices } from "../catalog/load.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { type Scenario, scenarioSchema } from "../scenario/schema.ts";
import { planTraining } from "../search/plan-training.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { isPriced } from "./types.ts";

const cat = loadCatalogs();
const prices = loadPrices();
const plannable = cat.devices.filter((d) => d.plannable);

describe("catalog/prices.yaml", () => {
  it("has an entry for every plannable device: offers with sources and dates, or why there are none", () => {
    for (const d of plannable) {
      const e = prices.devices[d.id];
      expect(e, d.id).toBeDefined();
      if (e.offers.length === 0) expect(e.unknown, d.id).toMatch(/\w/);
      for (const o of e.offers) {
        expect(o.sources.length, d.id).toBeGreaterThan(0);
        expect(o.date, d.id).toMatch(/^\d{4}/);
      }
    }
    for (const id of Object.keys(prices.devices))
      expect(
        cat.devices.some((d) => d.id === id),
        id,
      ).toBe(true);
  });

  it("prices the devices of the NVIDIA-or-Ascend question, each with a range and a basis", () => {
    for (const id of [
      "nvidia-h800-sxm",
      "nvidia-h20",
      "nvidia-h100-sxm",
      "nvidia-h200-sxm",
      "huawei-ascend-910b2",
      "huawei-ascend-910c",
      "huawei-ascend-950dt",
    ]) {
      const d = cat.devices.find((x) => x.id === id)!;
      expect(isPriced(d.pricing), id).toBe(true);
      const h = d.pricePerDeviceHourUSD!;
      expect(h.value, id).toBeGreaterThan(0);
      expect(h.high! > h.low!, id).toBe(true);
      expect(h.note, id).toMatch(/^catalog /);
    }
  });

  it("gives every plannable device a board-power figure, except the TPUs Google publishes none for", () => {
    const without = plannable.filter((d) => !d.tdpWatts).map((d) => d.id);
    expect(without).toEqual(["google-tpu-v5p", "google-tpu-v6e-trillium"]);
    expect(cat.devices.find((d) => d.id === "huawei-ascend-910c")!.tdpWatts!.confidence).toBe("derived");
  });
});

describe("the scenario's costs: block wins", () => {
  const scenario = scenarioSchema.parse({
    model: "qwen3-30b-a3b",
    hardware: "nvidia-h800-sxm",
    devices: 64,
    train: { seqLen: 4096, globalBatch: 256, precision: "fp8", tokens: 1e11 },
    parallel: { tp: 1, pp: 1, ep: 8, dp: 64 },
  }) as Scenario;
  const run = (s: Scenario) => {
    const r = resolveScenario(s, cat);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = evaluateTraining({
      ...r.value,
      calibration: cat.calibration,
      devices: s.devices,
      train: s.train!,
      parallel: s.parallel,
    });
    if (!t.ok) throw new Error("not ok");
    return t.report;
  };

  it("changes the answer: a rent of $10 per device-hour costs $10 x device-hours", () => {
    const catalog = run(scenario);
    const mine = run({
      ...scenario,
      costs: { currency: "USD", devices: { "nvidia-h800-sxm": { perDeviceHour: 10 } } },
    });
    expect(mine.cost!.basis).toBe("user-hourly");
    expect(mine.metrics.costUSD).toBeCloseTo(10 * mine.metrics.deviceHours!, 6);
    expect(catalog.metrics.costUSD).not.toBeCloseTo(mine.metrics.costUSD!, 0);
    expect(catalog.cost!.label).toMatch(/^catalog /);
  });

  it("names an unknown id in costs.devices with the closest ids", () => {
    const r = resolveScenario(
      { ...scenario, costs: { currency: "USD", devices: { "nvidia-h801": { perDeviceHour: 1 } } } },
      cat,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toEqual(["costs", "devices", "nvidia-h801"]);
    expect(r.errors[0].message).toMatch(/closest: .*nvidia-h800-sxm/);
  });

  it("warns, with a costs: example, when the device has no price", () => {
    const t = run({ ...scenario, hardware: "nvidia-l20", train: { ...scenario.train!, precision: "bf16" } });
    expect(t.cost).toBeUndefined();
    const w = t.warnings.find((x) => x.code === "price_unknown")!;
    expect(w.message).toMatch(/no price known for nvidia-l20[\s\S]*costs:/);
  });
});

describe("--objective cost", () => {
  it("ranks plans by money (with the price of interruptions), not by device-hours", () => {
    const device = cat.devices.find((d) => d.id === "nvidia-h800-sxm")!;
    const arch = cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch;
    const r = planTraining({
      arch,
      device,
      calibration: cat.calibration,
      devices: 64,
      train: { seqLen: 4096, globalBatch: 256, tokens: 1e11 },
      objective: "cost",
      top: 5,
      reliability: cat.reliability ? { catalog: cat.reliability } : undefined,
    });
    const values = r.plans.map((p) => p.objective.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    for (const p of r.plans) {
      expect(p.objective.basis).toBe("USD with interruptions");
      expect(p.objective.value).toBeCloseTo(
        (p.figures.costUSD! * p.figures.goodputDays!) / p.figures.days,
        6,
      );
      expect(p.cost!.interruptionUSD!.value).toBeGreaterThan(0);
    }
  });
});
