// Published RL step times to check the RL step against: NeMo-RL's GRPO performance summary
// (NVIDIA-NeMo/RL, docs/about/performance-summary.md, "NeMo RL v0.4", DGX-H100, BF16 training and generation,
// Megatron-core) with the layouts of its recipes (examples/configs/recipes/llm/performance/ at
// tag v0.4.0, on examples/configs/grpo_math_1B.yaml). Inputs read off the table and recipes:
// 64 prompts × 32 samples (DeepSeek-V3: 32 × 16), train_global_batch_size 512 (mini-batches =
// samples / 512), sequence packing, max_total_sequence_length, vLLM gpu_memory_utilization (0.6
// colocated by default; 0.8 in the async recipes), generation tp; reference KL 0.01 (a reference
// pass) and old-policy log-probs. "G-Average Seq len" is the mean response: the table's
// tokens/s/GPU × step × GPUs / samples exceeds it by ~100-130 tokens, the prompt (OpenMathInstruct-2
// with the CoT template), which is the promptTokens used; the longest response is the cap
// max_total_sequence_length − prompt. No parameter was fitted to these rows; published.test.ts
// checks them and docs/posttrain.md lists the result and why it errs. Test data: not re-exported.
import type { ParallelSpec } from "../scenario/schema.ts";
import type { PosttrainInput } from "./schema.ts";

export interface PublishedRlCase {
  id: string;
  measuredStepSeconds: number;
  model: string;
  devices: number;
  parallel: ParallelSpec;
  posttrain: PosttrainInput;
}

const grpo = (
  prompt: number,
  mean: number,
  cap: number,
  over: Partial<Extract<PosttrainInput, { kind: "rl" }>>,
) =>
  ({
    kind: "rl",
    promptsPerStep: 64,
    samplesPerPrompt: 32,
    promptTokens: prompt,
    responseTokens: { mean, max: cap - prompt },
    placement: "colocated",
    update: { seqLen: cap, miniBatches: 4 },
    ...over,
  }) as PosttrainInput;

export const NEMO_RL_V04: PublishedRlCase[] = [
  {
    // 1,562 tokens/s/GPU × 97.7 s × 16 / 2048 = 1,192 → prompt 132
    id: "llama3.1-8b on-policy, 16 H100 colocated",
    measuredStepSeconds: 97.7,
    model: "llama3.1-8b",
    devices: 16,
    parallel: { tp: 1, pp: 2, recompute: "full" },
    posttrain: grpo(132, 1060, 4096, { rollout: { tp: 1, memoryFraction: 0.6 } }),
  },
  {
    // 2,161 × 74.6 × 16 / 2048 = 1,259 → prompt 130; generation on 1 node, training on 1 node
    id: "llama3.1-8b 1-step off-policy, 8 + 8 H100",
    measuredStepSeconds: 74.6,
    model: "llama3.1-8b",
    devices: 8,
    parallel: { tp: 1, pp: 2, recompute: "full" },
    posttrain: grpo(130, 1129, 4096, {
      placement: "disaggregated",
      offPolicySteps: 1,
      rollout: { devices: 8, tp: 1, memoryFraction: 0.8 },
    }),
  },
  {
    // 540 × 393 × 32 / 2048 = 3,316 → prompt 110
    id: "qwen3-32b on-policy, 32 H100 colocated",
    measuredStepSeconds: 393,
    model: "qwen3-32b",
    devices: 32,
    parallel: { tp: 4, pp: 4, sequenceParallel: true },
    posttrain: grpo(110, 3206, 4096, { rollout: { tp: 4, memoryFraction: 0.6 } }),
  },
  {
    // 494 × 215 × 64 / 2048 = 3,319 → prompt 112; generation on 4 nodes, training on 4 nodes
    id: "qwen3-32b 1-step off-policy, 32 + 32 H100",
    measuredStepSeconds: 215,
    model: "qwen3-32b",
    devices: 32,
    parallel: { tp: 4, pp: 4, sequenceParallel: true },
    posttrain: grpo(112, 3207, 4096, {
      placement: "disaggregated",
      offPolicySteps: 1,
      rollout: { devices: 32, tp: 4, memoryFraction: 0.8 },
    }),
  },
  {
    // 925 × 225 × 32 / 2048 = 3,252 → prompt 98
    id: "qwen3-30b-a3b on-policy, 32 H100 colocated",
    measuredStepSeconds: 225,
    model: "qwen3-30b-a3b",
    devices: 32,
    parallel: { tp: 2, ep: 8 },
    posttrain: grpo(98, 3154, 4096, { rollout: { tp: 4, memoryFraction: 0.6 } }),
  },
  {
    // 11 × 154 × 256 / 512 = 847 → prompt 102; 32 prompts × 16, one optimizer step
    id: "deepseek-v3 on-policy, 256 H100 colocated",
    measuredStepSeconds: 154,
    model: "deepseek-v3",
    devices: 256,
    parallel: { tp: 1, pp: 16, ep: 16, recompute: "full" },
    posttrain: {
      kind: "rl",
      promptsPerStep: 32,
      samplesPerPrompt: 16,
      promptTokens: 102,
      responseTokens: { mean: 745, max: 1536 - 102 },
      placement: "colocated",
      rollout: { tp: 32, memoryFraction: 0.6 },
      update: { seqLen: 1536, miniBatches: 1 },
    },
  },
];
