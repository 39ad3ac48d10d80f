import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Scenario } from "../scenario/schema.ts";
import { compareDevices } from "./compare.ts";
import { planTraining } from "./plan-training.ts";

const cat = loadCatalogs();

describe("compareDevices", () => {
  const scenario = {
    model: "qwen3-30b-a3b",
    hardware: "nvidia-h100-sxm",
    devices: 64,
    train: { seqLen: 4096, globalBatch: 256, precision: "fp8", tokens: 1e11 },
  } as Scenario;
  const r = compareDevices(
    scenario,
    cat,
    ["nvidia-h100-sxm", "huawei-ascend-910b2", "no-such-chip"],
    "time",
    {
      reliability: { catalog: loadReliabilityCatalog() },
    },
  );

  it("gives the best plan per device, side by side", () => {
    expect(r.rows.map((x) => x.deviceId)).toEqual(["nvidia-h100-sxm", "huawei-ascend-910b2", "no-such-chip"]);
    const [h100, ascend] = r.rows;
    expect(h100.ok && ascend.ok).toBe(true);
    expect(h100.devices).toBe(64);
    expect(h100.precision).toBe("fp8");
    expect(h100.days).toBeCloseTo(h100.plan!.figures.days, 12);
    expect(h100.costUSD).toBeGreaterThan(0);
    expect(h100.deviceHours).toBeCloseTo(h100.days! * 24 * 64, 6);
  });

  it("plans bf16 where the device has no fp8, and says so", () => {
    const ascend = r.rows[1];
    expect(ascend.precision).toBe("bf16");
    expect(ascend.notes.join(" ")).toMatch(/no fp8 matmul: planned in bf16/);
  });

  it("gives an interval where the device's figures are ranges, bracketing the nominal", () => {
    const ascend = r.rows[1];
    expect(ascend.interval).toBeDefined();
    const [lo, hi] = ascend.interval!.days;
    expect(lo).toBeLessThanOrEqual(ascend.days!);
    expect(hi).toBeGreaterThanOrEqual(ascend.days!);
    expect(lo).toBeLessThan(hi);
    // the H100's performance figures are points: only its price (a range of quotes) spans
    const h100 = r.rows[0].interval!;
    expect(h100.figures).toEqual(["price"]);
    expect(h100.days[0]).toBe(h100.days[1]);
    expect(h100.costUSD![0]).toBeLessThan(h100.costUSD![1]);
  });

  it("adds expected interruptions and days with failures from src/reliability", () => {
    for (const row of r.rows.slice(0, 2)) {
      expect(row.reliability!.interruptions).toBeGreaterThan(0);
      expect(row.reliability!.wallClockDays).toBeGreaterThan(row.days!);
    }
  });

  it("reports an unknown device as a row, not an exception", () => {
    expect(r.rows[2].ok).toBe(false);
    expect(r.rows[2].issues[0].code).toBe("unknown_id");
  });

  it("grows the device count to the smallest multiple of a node that fits, when the scenario's cannot", () => {
    const small = {
      ...scenario,
      model: "qwen3-235b-a22b",
      devices: 8,
      train: { seqLen: 4096, globalBatch: 512, precision: "bf16" },
    } as Scenario;
    const c = compareDevices(small, cat, ["nvidia-h100-sxm"], "time");
    const row = c.rows[0];
    expect(row.ok).toBe(true);
    expect(row.devicesChanged).toBe(true);
    expect(row.devices % row.devicesPerNode).toBe(0);
    expect(row.devices).toBeGreaterThan(8);
    const arch = cat.models.find((m) => m.id === "qwen3-235b-a22b")!.arch;
    const one = {
      arch,
      device: cat.devices.find((d) => d.id === "nvidia-h100-sxm")!,
      calibration: cat.calibration,
    };
    const probe = (n: number) =>
      planTraining({
        ...one,
        devices: n,
        train: { seqLen: 4096, globalBatch: 512, precision: "bf16" },
        firstFit: true,
      }).ok;
    expect(probe(row.devices)).toBe(true);
    expect(probe(row.devices - row.devicesPerNode)).toBe(false);
    expect(c.notes.join(" ")).toMatch(/reliability/);
  });

  describe("one rule with plan", () => {
    // precision omitted: plan searches every precision the device has; compare must do the same
    const open = {
      model: "qwen3-30b-a3b",
      hardware: "nvidia-h800-sxm",
      devices: 64,
      train: { seqLen: 4096, globalBatch: 256, tokens: 1e11 },
    } as Scenario;
    const arch = cat.models.find((m) => m.id === "qwen3-30b-a3b")!.arch;
    for (const objective of ["time", "cost"] as const) {
      it(`gives the best plan of \`plan\` for the same device and scenario (${objective})`, () => {
        for (const id of ["nvidia-h800-sxm", "huawei-ascend-910c"]) {
          const device = cat.devices.find((d) => d.id === id)!;
          const plan = planTraining({
            arch,
            device,
            ...engineInputs(cat),
            devices: 64,
            devicesPerNode: device.devicesPerNode,
            train: open.train!,
            objective,
          });
          const row = compareDevices(open, cat, [id], objective).rows[0];
          expect(row.plan!.parallel).toEqual(plan.plans[0].parallel);
          expect(row.precision).toBe(plan.plans[0].precision);
          expect(row.days).toBe(plan.plans[0].figures.days);
          expect(row.costUSD).toBe(plan.plans[0].figures.costUSD);
        }
      });
    }

    it("plans the H800 in fp8 and the 910C in bf16 when the scenario leaves precision open", () => {
      // a dense model, whose large GEMMs gain from FP8 on the H800; the 910C has no FP8 at all
      const dense = { ...open, model: "llama3.1-70b" } as Scenario;
      const c = compareDevices(dense, cat, ["nvidia-h800-sxm", "huawei-ascend-910c"], "time");
      expect(c.rows.map((x) => x.precision)).toEqual(["fp8", "bf16"]);
    });

    it("gives each kind its own device count", () => {
      const c = compareDevices(open, cat, ["nvidia-h800-sxm", "huawei-ascend-910c"], "time", {
        counts: { "huawei-ascend-910c": 32 },
      });
      expect(c.rows.map((x) => x.devices)).toEqual([64, 32]);
    });

    it("sizes each kind to a deadline: the fewest whole nodes that finish in time", () => {
      const days = 20;
      const c = compareDevices(open, cat, ["nvidia-h800-sxm"], "time", {
        deadlineDays: days,
        maxDevices: 512,
      });
      const row = c.rows[0];
      expect(c.mode).toBe("deadline");
      expect(row.ok).toBe(true);
      expect(row.days!).toBeLessThanOrEqual(days);
      const fewer = planTraining({
        arch,
        device: cat.devices.find((d) => d.id === "nvidia-h800-sxm")!,
        calibration: cat.calibration,
        devices: row.devices - row.devicesPerNode,
        train: open.train!,
        objective: "time",
        top: 1,
      });
      // one node fewer misses the deadline (or cannot run the model)
      expect(!fewer.ok || fewer.plans[0].figures.days > days).toBe(true);
    });

    it("sizes each kind to a budget, and refuses a device without a price, saying how to give one", () => {
      const budget = 200_000;
      const c = compareDevices(open, cat, ["nvidia-h800-sxm", "nvidia-l20"], "time", {
        budgetUSD: budget,
        maxDevices: 512,
      });
      const [h800, l20] = c.rows;
      expect(h800.ok).toBe(true);
      expect(h800.costUSD!).toBeLessThanOrEqual(budget);
      expect(l20.ok).toBe(false);
      expect(l20.issues[0].code).toBe("price_unknown");
      expect(l20.issues[0].message).toMatch(/costs:/);
    });
  });
});
