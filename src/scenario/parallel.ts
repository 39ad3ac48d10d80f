// The parallel layout block of a training scenario (validation/README.md), in a file of its
// own so that the lifecycle and post-training schemas can use it without an import cycle.
import { z } from "zod";

const posInt = z.number().int().positive();

export const scheduleSchema = z.enum(["1f1b", "interleaved", "dualpipe", "zero-bubble"]);
export const recomputeSchema = z.enum(["none", "selective", "full"]);

export const parallelSchema = z
  .object({
    tp: posInt.optional(),
    pp: posInt.optional(),
    dp: posInt.optional(),
    cp: posInt.optional(),
    ep: posInt.optional(),
    vpp: posInt.optional(),
    microBatch: posInt.optional(),
    schedule: scheduleSchema.optional(),
    recompute: recomputeSchema.optional(),
    zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    sequenceParallel: z.boolean().optional(),
  })
  .strict();
