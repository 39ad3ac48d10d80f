// Achieved-over-peak efficiencies, per device family and dtype. Defaults come from public
// measurements (cited in catalog/calibration.yaml); fitted values come out of `npm run fit`
// and are written back there with their provenance. Nothing here belongs to a case or model.
import { z } from "zod";

export const gemmEfficiencySchema = z
  .object({
    /** achieved / dense peak for a large, well-shaped matmul */
    max: z.number().positive().max(1),
    /** fixed cost of one kernel (launch, tail wave, prologue), seconds */
    overheadSeconds: z.number().nonnegative(),
  })
  .strict();

export const inferenceCalibrationSchema = z
  .object({
    /** achieved / dense peak of the matmuls at inference, per dtype */
    gemm: z.record(z.string(), z.number().positive().max(1)).optional(),
    /** attention kernels at inference (prefill, GQA decode), relative to the 16-bit peak */
    attention: z.number().positive().max(1).optional(),
    /** absorbed-MLA generation kernels (MQA over the latent), relative to the 16-bit peak */
    mlaDecodeAttention: z.number().positive().max(1).optional(),
    provenance: z.string(),
  })
  .strict();
export type InferenceCalibration = z.infer<typeof inferenceCalibrationSchema>;

/** Measured points of one attention kernel: sequence length and achieved efficiency, in
 * increasing sequence length. */
export const attentionCurveSchema = z
  .array(z.object({ seq: z.number().int().positive(), efficiency: z.number().positive().max(1) }).strict())
  .min(1)
  .refine((pts) => pts.every((p, i) => i === 0 || p.seq > pts[i - 1].seq), {
    message: "points in strictly increasing seq",
  });

/** One fitted value: the key path inside the family (e.g. `gemm.fp8.max`), on what it rests. */
export const fittedEntrySchema = z
  .object({
    param: z.string(),
    value: z.number(),
    /** measurements it was fitted on */
    n: z.number().int().nonnegative(),
    /** what they were (kinds, sources) */
    on: z.string().optional(),
  })
  .strict();
export type FittedEntry = z.infer<typeof fittedEntrySchema>;

/** A prediction interval from cross-validated residuals: predicted × [low, high] covers 90%. */
export const intervalSchema = z
  .object({ low: z.number().positive(), high: z.number().positive(), n: z.number().int().nonnegative() })
  .strict();
export type IntervalRatio = z.infer<typeof intervalSchema>;

