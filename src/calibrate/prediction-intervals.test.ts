import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import type { Calibration } from "../hardware/calibration.ts";
import { predictionIntervals } from "./prediction-intervals.ts";

const cat = loadCatalogs();
const arch = cat.models.find((m) => m.id === "llama3.1-8b")!.arch;
const dev = (id: string) => cat.devices.find((d) => d.id === id)!;
const cal: Calibration = {
  ...cat.calibration,
  intervals: {
    "train/nvidia/dense": { low: 0.8, high: 1.25, n: 40 },
    "train/*": { low: 0.7, high: 1.4, n: 60 },
    "train/unfitted": { low: 0.5, high: 2, n: 60 },
  },
};

describe("prediction intervals", () => {
  it("scales throughput by the regime's ratios and times by their inverse (hand-worked)", () => {
    const iv = predictionIntervals("train", { arch, device: dev("nvidia-h100-sxm") }, cal, {
      tokensPerSecondPerDevice: 100,
      stepTimeSeconds: 10,
    });
    // a run like those measured runs 0.8x to 1.25x the predicted throughput...
    expect(iv.tokensPerSecondPerDevice).toMatchObject({
      low: 80,
      high: 125,
      regime: "train/nvidia/dense",
      fitted: true,
    });
    // ...so its step takes 10/1.25 = 8 s to 10/0.8 = 12.5 s
    expect(iv.stepTimeSeconds.low).toBeCloseTo(8, 12);
    expect(iv.stepTimeSeconds.high).toBeCloseTo(12.5, 12);
  });

  it("gives a family with no fitted measurements the widest interval and says so", () => {
    const unfitted: Calibration = {
      ...cal,
      families: cal.families.map((f) => (f.family === "nvidia-hopper" ? { ...f, fitted: [] } : f)),
    };
    const iv = predictionIntervals("train", { arch, device: dev("nvidia-h100-sxm") }, unfitted, {
      tokensPerSecondPerDevice: 100,
    });
    expect(iv.tokensPerSecondPerDevice).toMatchObject({
      low: 50,
      high: 200,
      fitted: false,
      regime: "train/unfitted",
    });
  });

  it("the interval always contains the prediction", () => {
    const iv = predictionIntervals("train", { arch, device: dev("huawei-ascend-910b2") }, cat.calibration, {
      tokensPerSecondPerDevice: 1234,
      days: 30,
    });
    for (const [m, v] of [
      ["tokensPerSecondPerDevice", 1234],
      ["days", 30],
    ] as const) {
      expect(iv[m].low).toBeLessThanOrEqual(v);
      expect(iv[m].high).toBeGreaterThanOrEqual(v);
    }
  });
});
