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

export const familyCalibrationSchema = z
  .object({
    family: z.string(),
    appliesTo: z.array(z.string()),
    /** per dtype; a dtype absent here uses `default` */
    gemm: z.record(z.string(), gemmEfficiencySchema),
    /** flash-attention kernel efficiency relative to the matmul peak of the dtype (fwd; bwd uses the same) */
    attention: z.number().positive().max(1),
    /** achieved / spec HBM bandwidth for streaming kernels */
    memory: z.number().positive().max(1),
    /** achieved / spec bandwidth for collectives on the scale-up fabric and on the NICs */
    scaleUp: z.number().positive().max(1),
    scaleOut: z.number().positive().max(1),
    /** the family's engines overlap sequence-parallel TP all-gather/reduce-scatter with the
     * adjacent GEMMs (Transformer Engine userbuffers, Megatron-LM --tp-comm-overlap) */
    tpCommOverlap: z.boolean().optional(),
    /** per-collective-step latency, seconds */
    latencySeconds: z.number().nonnegative(),
    /** per-step framework overhead at inference (kernel launches, scheduler), seconds */
    decodeStepOverheadSeconds: z.number().nonnegative().optional(),
    provenance: z.string(),
    /** what `npm run fit` wrote, and on what */
    fitted: z.array(z.string()).optional(),
    /** serving-time efficiencies where they differ from the training priors */
    inference: inferenceCalibrationSchema.optional(),
  })
  .strict();

export const calibrationSchema = z
  .object({
    families: z.array(familyCalibrationSchema),
    default: familyCalibrationSchema,
  })
  .strict();

export type GemmEfficiency = z.infer<typeof gemmEfficiencySchema>;
export type FamilyCalibration = z.infer<typeof familyCalibrationSchema>;
export type Calibration = z.infer<typeof calibrationSchema>;

/** The calibration of a device id: the family listing it, else the default (said so). */
export function calibrationFor(
  cal: Calibration,
  deviceId: string,
): { family: FamilyCalibration; isDefault: boolean } {
  const f = cal.families.find((x) => x.appliesTo.includes(deviceId));
  return f ? { family: f, isDefault: false } : { family: cal.default, isDefault: true };
}

export function gemmEfficiency(f: FamilyCalibration, dtype: string): GemmEfficiency {
  return f.gemm[dtype] ?? f.gemm.default ?? { max: 0.6, overheadSeconds: 5e-6 };
}
