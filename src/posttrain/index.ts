// The post-training folder's public surface: fine-tuning (full and LoRA/QLoRA), GRPO-style RL
// across one or two fleets, the scenario extension's schema and the parts a shell or test may
// want (length distributions, rollout, transfer, swap, step composition). Re-exports only.
export * from "./evaluate.ts";
export * from "./finetune.ts";
export * from "./length-distribution.ts";
export * from "./lora.ts";
export * from "./lora-finetune.ts";
export * from "./lora-flops.ts";
export * from "./resolve.ts";
export * from "./rl.ts";
export * from "./rl-step.ts";
export * from "./rollout.ts";
export * from "./schema.ts";
export * from "./scoring.ts";
export * from "./swap.ts";
export * from "./update.ts";
export * from "./weight-transfer.ts";
