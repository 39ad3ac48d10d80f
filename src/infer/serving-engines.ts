// The shape of catalog/serving-engines.yaml: each serving engine's scheduler as its own
// documentation and source describe it (token budget per iteration, running-request cap, graph
// capture sizes, whether prefill and decode share an iteration, KV reservation, host cost per
// step and per request), by version where the defaults changed. Every knob carries its source
// and a confidence. A knob may depend on the device's memory or the tensor-parallel size, as
// vLLM's and SGLang's defaults do: a list of `{when, value}` read top to bottom, first match wins.
import { parse } from "yaml";
import { z } from "zod";
import { confidenceSchema } from "../hardware/device.ts";
import { SERVE_ENGINES } from "../scenario/stack.ts";

const whenSchema = z
  .object({
    memoryGiBAtLeast: z.number().optional(),
    memoryGiBBelow: z.number().optional(),
    tpAtLeast: z.number().int().optional(),
    tpBelow: z.number().int().optional(),
  })
  .strict();
export type KnobCondition = z.infer<typeof whenSchema>;

const tieredSchema = z.union([
  z.number().nonnegative(),
  z.array(z.object({ when: whenSchema.optional(), value: z.number().nonnegative() }).strict()).min(1),
]);

const knob = <T extends z.ZodType>(value: T) =>
  z.object({ value, source: z.string().min(1), confidence: confidenceSchema }).strict();

const numberKnob = knob(tieredSchema);

export const SCHEDULE_POLICIES = ["mixed", "prefill-first"] as const;
export type SchedulePolicy = (typeof SCHEDULE_POLICIES)[number];

export const engineVersionSchema = z
  .object({
    /** first version these defaults apply to (inclusive); the entry applies until the next one */
    since: z.string().min(1),
    label: z.string().min(1),
    /** mixed: running decodes and prefill chunks share each iteration under one token budget;
     * prefill-first: an iteration runs either new prompts (chunked) or the running decodes */
    policy: knob(z.enum(SCHEDULE_POLICIES)),
    /** tokens per iteration (vLLM max_num_batched_tokens, SGLang chunked_prefill_size, TRT-LLM max_num_tokens) */
    maxBatchedTokens: numberKnob,
    /** running requests (max_num_seqs, max_running_requests, max_batch_size); 0: only the KV cache limits */
    maxRunningRequests: numberKnob,
    /** prompts admitted per iteration (MindIE maxPrefillBatchSize); 0: no cap */
    maxPrefillRequests: numberKnob.optional(),
    /** largest captured graph, in sequences (decode-only graphs) or tokens (mixed); 0: no graphs */
    graphMaxBatch: numberKnob,
    /** decode-only: graphs replay only batches without prompt tokens; mixed: any batch up to the size in tokens */
    graphScope: knob(z.enum(["decode-only", "mixed"])),
    /** on-demand: KV blocks as tokens arrive, preempting (recompute) when full; whole-request: reserved at admission */
    kvReservation: knob(z.enum(["on-demand", "whole-request"])),
    /** host time per iteration (schedule, prepare inputs, process outputs); `family` = the device family's calibrated value */
    hostStepSeconds: knob(z.union([z.number().nonnegative(), z.literal("family")])),
    /** host time per running request per iteration */
    hostPerSequenceSeconds: numberKnob,
    /** device-side fixed cost per iteration that nothing hides: sampling, graph launch, the token copy back */
    syncSeconds: numberKnob,
    /** the host work of iteration n runs while the device computes iteration n+1 */
    overlap: knob(z.boolean()),
    /** per-request latency outside the iteration loop (HTTP, chat template, tokenising, first-token streaming) */
    requestSeconds: numberKnob,
    /** with speculative decoding: whether the host overlap stays on (absent: as `overlap`) */
    speculativeOverlap: knob(z.boolean()).optional(),
    /** with speculative decoding: the running-request cap when none is given (absent: as maxRunningRequests) */
    speculativeMaxRunning: numberKnob.optional(),
  })
  .strict();
export type EngineVersionEntry = z.infer<typeof engineVersionSchema>;

export const servingEngineSchema = z
  .object({
    id: z.enum(SERVE_ENGINES),
    name: z.string().min(1),
    /** host launch path of un-graphed kernels: the CUDA runtime or CANN (Ascend) */
    platform: z.enum(["cuda", "cann"]),
    /** host time to issue one kernel outside a graph (PyTorch eager dispatch + launch) */
    eagerLaunchSeconds: numberKnob,
    versions: z.array(engineVersionSchema).min(1),
  })
  .strict();
export type ServingEngineEntry = z.infer<typeof servingEngineSchema>;

export const servingEngineCatalogSchema = z
  .object({
    /** the engine a scenario without `infer.engine` runs on, and why */
    default: z.enum(SERVE_ENGINES),
    defaultReason: z.string().min(1),
    engines: z.array(servingEngineSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.engines.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: "custom", path: ["engines", i, "id"], message: `duplicate ${e.id}` });
      seen.add(e.id);
    });
    if (!seen.has(c.default))
      ctx.addIssue({ code: "custom", path: ["default"], message: `no engine entry for ${c.default}` });
  });
export type ServingEngineCatalog = z.infer<typeof servingEngineCatalogSchema>;

/** Parse and validate the catalog text; throws one Error naming the file and every problem. */
export function parseServingEngines(text: string, file = "serving-engines.yaml"): ServingEngineCatalog {
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new Error(`${file} (yaml): ${(e as Error).message.split("\n")[0]}`);
  }
  const r = servingEngineCatalogSchema.safeParse(data);
  if (!r.success) {
    const lines = r.error.issues.map(
      (i) => `${file} ${i.path.map(String).join(".") || "(root)"}: ${i.message}`,
    );
    throw new Error(`invalid serving-engine catalog:\n${lines.join("\n")}`);
  }
  return r.data;
}