export const familyCalibrationSchema = z
  .object({
    family: z.string(),
    appliesTo: z.array(z.string()),
    /** per dtype; a dtype absent here uses `default` */
    gemm: z.record(z.string(), gemmEfficiencySchema),
    /** flash-attention kernel efficiency relative to the matmul peak of the dtype (fwd; bwd uses the same) */
    attention: z.number().positive().max(1),
    /** FlashAttention-2-class attention (stack attention "sdpa", PyTorch's, or "fa2", the library
     * itself) relative to `attention`, where it is slower than the engines' fused kernels (on
     * Hopper); default 1 */
    sdpa: z.number().positive().max(1).optional(),
    /** measured forward-and-backward rates of the flash-style kernels (causal, head dim 128) over
     * the 16-bit dense peak, by sequence length: flash (the engines' fused kernel), fa2
     * (FlashAttention-2, PyTorch's sdpa), fa1 (FlashAttention 1.x and the Triton FlashAttention);
     * where a kernel has points they replace `attention` (and `sdpa`) for it
     * (src/hardware/attention-rate.ts) */
    attentionCurves: z
      .object({
        flash: attentionCurveSchema.optional(),
        fa2: attentionCurveSchema.optional(),
        fa1: attentionCurveSchema.optional(),
      })
      .strict()
      .optional(),
    /** achieved / spec HBM bandwidth for streaming kernels */
    memory: z.number().positive().max(1),
    /** achieved / spec bandwidth for collectives on the scale-up fabric and on the NICs */
    scaleUp: z.number().positive().max(1),
    scaleOut: z.number().positive().max(1),
    /** the family's engines overlap sequence-parallel TP all-gather/reduce-scatter with the
     * adjacent GEMMs (Transformer Engine userbuffers, Megatron-LM --tp-comm-overlap) */
    tpCommOverlap: z.boolean().optional(),
    /** measured bus bandwidth (GB/s, nccl-tests/hccl-tests convention) of an all-reduce among n members
     * of a full-mesh scale-up domain: replaces spec × scaleUp for such groups, interpolated in n */
    scaleUpMeasured: z
      .array(z.object({ members: z.number().int().min(2), busGBps: z.number().positive() }).strict())
      .optional(),
    /** per-collective-step latency, seconds */
    latencySeconds: z.number().nonnegative(),
    /** host side of training: time to issue one kernel from an x86 host (framework, dispatcher,
     * launch) and one host-device synchronisation (src/train/step-terms.ts) */
    host: z
      .object({
        secondsPerKernel: z.number().nonnegative(),
        syncSeconds: z.number().nonnegative(),
        /** families naming the same pool share one fitted host cost: the host runs the same
         * framework and launch path on the same CPUs whatever the accelerator generation */
        pool: z.string().optional(),
        /** a Grace (Arm Neoverse V2) host's per-operation cost over the x86 one (default 1.4,
         * src/train/evaluate.ts HOST_CPU_FACTOR); fitted where Grace runs inform it, never below 1
         * (src/calibrate/fit-targets.ts) */
        grace: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    /** per-step framework overhead at inference (kernel launches, scheduler), seconds */
    decodeStepOverheadSeconds: z.number().nonnegative().optional(),
    provenance: z.string(),
    /** values fitted on measurements (`npm run fit`, `xpuplan calibrate`), applied over the priors
     * above; the priors stay so that cross-validation can refit without the held-out cases */
    fitted: z.array(fittedEntrySchema).optional(),
    /** serving-time efficiencies where they differ from the training priors */
    inference: inferenceCalibrationSchema.optional(),
  })
  .strict();

export const calibrationSchema = z
  .object({
    /** the day the values last changed (YYYY-MM-DD), data the reports print: the engine has no clock */
    updated: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
      .optional(),
    families: z.array(familyCalibrationSchema),
    default: familyCalibrationSchema,
    /** 90% prediction intervals per regime (src/calibrate/intervals.ts), from cross-validation */
    intervals: z.record(z.string(), intervalSchema).optional(),
  })
  .strict();

export type GemmEfficiency = z.infer<typeof gemmEfficiencySchema>;
export type FamilyCalibration = z.infer<typeof familyCalibrationSchema>;
export type Calibration = z.infer<typeof calibrationSchema>;

/** The calibration of a device id: the family listing it (its fitted values applied over its
 * priors), else the default (said so). */
export function calibrationFor(
  cal: Calibration,
  deviceId: string,
): { family: FamilyCalibration; isDefault: boolean } {
  const f = cal.families.find((x) => x.appliesTo.includes(deviceId));
  return f
    ? { family: effectiveFamily(f), isDefault: false }
    : { family: effectiveFamily(cal.default), isDefault: true };
}

const effective = new WeakMap<FamilyCalibration, FamilyCalibration>();

/** A family with its `fitted` values written into the keys they name (memoised: the search
 * calls this for every candidate). */
export function effectiveFamily(f: FamilyCalibration): FamilyCalibration {
  if (!f.fitted || f.fitted.length === 0) return f;
  let e = effective.get(f);
  if (!e) {
    e = structuredClone(f);
    for (const x of f.fitted) setParam(e, x.param, x.value);
    effective.set(f, e);
  }
  return e;
}

/** Writes `value` at the dotted key path; a missing gemm dtype starts as a copy of gemm.default. */
export function setParam(f: FamilyCalibration, param: string, value: number): void {
  const path = param.split(".");
  if (path[0] === "gemm" && path.length === 3 && !f.gemm[path[1]]) {
    f.gemm[path[1]] = { ...gemmEfficiency(f, path[1]) };
  }
  let cur = f as unknown as Record<string, unknown>;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== "object" || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

/** The value at a dotted key path of the family as the engine sees it (fitted applied). */
export function getParam(f: FamilyCalibration, param: string): number | undefined {
  const path = param.split(".");
  const e = effectiveFamily(f);
  if (path[0] === "gemm" && path.length === 3)
    return (gemmEfficiency(e, path[1]) as Record<string, number>)[path[2]];
  let cur: unknown = e;
  for (const k of path) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return typeof cur === "number" ? cur : undefined;
}

export function gemmEfficiency(f: FamilyCalibration, dtype: string): GemmEfficiency {
  return f.gemm[dtype] ?? f.gemm.default ?? { max: 0.6, overheadSeconds: 5e-6 };
}
