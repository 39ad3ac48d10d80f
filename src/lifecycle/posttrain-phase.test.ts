import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalogs } from "../catalog/load.ts";
import { scenarioSchema } from "../scenario/schema.ts";
import { evaluateLifecycle } from "./evaluate.ts";
import { posttrainPhase } from "./posttrain-phase.ts";
import type { PosttrainPhase } from "./schema.ts";

const cat = loadCatalogs();
const file = fileURLToPath(new URL("../../examples/lifecycle-deepseek-v3.yaml", import.meta.url));
const scenario = scenarioSchema.parse(parse(readFileSync(file, "utf8")));
const arch = cat.models.find((m) => m.id === "deepseek-v3")!.arch;
const h800 = cat.devices.find((d) => d.id === "nvidia-h800-sxm")!;
const rl = scenario.lifecycle!.phases.find((p) => p.kind === "posttrain") as PosttrainPhase;

describe("post-training phases in the lifecycle", () => {
  it("an RL phase counts both fleets' device-hours over its steps", () => {
    const c = posttrainPhase(rl, arch, h800, 256, cat);
    expect(c.ok).toBe(true);
    const r = c.report;
    if (r?.kind !== "rl") throw new Error("expected an RL report");
    const hours = (r.rl.step.stepSeconds * 2000) / 3600;
    expect(c.days! * 24).toBeCloseTo(hours, 6);
    expect(c.deviceHours).toBeCloseTo(hours * (256 + 64), 3);
  });

  it("twice the steps take twice the time", () => {
    const twice = { ...rl, posttrain: { ...rl.posttrain, steps: 4000 } } as PosttrainPhase;
    const a = posttrainPhase(rl, arch, h800, 256, cat);
    const b = posttrainPhase(twice, arch, h800, 256, cat);
    expect(b.days! / a.days!).toBeCloseTo(2, 9);
  });

  it("the lifecycle totals add the RL phase between pre-training and serving", () => {
    const res = evaluateLifecycle(scenario.lifecycle!, scenario, cat);
    const phase = res.phases.find((p) => p.kind === "posttrain")!;
    const chosen = phase.choices.find((c) => c.deviceId === phase.chosen)!;
    const without = evaluateLifecycle(
      { ...scenario.lifecycle!, phases: scenario.lifecycle!.phases.filter((p) => p.kind !== "posttrain") },
      scenario,
      cat,
    );
    expect(res.totals.deviceHours - without.totals.deviceHours).toBeCloseTo(chosen.deviceHours!, 3);
    expect(res.totals.days - without.totals.days).toBeCloseTo(chosen.days!, 6);
  });
});
