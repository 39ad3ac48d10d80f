import { describe, expect, it } from "vitest";
import { paramCounts } from "../model/param-counts.ts";
import { evaluatePostTraining, type PostTrainInput } from "./evaluate.ts";
import { resolvePosttrainRefs } from "./resolve.ts";
import type { RlReport } from "./rl.ts";
import type { PosttrainInput } from "./schema.ts";
import { catalogs, device, input, model } from "./test-fixtures.ts";

const rl = (over: Partial<Extract<PosttrainInput, { kind: "rl" }>> = {}): PosttrainInput => ({
  kind: "rl",
  promptsPerStep: 32,
  samplesPerPrompt: 8,
  promptTokens: 200,
  responseTokens: { mean: 800, max: 3000 },
  placement: "disaggregated",
  rollout: { devices: 8, tp: 1 },
  update: { seqLen: 4096, miniBatches: 2 },
  ...over,
});
const parallel = { tp: 1, pp: 1, dp: 8, recompute: "full" as const, zero: 1 as const };

function report(inp: PostTrainInput): RlReport {
  const r = evaluatePostTraining(inp);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  if (r.report.kind !== "rl") throw new Error("not rl");
  return r.report.rl;
}
const issuesOf = (inp: PostTrainInput) => {
  const r = evaluatePostTraining(inp);
  return r.ok ? [] : r.issues;
};

describe("an RL step, hand-worked", () => {
  it("synchronous on two fleets: the phases add up; log-probs are two forward passes, 2/3 of the update", () => {
    const x = report(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl()));
    const p = x.phases;
    expect(x.metrics.stepSeconds).toBeCloseTo(
      p.generation + p.logProbs + p.reward + p.update + p.transfer,
      9,
    );
    expect(p.logProbs).toBeCloseTo((2 / 3) * p.update, 9);
    expect(p.reward).toBe(0);
    expect(p.swap).toBe(0);
    // 256 samples × (200 + 800) tokens packed into 4096-token sequences: 62.5 → 63, rounded up to
    // dp 8 × micro-batch 1 × 2 mini-batches = 16 → 64 sequences, 32 per optimizer step
    expect(x.update.sequences).toBe(64);
    expect(x.update.miniBatchSequences).toBe(32);
    expect(x.update.seconds).toBeCloseTo(2 * x.update.train.metrics.stepTimeSeconds, 12);
    expect(x.samplesPerStep).toBe(256);
    expect(x.metrics.samplesPerSecond).toBeCloseTo(256 / x.metrics.stepSeconds, 9);
    expect(x.metrics.tokensPerSecondPerDevice).toBeCloseTo((256 * 1000) / x.metrics.stepSeconds / 16, 9);
    // weights in bf16 over the NICs: 8 H100 × 400 Gb/s on each side, one instance per device
    expect(x.transfer.bytes).toBe(paramCounts(model("llama3.1-8b")).total * 2);
    expect(x.fleets.totalDevices).toBe(16);
  });

  it("a reward model of the policy's size costs one more log-prob pass", () => {
    const base = input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ rewardModel: "llama3.1-8b" }));
    const refs = resolvePosttrainRefs(base.posttrain, catalogs);
    if (!refs.ok) throw new Error("refs");
    const x = report({ ...base, ...refs.value });
    expect(x.phases.reward).toBeCloseTo(x.phases.logProbs / 2, 9);
    const noRef = report(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ reference: false })));
    expect(noRef.phases.logProbs).toBeCloseTo(x.phases.logProbs / 2, 9);
  });

  it("one step off-policy: the step is max(generation, scoring + update + transfer)", () => {
    const sync = report(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl()));
    const off = report(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ offPolicySteps: 1 })));
    const p = off.phases;
    expect(off.metrics.stepSeconds).toBeCloseTo(
      Math.max(p.generation, p.logProbs + p.reward + p.update + p.transfer),
      9,
    );
    expect(off.metrics.stepSeconds).toBeLessThan(sync.metrics.stepSeconds);
  });

  it("colocated: one fleet, the trainer's weights stay resident, optimizer and gradients swap out and back", () => {
    const x = report(
      input(
        "llama3.1-8b",
        "nvidia-h100-sxm",
        8,
        parallel,
        rl({ placement: "colocated", rollout: { tp: 1 } }),
      ),
    );
    const mem = x.update.train.memory;
    expect(x.fleets.totalDevices).toBe(8);
    expect(x.swap!.bytesPerDevice).toBeCloseTo((mem.optimizerGiB + mem.gradientsGiB) * 2 ** 30, 0);
    expect(x.phases.swap).toBeCloseTo((2 * x.swap!.bytesPerDevice) / 32e9, 9);
    expect(x.rollout.memory.capacityGiB).toBeCloseTo(80 - mem.weightsGiB, 9);
    expect(x.transfer.over).toBe("scale-up fabric");
    const off = evaluatePostTraining(
      input(
        "llama3.1-8b",
        "nvidia-h100-sxm",
        8,
        parallel,
        rl({ placement: "colocated", offPolicySteps: 1, rollout: { tp: 1 } }),
      ),
    );
    if (!off.ok || off.report.kind !== "rl") throw new Error("rl");
    expect(off.report.rl.warnings.map((w) => w.code)).toContain("overlap_unavailable");
    expect(off.report.rl.metrics.stepSeconds).toBeCloseTo(x.metrics.stepSeconds, 9);
  });

  it("across vendors: update on H800, generate on Ascend 910C in int8", () => {
    const base = input(
      "qwen3-32b",
      "nvidia-h800-sxm",
      16,
      { tp: 4, pp: 1, dp: 4, recompute: "full" },
      rl({
        rollout: { hardware: "huawei-ascend-910c", devices: 16, tp: 4, weights: "int8", activations: "int8" },
      }),
      { rolloutDevice: device("huawei-ascend-910c") },
    );
    const x = report(base);
    expect(x.fleets.rollout.hardware).toBe("huawei-ascend-910c");
    expect(x.fleets.rollout.layout.dp).toBe(4);
    expect(x.transfer.bytes).toBeCloseTo(paramCounts(model("qwen3-32b")).total, -3);
    // fp8 on a device without it is an issue naming the rollout key
    const bad = issuesOf({
      ...base,
      posttrain: {
        ...base.posttrain,
        rollout: { ...(base.posttrain as { rollout: object }).rollout, weights: "fp8", activations: "fp8" },
      } as PostTrainInput["posttrain"],
    });
    expect(bad[0].code).toBe("dtype_unsupported");
    expect(bad[0].path.slice(0, 2)).toEqual(["posttrain", "rollout"]);
  });
});

