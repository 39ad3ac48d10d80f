import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import { ratesFor } from "../reliability/rates-for.ts";
import { type ReliabilityInput, reliabilityReport } from "../reliability/report.ts";
import { formatReliability } from "./format-reliability.ts";

const catalog = loadReliabilityCatalog();
const llama3: ReliabilityInput = {
  deviceId: "nvidia-h100-sxm",
  vendor: "NVIDIA",
  devices: 16_384,
  devicesPerNode: 8,
  checkpointBytes: 405.8e9 * 14,
  spec: { durationDays: 54, deadlineDays: 54.1, trials: 2000 },
  rates: ratesFor("nvidia-h100-sxm", "NVIDIA", catalog),
};

describe("formatReliability", () => {
  const text = formatReliability(reliabilityReport(llama3));
  const lines = text.split("\n");

  it("says where the rate came from and what it implies", () => {
    expect(text).toContain('catalog entry "nvidia-hopper" (family, matched nvidia-h100-*), confidence paper');
    expect(text).toContain("job MTBF 3.09 h");
    expect(text).toContain("Expected interruptions over 54.0 wall-clock days: 419.0 unplanned, 47.0 planned");
    expect(text).toMatch(/^ {2}hbm +72\.0 {2}#+$/m);
    expect(text).toContain(
      "Restart: 10.5 min = detect 5.0 min + reschedule 5.0 min + reload 2.8 s + warm-up 30.0 s",
    );
    expect(text).toContain("Effective training time: 92.0%");
  });

  it("draws one histogram line per bin, the longest bar for the fullest bin, and marks the deadline", () => {
    const bars = lines.filter((l) => /^ +\d+\.\d\d-\d+\.\d\d \| /.test(l));
    expect(bars).toHaveLength(20);
    const counts = bars.map((l) =>
      Number(l.replace(" <- deadline", "").trim().split(/\s+/).pop()!.replaceAll(",", "")),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2000);
    const widths = bars.map((l) => (l.match(/#/g) ?? []).length);
    expect(widths[counts.indexOf(Math.max(...counts))]).toBe(40);
    expect(bars.filter((l) => l.endsWith("<- deadline"))).toHaveLength(1);
    expect(text).toMatch(/P\(finish <= 54\.1 d\) = \d+\.\d%/);
  });

  it("lists assumptions with sources and the warnings", () => {
    expect(text).toContain("Assumptions:");
    expect(text).toMatch(/storageGBps = 2000 GB\/s \(paper\): Llama 3/);
    expect(text).toContain("default_used: restart time not given");
  });

  it("flags vendor claims and defaults, shows ranges, overrides and a skipped Monte Carlo", () => {
    const ascend = formatReliability(
      reliabilityReport({
        ...llama3,
        deviceId: "huawei-ascend-910c",
        rates: ratesFor("huawei-ascend-910c", "Huawei", catalog),
        spec: { durationDays: 30, restartMinutes: 15, trials: 200 },
      }),
    );
    expect(ascend).toContain("[VENDOR CLAIM]");
    expect(ascend).toContain("(range 1.973e-5 to 1.085e-4)");
    expect(ascend).toContain("Restart: 15.0 min (scenario restartMinutes)");
    const mlu = formatReliability(
      reliabilityReport({
        ...llama3,
        deviceId: "cambricon-mlu590",
        rates: ratesFor("cambricon-mlu590", "Cambricon", catalog),
        spec: { durationDays: 54, failureRateMultiplier: 1000 },
      }),
    );
    expect(mlu).toContain("DEFAULT: no figures published for this kind");
    expect(mlu).toMatch(/Monte Carlo: skipped \(.*budget/);
  });
});
