import { describe, expect, it } from "vitest";
import { loadReliabilityCatalog } from "../reliability/catalog.ts";
import { familyRates, ratesFor } from "../reliability/rates-for.ts";
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
    expect(text).toContain(
      'catalog entry "nvidia-hopper" (family, matched nvidia-h100-*), pooled, confidence derived',
    );
    expect(text).toContain("job MTBF 3.09 h");
    expect(text).toMatch(
      /Expected interruptions over 54\.0 wall-clock days: 419\.0 unplanned, 90% interval \d+-[\d,]+ \(rate range \d+ to [\d,]+, Poisson around it\), 47\.0 planned/,
    );
    // each published fleet with its count, the ones that set the value starred
    expect(text).toMatch(/^ {3}\* llama3-h100-54d +16,384 dev x 54 d: 419 +1\.97e-5 /m);
    expect(text).toMatch(/^ {5}crusoe-h200-4mo /m);
    expect(text).toMatch(
      /What fails: 0\.32\d interruptions\/h = devices 0\.2\d\d \+ hosts 0\.03\d \+ links 0\.03\d/,
    );
    expect(text).toMatch(/^ {2}hbm +72\.0 {2}#+ +\(\d+\.\d-\d+\.\d\)$/m);
    expect(text).toMatch(/^ {2}storage +3\.0 /m);
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
    expect(text).toMatch(/storageCapGBps = 2000 GB\/s \(paper\): Llama 3/);
    expect(text).toContain("storage 2,000 GB/s (2,048 nodes x 1 GB/s, capped at 2,000)");
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
    expect(ascend).toContain("(range 3.000e-6 to 1.085e-4)");
    expect(ascend).toContain("claims, confidence official [VENDOR CLAIM]");
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

  it("answers the instability question: break-even rate and the plan across every family's range", () => {
    const t = formatReliability(
      reliabilityReport({
        ...llama3,
        spec: { durationDays: 54, deadlineDays: 60, trials: 200 },
        compare: familyRates(catalog),
      }),
    );
    expect(t).toMatch(
      /Break-even: the 60\.0-day deadline is missed above \d\.\d{3}e-\d per device-hour \(x \d+\.\d\d the value; job MTBF \d+\.\d\d h\), (INSIDE|above|BELOW) the catalog range/,
    );
    expect(t).toMatch(/^ {2}huawei-ascend-910c +3\.00e-6 \/ 1\.80e-5 \/ 1\.08e-4 .* \[vendor claim\]$/m);
    expect(t).toMatch(/^ {2}nvidia-hopper +/m);
    expect(t).toMatch(
      /Device-hours lost to checkpoints, restarts and rework: [\d,]+ \([\d,]+ to [\d,]+ across the range\)/,
    );
    expect(t).toContain("each drawing its failure rate from the range");
    const noDeadline = formatReliability(
      reliabilityReport({ ...llama3, spec: { durationDays: 54, trials: 200 } }),
    );
    expect(noDeadline).toContain("Break-even: give reliability.deadlineDays");
  });
});
