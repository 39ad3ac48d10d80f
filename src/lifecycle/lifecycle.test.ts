import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import {
  kvFormatSchema,
  type Scenario,
  trainPrecisionSchema,
  weightFormatSchema,
} from "../scenario/schema.ts";
import { evaluateLifecycle } from "./evaluate.ts";
import { LIFECYCLE_SERVE_FORMATS, LIFECYCLE_TRAIN_PRECISIONS, lifecycleSchema } from "./schema.ts";
import { HOURS_PER_MONTH } from "./serve-phase.ts";

const cat = loadCatalogs();
const scenario = {
  model: "qwen3-30b-a3b",
  hardware: "nvidia-h100-sxm",
  devices: 64,
  train: { seqLen: 4096, globalBatch: 256, precision: "fp8" },
} as Scenario;

describe("lifecycleSchema", () => {
  it("accepts exactly the scenario format's precisions and number formats", () => {
    expect([...LIFECYCLE_TRAIN_PRECISIONS]).toEqual(trainPrecisionSchema.options);
    expect([...LIFECYCLE_SERVE_FORMATS]).toEqual(weightFormatSchema.options);
    expect([...LIFECYCLE_SERVE_FORMATS]).toEqual(kvFormatSchema.options);
  });

  it("reads phases with one device or a choice of devices", () => {
    const lc = lifecycleSchema.parse({
      phases: [
        { kind: "pretrain", tokens: 1e11, hardware: ["nvidia-h100-sxm", "huawei-ascend-910b2"] },
        {
          kind: "serve",
          hardware: "nvidia-h20",
          requestsPerSecond: 5,
          months: 12,
          inputTokens: 2048,
          outputTokens: 512,
        },
      ],
    });
    expect(lc.phases).toHaveLength(2);
  });

  it("rejects unknown keys and a serving phase without a rate", () => {
    expect(
      lifecycleSchema.safeParse({ phases: [{ kind: "pretrain", tokens: 1, hardware: "x", typo: 1 }] })
        .success,
    ).toBe(false);
    expect(
      lifecycleSchema.safeParse({
        phases: [{ kind: "serve", hardware: "x", months: 1, inputTokens: 1, outputTokens: 1 }],
      }).success,
    ).toBe(false);
    expect(lifecycleSchema.safeParse({ phases: [] }).success).toBe(false);
  });
});

describe("evaluateLifecycle", () => {
  const lc = lifecycleSchema.parse({
    objective: "time",
    phases: [
      { kind: "pretrain", tokens: 1e11, hardware: ["nvidia-h100-sxm", "huawei-ascend-910b2"] },
      {
        kind: "finetune",
        name: "SFT",
        tokens: 1e9,
        hardware: "huawei-ascend-910b2",
        devices: 16,
        globalBatch: 64,
      },
      {
        kind: "serve",
        hardware: ["nvidia-h20"],
        requestsPerSecond: 5,
        months: 12,
        inputTokens: 2048,
        outputTokens: 512,
        tpotSloMs: 50,
      },
    ],
  });
  const r = evaluateLifecycle(lc, scenario, cat);

  it("gives time, device-hours, cost and energy per phase and per device choice", () => {
    expect(r.phases.map((p) => p.name)).toEqual(["pretrain 1", "SFT", "serve 3"]);
    const [pre, sft, serve] = r.phases;
    expect(pre.choices.map((c) => c.deviceId)).toEqual(["nvidia-h100-sxm", "huawei-ascend-910b2"]);
    for (const c of pre.choices) {
      expect(c.ok).toBe(true);
      expect(c.deviceHours).toBeCloseTo(c.days! * 24 * c.devices!, 6);
    }
    // the 910B has no FP8: planned in BF16, slower
    expect(pre.choices[1].train!.precision).toBe("bf16");
    expect(pre.chosen).toBe("nvidia-h100-sxm");
    expect(pre.choices[0].costUSD).toBeGreaterThan(0);
    expect(sft.choices[0].devices).toBe(16);
    const fleet = serve.choices[0];
    expect(fleet.ok).toBe(true);
    expect(fleet.deviceHours).toBeCloseTo(fleet.devices! * 12 * HOURS_PER_MONTH, 6);
    expect(fleet.serve!.layout!.tpotMs).toBeLessThanOrEqual(50);
  });

  it("totals the chosen devices: training back to back, then serving", () => {
    const chosen = r.phases.map((p) => p.choices.find((c) => c.deviceId === p.chosen)!);
    expect(r.totals.days).toBeCloseTo(chosen[0].days! + chosen[1].days! + chosen[2].days!, 9);
    expect(r.totals.deviceHours).toBeCloseTo(
      chosen.reduce((a, c) => a + c.deviceHours!, 0),
      6,
    );
    expect(r.totals.missing).toEqual([]);
  });

  it("reports a phase it cannot plan instead of failing the whole lifecycle", () => {
    const bad = evaluateLifecycle(
      lifecycleSchema.parse({ phases: [{ kind: "pretrain", tokens: 1e9, hardware: "no-such-chip" }] }),
      scenario,
      cat,
    );
    expect(bad.phases[0].choices[0].ok).toBe(false);
    expect(bad.totals.missing).toEqual(["pretrain 1"]);
  });
});
