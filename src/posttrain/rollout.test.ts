import { describe, expect, it } from "vitest";
import { calibrationFor } from "../hardware/calibration.ts";
import { buildDeployment, type Deployment } from "../infer/deployment.ts";
import { inferenceFamily } from "../infer/infer-calibration.ts";
import { iterationSeconds } from "../infer/iteration-seconds.ts";
import { resolveInferPrecision } from "../infer/precision.ts";
import { batchLengths, lengthDistribution } from "./length-distribution.ts";
import { drainSeconds, rolloutSeconds } from "./rollout.ts";
import { catalogs, device, model } from "./test-fixtures.ts";

function deployment(
  arch: string,
  hw: string,
  parallel: { tp: number; ep: number; dp: number; pp: number },
): Deployment {
  const d = device(hw);
  const prec = resolveInferPrecision(d, { weights: "bf16", kvCache: "bf16" });
  if (!prec.ok) throw new Error("precision");
  const built = buildDeployment({
    arch: model(arch),
    device: d,
    family: inferenceFamily(calibrationFor(catalogs.calibration, d.id).family),
    precision: prec.value,
    parallel,
  });
  if (!built.ok) throw new Error(built.issues.map((i) => i.message).join("; "));
  return built.value;
}

const d8b = deployment("llama3.1-8b", "nvidia-h100-sxm", { tp: 1, ep: 1, dp: 1, pp: 1 });
const decodeStep = (d: Deployment, S: number, ctx: number) =>
  iterationSeconds(d, {
    decodeSequences: S,
    queryTokensPerSequence: 1,
    contextTokens: ctx,
    prefillTokens: 0,
    prefillKeysPerToken: 0,
    prefillSequences: 0,
    prefillKvReadTokens: 0,
  }).seconds;

describe("drainSeconds", () => {
  it("hand-worked: 3 samples of 10, 20, 40 tokens decode 10 steps at 3, 10 at 2, 20 at 1", () => {
    const P = 100;
    const t = drainSeconds(
      d8b,
      [
        { tokens: 10, count: 1 },
        { tokens: 20, count: 1 },
        { tokens: 40, count: 1 },
      ],
      P,
    );
    const expected =
      10 * decodeStep(d8b, 3, P + 5) + 10 * decodeStep(d8b, 2, P + 15) + 20 * decodeStep(d8b, 1, P + 30);
    expect(t).toBeCloseTo(expected, 12);
  });

  it("the bucketed sum is within 1% of summing every decode step one by one", () => {
    const P = 200;
    const dist = lengthDistribution({ mean: 600, max: 4000 });
    const n = 300;
    const buckets = batchLengths(dist, n, n);
    let brute = 0;
    const longest = buckets.at(-1)!.tokens;
    for (let t = 0; t < longest; t++) {
      const running = buckets.filter((b) => b.tokens > t).reduce((s, b) => s + b.count, 0);
      brute += decodeStep(d8b, running, P + t + 0.5);
    }
    expect(drainSeconds(d8b, buckets, P) / brute).toBeCloseTo(1, 2);
  });
});

describe("rolloutSeconds", () => {
  const base = { deployment: d8b, prompts: 64, samplesPerPrompt: 8, promptTokens: 256 };

  it("equal lengths: one prefill of the distinct prompts, then L steps at the whole batch", () => {
    const L = 500;
    const r = rolloutSeconds({ ...base, lengths: lengthDistribution(L) });
    if (!r.ok) throw new Error("rollout");
    expect(r.report.saturatedSeconds).toBe(0);
    let sum = 0;
    for (let t = 0; t < L; t++) sum += decodeStep(d8b, 512, 256 + t + 0.5);
    expect(r.report.drainSeconds / sum).toBeCloseTo(1, 3);
    expect(r.report.generatedTokens).toBe(512 * L);
    expect(r.report.sequencesPerGroup).toBe(512);
  });

  it("the longest sample holds the batch back: a long tail costs more than its tokens", () => {
    const short = rolloutSeconds({ ...base, lengths: lengthDistribution({ mean: 1000, max: 1000 }) });
    const tail = rolloutSeconds({ ...base, lengths: lengthDistribution({ mean: 1000, max: 8000 }) });
    if (!short.ok || !tail.ok) throw new Error("rollout");
    // same tokens, but the tail decodes 8x as many steps, most at a small batch
    expect(tail.report.generatedTokens).toBe(short.report.generatedTokens);
    expect(tail.report.seconds).toBeGreaterThan(1.5 * short.report.seconds);
    expect(tail.report.longestTokens).toBeGreaterThan(7900);
  });

  it("beyond the KV capacity the batch stays full, then the last full batch drains", () => {
    const r = rolloutSeconds({
      ...base,
      prompts: 1024,
      lengths: lengthDistribution({ mean: 2000, max: 8000 }),
    });
    if (!r.ok) throw new Error("rollout");
    const x = r.report;
    expect(x.capacityPerGroup).toBeLessThan(x.sequencesPerGroup);
    expect(x.saturatedSeconds).toBeGreaterThan(0);
    // the KV of the batch in flight fits the HBM left after weights
    expect(x.memory.kvCacheGiB + x.memory.weightsGiB).toBeLessThan(x.memory.capacityGiB);
    // max_num_seqs caps it further
    const capped = rolloutSeconds({
      ...base,
      prompts: 1024,
      lengths: lengthDistribution({ mean: 2000, max: 8000 }),
      maxNumSeqs: 64,
    });
    if (!capped.ok) throw new Error("rollout");
    expect(capped.report.capacityPerGroup).toBe(64);
    expect(capped.report.seconds).toBeGreaterThan(x.seconds);
  });

  it("no room for the KV cache is a kv_overflow issue", () => {
    const tight = { ...d8b, capacityBytes: d8b.weightBytes + 2.2 * 2 ** 30 };
    const r = rolloutSeconds({ ...base, deployment: tight, lengths: lengthDistribution(100_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(["kv_overflow", "hbm_overflow"]).toContain(r.issues[0].code);
  });
});
