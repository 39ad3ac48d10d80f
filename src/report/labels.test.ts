import { describe, expect, it } from "vitest";
import { formatRange } from "./format.ts";
import { metricInfo, spellOut } from "./labels.ts";

describe("metric labels", () => {
  it("spells out a key the table does not know, reading its unit from its suffix", () => {
    // worked by hand from the naming rule (DESIGN.md: units in names)
    expect(spellOut("ttftP99Seconds")).toEqual({ label: "TTFT p99", unit: "s" });
    expect(spellOut("totalTokensPerSecond")).toEqual({ label: "Total tokens per second", unit: "tokens/s" });
    expect(spellOut("requestsPerSecond")).toEqual({ label: "Requests per second", unit: "/s" });
    expect(spellOut("kvCacheGiB")).toEqual({ label: "KV cache", unit: "GiB" });
    expect(spellOut("rolloutShare")).toEqual({ label: "Rollout", unit: "%", fraction: true });
    expect(spellOut("samplesPerStep")).toEqual({ label: "Samples per step", unit: "" });
    expect(spellOut("storageGBpsPerNode")).toEqual({ label: "Storage GB/s per node", unit: "" });
  });

  it("prefixes a known metric with its phase, and keeps the table's labels", () => {
    expect(metricInfo("posttrain.mfu")).toEqual({ label: "Post-training: MFU", unit: "%", fraction: true });
    expect(metricInfo("mfu").label).toBe("MFU");
  });

  it("never hands back a raw camelCase key", () => {
    for (const k of ["lostDeviceHours", "breakEvenPerDeviceHour", "p90Days", "interruptionsP95"])
      expect(metricInfo(k).label).not.toMatch(/[a-z][A-Z]/);
  });

  it("formats an interval in the metric's unit", () => {
    expect(formatRange("tokensPerSecondPerDevice", 1050.2, 1310.7)).toBe("1,050–1,311 tokens/s");
    expect(formatRange("mfu", 0.41, 0.523)).toBe("41.0–52.3 %");
  });
});
