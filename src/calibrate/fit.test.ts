import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCalibration } from "../catalog/load.ts";
import { type Calibration, getParam } from "../hardware/calibration.ts";
import type { Resolved } from "../scenario/resolve.ts";
import { crossValidate } from "./cross-validate.ts";
import { fitCalibration, priorsOf } from "./fit.ts";
import type { FitRow } from "./fit-rows.ts";
import { applyInterval, intervalFor, intervalsFrom } from "./intervals.ts";

// A toy model: every training row of the Hopper family predicts `a · gemm.default.max`, so the
// L1 fit in log space must land on the median of measured/a (the L1 minimiser is the median).
const cal0 = priorsOf(loadCalibration());
const hopper = (c: Calibration) => c.families.find((f) => f.family === "nvidia-hopper")!;
const resolved = {
  scenario: { train: { seqLen: 1, globalBatch: 1, precision: "bf16" } },
  arch: { layers: 1, hidden: 8, heads: 1, kvHeads: 1, ffn: 8, mlp: "gelu", vocab: 8, tiedEmbeddings: false },
  device: { id: "nvidia-h100-sxm" },
} as unknown as Resolved;
const row = (caseId: string, source: string, measured: number, a: number): FitRow & { a: number } => ({
  caseId,
  kind: "train",
  source,
  metric: "tokensPerSecondPerDevice",
  measured,
  counted: true,
  family: "nvidia-hopper",
  regime: "train/nvidia/dense",
  resolved,
  kernelTables: false,
  a,
});
const predict = (r: FitRow, c: Calibration) =>
  (r as FitRow & { a: number }).a * getParam(hopper(c), "gemm.default.max")!;

describe("fit", () => {
  it("lands on the median of measured/a for a proportional model (hand-worked: 0.5, 0.6, 0.9 -> 0.6)", () => {
    const rows = [row("x", "s1", 50, 100), row("y", "s2", 60, 100), row("z", "s3", 90, 100)];
    const f = fitCalibration(cal0, rows, predict, { priorWeight: 0 });
    // the toy model ignores the host cost, so only the matmul level moves
    const g = f.params.find((p) => p.param === "gemm.default.max")!;
    expect(g.value).toBeCloseTo(0.6, 2);
    expect(g.prior).toBe(getParam(hopper(cal0), "gemm.default.max"));
    expect(hopper(f.calibration).fitted?.[0]).toMatchObject({ param: "gemm.default.max", n: 3 });
  });

  it("recovers any efficiency in its bounds exactly when the data agree (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 0.95, noNaN: true }), (eff) => {
        const rows = [row("x", "s1", 1000 * eff, 1000), row("y", "s2", 30 * eff, 30)];
        const g = fitCalibration(cal0, rows, predict, { priorWeight: 0 }).params.find(
          (p) => p.param === "gemm.default.max",
        )!;
        expect(g.value).toBeCloseTo(eff, 2);
      }),
      { numRuns: 20 },
    );
  });
});

describe("leave-one-source-out", () => {
  it("predicts each source with a fit that never saw it", () => {
    // two sources agree on 0.5, the third says 0.9: held out, it is predicted at 0.5
    const rows = [row("x", "s1", 50, 100), row("y", "s2", 50, 100), row("z", "s3", 90, 100)];
    const cv = crossValidate(cal0, rows, predict, (r) => r.source, true, { priorWeight: 0 });
    const z = cv.find((x) => x.row.caseId === "z")!;
    expect(z.outOfSample).toBeCloseTo(50, 0);
    expect(z.refitted).toBe(true);
    // in sample, the median of all three (0.5) also predicts 50; x held out sees y and z (0.5..0.9)
    const x = cv.find((c) => c.row.caseId === "x")!;
    expect(x.outOfSample).toBeGreaterThanOrEqual(49.9);
    expect(x.outOfSample).toBeLessThanOrEqual(90.1);
  });
});