describe("an RL step, issues", () => {
  it("disaggregated without rollout.devices is missing_key", () => {
    expect(
      issuesOf(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ rollout: { tp: 1 } })))[0].code,
    ).toBe("missing_key");
  });

  it("a response longer than the update's sequences is sequence_too_long", () => {
    const i = issuesOf(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ responseTokens: 8000 })))[0];
    expect(i.code).toBe("sequence_too_long");
    expect(i.need).toBe(8200);
  });

  it("a rollout layout that does not cover its devices is layout_mismatch", () => {
    const i = issuesOf(
      input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, rl({ rollout: { devices: 8, tp: 2, dp: 2 } })),
    );
    expect(i.map((x) => x.code)).toContain("layout_mismatch");
  });

  it("a rollout hardware or reward model id with no record is unknown_id; resolve suggests ids", () => {
    const pt = rl({ rollout: { hardware: "huawei-ascend-910x", devices: 8 }, rewardModel: "qwen3-8bb" });
    expect(issuesOf(input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, pt)).map((x) => x.code)).toEqual([
      "unknown_id",
      "unknown_id",
    ]);
    const refs = resolvePosttrainRefs(
      input("llama3.1-8b", "nvidia-h100-sxm", 8, parallel, pt).posttrain,
      catalogs,
    );
    expect(refs.ok).toBe(false);
    if (!refs.ok) {
      expect(refs.errors[0].path).toEqual(["posttrain", "rollout", "hardware"]);
      expect(refs.errors[0].message).toContain("huawei-ascend-910c");
      expect(refs.errors[1].message).toContain("qwen3-8b");
    }
  });

  it("an update that does not fit is reported with its hbm_overflow, times kept", () => {
    const x = report(
      input("qwen3-32b", "nvidia-h100-sxm", 8, { tp: 4, dp: 2, recompute: "none", zero: 0 }, rl()),
    );
    expect(x.fits).toBe(false);
    expect(x.issues[0].code).toBe("hbm_overflow");
    expect(x.metrics.stepSeconds).toBeGreaterThan(0);
  });
});
