import { describe, expect, it } from "vitest";
import { evaluatePostTraining, type PostTrainInput } from "../posttrain/evaluate.ts";
import { resolvePosttrainRefs } from "../posttrain/resolve.ts";
import { catalogs, device, input, readExample } from "../posttrain/test-fixtures.ts";
import { scenarioSchema } from "../scenario/schema.ts";
import { formatPostTraining } from "./format-posttrain.ts";

function text(inp: PostTrainInput): string {
  const r = evaluatePostTraining(inp);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return formatPostTraining(r.report);
}

function example(name: string): PostTrainInput {
  const s = scenarioSchema.parse(readExample(name));
  const m = catalogs.models.find((x) => x.id === s.model)!;
  const refs = resolvePosttrainRefs(s.posttrain!, catalogs);
  if (!refs.ok) throw new Error("refs");
  return {
    arch: m.arch,
    device: device(s.hardware),
    devices: s.devices,
    devicesPerNode: s.devicesPerNode,
    parallel: s.parallel,
    calibration: catalogs.calibration,
    posttrain: s.posttrain!,
    ...refs.value,
  };
}

describe("formatPostTraining", () => {
  it("an RL step across two fleets: metrics, phases with the bottleneck, both fleets, every part", () => {
    const t = text(example("rl-deepseek-v3-r1.yaml"));
    expect(t).toContain(
      "GRPO, disaggregated, one step off-policy: trainer 256 × nvidia-h800-sxm, rollout 64 × huawei-ascend-910c",
    );
    expect(t).toContain("512 samples per step (32 prompts × 16)");
    for (const k of [
      "stepSeconds",
      "samplesPerSecond",
      "rolloutBusyFraction",
      "trainerBusyFraction",
      "deviceHours",
    ]) {
      expect(t).toContain(k);
    }
    expect(t).toMatch(/bottleneck: rollout generation/);
    expect(t).toContain("fleets busy: rollout");
    expect(t).toMatch(/^rollout: .* engine groups/m);
    expect(t).toMatch(/^update: .* sequences of 33,280 tokens/m);
    expect(t).toMatch(/^transfer: .* GB of weights over the/m);
    expect(t).not.toContain("swap:");
    expect(t).toContain("█");
  });

  it("a colocated step shows the swap and one fleet's two shares", () => {
    const t = text(example("rl-qwen3-32b-grpo-1node.yaml"));
    expect(t).toContain(
      "GRPO, colocated, synchronous: 8 × nvidia-h100-sxm generate (tp 4 · ep 1 · dp 2 · pp 1) and train in turn",
    );
    expect(t).toMatch(/^swap: .* GB of optimizer state and gradients per device/m);
    expect(t).toContain("devices: generating");
    expect(t).toContain("colocated offload/onload");
  });

  it("LoRA: trainable share, FLOPs against full fine-tuning, the step and memory it saves", () => {
    const t = text(example("sft-qwen3-8b-lora.yaml"));
    expect(t).toContain("LoRA rank 16 on q,k,v,o,gate,up,down, bf16 frozen base on 8 × nvidia-h100-sxm");
    expect(t).toMatch(/trainable .* parameters \(0\.\d+ % of the model\)/);
    expect(t).toMatch(/of full fine-tuning's/);
    expect(t).toMatch(/full fine-tuning: [\d.]+ GiB\)/);
    for (const k of ["stepTimeSeconds", "mfu", "steps", "deviceHours"]) expect(t).toContain(k);
  });

  it("full SFT prints its memory breakdown; issues and warnings come last, one line each", () => {
    const t = text(
      input(
        "qwen3-32b",
        "nvidia-h100-sxm",
        8,
        { tp: 4, dp: 2, zero: 0 },
        { kind: "sft", seqLen: 4096, globalBatch: 16, tokens: 1e8 },
      ),
    );
    expect(t).toContain("full fine-tuning on 8 × nvidia-h100-sxm: 16 sequences of 4,096 tokens per step");
    expect(t).toMatch(/memory per device .* gradients .* optimizer/);
    expect(t.split("\n").at(-1)).toMatch(/^error \[hbm_overflow\] parallel: needs/);
  });
});