describe("a pooled host cost", () => {
  // MoE rows predicting a · secondsPerKernel of their own family's host: the CUDA families share one
  // pool, so rows of Hopper and Blackwell fit one value, written to every family of the pool.
  const moeResolved = {
    ...resolved,
    arch: { ...resolved.arch, moe: { experts: 8, sharedExperts: 0, topK: 2, expertFfn: 8, denseLayers: 0 } },
  } as unknown as Resolved;
  const fam = (c: Calibration, name: string) => c.families.find((f) => f.family === name)!;
  const hostRow = (caseId: string, family: string, measured: number, a: number) => ({
    ...row(caseId, caseId, measured, a),
    family,
    resolved: moeResolved,
    regime: "train/nvidia/moe",
  });
  const predictHost = (r: FitRow, c: Calibration) =>
    (r as FitRow & { a: number }).a * getParam(fam(c, r.family), "host.secondsPerKernel")!;

  it("fits one value on the pool's rows (hand-worked: 20, 30, 40 us -> the median, 30 us)", () => {
    expect(fam(cal0, "nvidia-hopper").host?.pool).toBe("cuda");
    expect(fam(cal0, "nvidia-blackwell").host?.pool).toBe("cuda");
    const rows = [
      hostRow("h1", "nvidia-hopper", 20, 1e6),
      hostRow("b1", "nvidia-blackwell", 30, 1e6),
      hostRow("b2", "nvidia-blackwell", 40, 1e6),
    ];
    const f = fitCalibration(cal0, rows, predictHost, { priorWeight: 0 });
    const hosts = f.params.filter((p) => p.param === "host.secondsPerKernel");
    expect(hosts).toHaveLength(1);
    expect(hosts[0].n).toBe(3);
    for (const name of ["nvidia-ampere", "nvidia-hopper", "nvidia-blackwell"])
      expect(getParam(fam(f.calibration, name), "host.secondsPerKernel")).toBeCloseTo(30e-6, 7);
    // Ascend is not in the pool: its host cost keeps its prior
    expect(getParam(fam(f.calibration, "ascend-910"), "host.secondsPerKernel")).toBe(
      getParam(fam(cal0, "ascend-910"), "host.secondsPerKernel"),
    );
  });

  it("a held-out Hopper source is predicted from the Blackwell rows of the pool", () => {
    const rows = [
      hostRow("h1", "nvidia-hopper", 90, 1e6),
      hostRow("b1", "nvidia-blackwell", 30, 1e6),
      hostRow("b2", "nvidia-blackwell", 30, 1e6),
    ];
    const cv = crossValidate(cal0, rows, predictHost, (r) => r.source, true, { priorWeight: 0 });
    expect(cv.find((x) => x.row.caseId === "h1")!.outOfSample).toBeCloseTo(30, 0);
  });
});

describe("a Grace host's factor", () => {
  // x86 rows (H100) set the pool's per-operation cost; GB200 rows, behind Grace hosts, cost that
  // times the factor: 20 us on x86, 30 us on Grace -> a factor of 1.5.
  const moe = { experts: 8, sharedExperts: 0, topK: 2, expertFfn: 8, denseLayers: 0 };
  const on = (deviceId: string) =>
    ({
      ...resolved,
      arch: { ...resolved.arch, moe },
      device: { ...resolved.device, id: deviceId },
    }) as unknown as Resolved;
  const fam = (c: Calibration, name: string) => c.families.find((f) => f.family === name)!;
  const hostRow = (caseId: string, family: string, deviceId: string, measured: number) => ({
    ...row(caseId, caseId, measured, 1e6),
    family,
    resolved: on(deviceId),
    regime: "train/nvidia/moe",
  });
  const predictHost = (r: FitRow, c: Calibration) => {
    const f = fam(c, r.family);
    const grace = r.resolved.device.id === "nvidia-gb200" ? getParam(f, "host.grace")! : 1;
    return 1e6 * getParam(f, "host.secondsPerKernel")! * grace;
  };

  it("is fitted on the Grace rows only, one value for the pool (hand-worked: 30/20 = 1.5)", () => {
    const rows = [
      hostRow("h1", "nvidia-hopper", "nvidia-h100-sxm", 20),
      hostRow("h2", "nvidia-hopper", "nvidia-h100-sxm", 20),
      hostRow("h3", "nvidia-hopper", "nvidia-h100-sxm", 20),
      hostRow("g1", "nvidia-blackwell", "nvidia-gb200", 30),
    ];
    const f = fitCalibration(cal0, rows, predictHost, { priorWeight: 0, rounds: 4 });
    const grace = f.params.filter((p) => p.param === "host.grace");
    expect(grace).toHaveLength(1);
    expect(grace[0].n).toBe(1);
    expect(getParam(fam(f.calibration, "nvidia-hopper"), "host.secondsPerKernel")).toBeCloseTo(20e-6, 7);
    for (const name of ["nvidia-hopper", "nvidia-blackwell"])
      expect(getParam(fam(f.calibration, name), "host.grace")).toBeCloseTo(1.5, 2);
  });
});

describe("intervals", () => {
  it("cover the middle 90% of held-out ratios and widen for unfitted families", () => {
    const ratios = Array.from({ length: 21 }, (_, i) => 0.8 + i * 0.02); // 0.80 .. 1.20
    const iv = intervalsFrom(ratios.map((ratio) => ({ regime: "train/nvidia/dense", kind: "train", ratio })));
    const own = intervalFor(iv, "train/nvidia/dense", true)!;
    expect(own.low).toBeCloseTo(0.82, 2);
    expect(own.high).toBeCloseTo(1.18, 2);
    const un = intervalFor(iv, "train/nvidia/dense", false)!;
    expect(un.low).toBeLessThanOrEqual(own.low);
    expect(un.high).toBeGreaterThanOrEqual(own.high);
    // a time inverts: a faster-than-predicted run has a shorter step
    const [lo, hi] = applyInterval("stepTimeSeconds", 10, own);
    expect(lo).toBeCloseTo(10 / own.high, 6);
    expect(hi).toBeCloseTo(10 / own.low, 6);
  });
});
