import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateTraining, type TrainInput } from "../train/evaluate.ts";
import type { Arch } from "./arch.ts";
import {
  attentionCoreFlopsPerToken,
  globalLayerShare,
  meanCausalKeys,
  windowedKeys,
} from "./attention-core-flops.ts";
import { archFromHfConfig } from "./hf-config.ts";

describe("sliding-window attention: keys per query", () => {
  it("a 4-token window over an 8-token sequence: 1+2+3+4+4+4+4+4 = 26 keys, 26/8 per query", () => {
    // queries 1..4 see the triangle, queries 5..8 four keys each; w - w^2/(2s) = 4 - 16/16 = 3
    // (the formula counts half the diagonal, as the global s/2 does: 26/8 - 4/8 = 3)
    expect(meanCausalKeys({ slidingWindow: { window: 4 } }, 8)).toBeCloseTo(3, 12);
    expect(meanCausalKeys({}, 8)).toBe(4);
  });

  it("gpt-oss (window 128 on every second layer) at 4096 tokens: half the layers see 2048, half 126", () => {
    const a = { slidingWindow: { window: 128, globalEvery: 2 } };
    expect(globalLayerShare(a)).toBe(0.5);
    expect(meanCausalKeys(a, 4096)).toBeCloseTo(0.5 * 2048 + 0.5 * (128 - (128 * 128) / 8192), 12);
    // decode with 10,000 tokens of context: 10,000 on global layers, 128 on windowed ones
    expect(windowedKeys(a, 10000)).toBe(0.5 * 10000 + 0.5 * 128);
  });

  it("a window at least as long as the sequence changes nothing; a window never adds keys", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 17 }),
        fc.integer({ min: 1, max: 1 << 17 }),
        fc.integer({ min: 1, max: 8 }),
        (s, w, every) => {
          const a = { slidingWindow: { window: w, globalEvery: every } };
          const k = meanCausalKeys(a, s);
          expect(k).toBeLessThanOrEqual(s / 2 + 1e-9);
          expect(k).toBeGreaterThan(0);
          if (w >= s) expect(k).toBeCloseTo(s / 2, 9);
          expect(windowedKeys(a, s)).toBeLessThanOrEqual(s + 1e-9);
          // a longer window never gives fewer keys
          expect(
            meanCausalKeys({ slidingWindow: { window: w + 1, globalEvery: every } }, s),
          ).toBeGreaterThanOrEqual(k - 1e-9);
        },
      ),
    );
  });
});

describe("sliding windows in the architecture", () => {
  const fixture = (name: string): Record<string, unknown> =>
    JSON.parse(readFileSync(new URL(`./fixtures/${name}.config.json`, import.meta.url), "utf8"));

  it("Mistral 7B v0.1's config.json (sliding_window 4096) gives a window on every layer; Mixtral's null none", () => {
    expect(archFromHfConfig(fixture("mistral-7b")).slidingWindow).toEqual({ window: 4096 });
    expect(archFromHfConfig(fixture("mixtral-8x7b")).slidingWindow).toBeUndefined();
  });

  it("Mistral 7B at 32K tokens: the attention core is w - w^2/(2s) keys per query, not s/2", () => {
    const m = archFromHfConfig(fixture("mistral-7b"));
    const full: Arch = { ...m, slidingWindow: undefined };
    const ratio =
      attentionCoreFlopsPerToken(m, 32768, { causal: true }) /
      attentionCoreFlopsPerToken(full, 32768, { causal: true });
    expect(ratio).toBeCloseTo((4096 - 4096 ** 2 / 65536) / 16384, 12);
  });

  it("a training step with the window is faster and counts fewer model FLOPs", () => {
    const cat = loadCatalogs();
    const m = archFromHfConfig(fixture("mistral-7b"));
    const base: TrainInput = {
      arch: { ...m, slidingWindow: undefined },
      device: cat.devices.find((d) => d.id === "nvidia-h100-sxm")!,
      calibration: cat.calibration,
      devices: 8,
      train: { seqLen: 32768, globalBatch: 32, precision: "bf16" },
      parallel: { tp: 8, pp: 1, dp: 1, microBatch: 1, recompute: "full", sequenceParallel: true },
    };
    const a = evaluateTraining(base);
    const b = evaluateTraining({ ...base, arch: m });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.report.metrics.stepTimeSeconds).toBeLessThan(a.report.metrics.stepTimeSeconds);
    expect(b.report.metrics.flopsPerStep).toBeLessThan(a.report.metrics.flopsPerStep);
  });
});
