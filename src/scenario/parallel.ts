// The parallel layout block of a training scenario (validation/README.md), in a file of its
// own so that the lifecycle and post-training schemas can use it without an import cycle.
import { z } from "zod";
import { RECOMPUTE_MODULES } from "../model/activation-bytes.ts";

const posInt = z.number().int().positive();

export const scheduleSchema = z.enum(["1f1b", "interleaved", "dualpipe", "zero-bubble"]);
export const recomputeSchema = z.enum(["none", "selective", "full"]);

export const parallelSchema = z
  .object({
    tp: posInt.optional().describe("tensor parallel size"),
    pp: posInt.optional().describe("pipeline parallel size (stages)"),
    dp: posInt.optional().describe("data parallel size: tp·pp·cp·dp = devices"),
    cp: posInt.optional().describe("context parallel size (the sequence split over devices)"),
    ep: posInt.optional().describe("expert parallel size (splits the experts within dp·cp·tp)"),
    etp: posInt
      .optional()
      .describe(
        "extra: expert tensor parallel size, each expert's FFN split this many ways (Megatron's --expert-tensor-parallel-size; default: the engine's, Megatron-Core's being tp)",
      ),
    vpp: posInt.optional().describe("virtual pipeline stages per device (the interleaved schedule when > 1)"),
    microBatch: posInt.optional().describe("sequences per micro-batch"),
    schedule: scheduleSchema
      .optional()
      .describe("pipeline schedule: 1f1b | interleaved | dualpipe | zero-bubble"),
    recompute: recomputeSchema.optional().describe("activation recomputation: none | selective | full"),
    recomputeModules: z
      .array(z.enum(RECOMPUTE_MODULES))
      .optional()
      .describe(
        "extra: with recompute selective, which of Megatron-Core's --recompute-modules (core_attn, mla_up_proj, moe_act, layernorm, mlp, moe); default core_attn, mla_up_proj, moe_act",
      ),
    zero: z
      .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
      .optional()
      .describe(
        "0 none, 1 optimizer states sharded (Megatron distributed optimizer), 2 + gradients, 3 + weights",
      ),
    sequenceParallel: z
      .boolean()
      .optional()
      .describe("sequence parallelism with tp (norms and dropout split along the sequence)"),
    pipelineSplit: z
      .object({
        embedding: z
          .boolean()
          .optional()
          .describe(
            "the input embedding counts as one layer of the first stage (--account-for-embedding-in-pipeline-split)",
          ),
        loss: z
          .boolean()
          .optional()
          .describe(
            "the output layer and loss count as one layer of the last stage (--account-for-loss-in-pipeline-split)",
          ),
        firstStageLayers: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe("transformer layers on the first pipeline stage (--decoder-first-pipeline-num-layers)"),
        lastStageLayers: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe("transformer layers on the last pipeline stage (--decoder-last-pipeline-num-layers)"),
      })
      .strict()
      .optional()
      .describe(
        "extra: how the layers are placed on pipeline stages as Megatron-LM expresses it; default an even split, with the embedding and loss counted as layers when pp·vpp exceeds the layers by one or two",
      ),
  })
  .strict();
