// Inference-time efficiencies of a device family where serving measurements differ from the
// training priors of catalog/calibration.yaml (decode-shaped GEMMs, generation attention
// kernels). A family's own `inference` block wins when the calibration schema carries one;
// until then this table holds the fitted values with their provenance. Keyed by family, never
// by case or model; families absent here use their training calibration unchanged.
import type { FamilyCalibration } from "../hardware/calibration.ts";

export interface InferenceCalibration {
  /** achieved / dense peak of the matmuls at inference, per dtype */
  gemm?: Record<string, number>;
  /** attention kernels at inference (prefill, GQA decode), relative to the 16-bit peak */
  attention?: number;
  /** absorbed-MLA generation kernels (MQA over the latent), relative to the 16-bit peak */
  mlaDecodeAttention?: number;
  provenance: string;
}

export const INFERENCE_CALIBRATION: Record<string, InferenceCalibration> = {
  "nvidia-blackwell": {
    gemm: { fp4: 0.42 },
    mlaDecodeAttention: 0.13,
    provenance:
      "fitted on TensorRT-LLM B200 measurements (shared/validation/cases/infer): NVFP4 GEMMs from the " +
      "Llama 3.3 70B TP1 and Llama 3.1 405B TP4 1000/1000 rows (perf-overview.md, v1.0 tables); MLA generation " +
      "from the two DeepSeek-R1 NVFP4 max-throughput rows (Best_perf_practice_on_DeepSeek-R1, commit b6261862), " +
      "whose per-sequence costs at 16-bit and fp8 KV an MLA-bound step reproduces with one value. Tech blog 3 " +
      "credits FP8 attention with only +6% end to end, so the value also absorbs other per-sequence losses of " +
      "that software generation (eager iterations with attention DP); FlashMLA-class kernels reach 0.6+. " +
      "Held out: the other Llama and Qwen3-235B B200 rows of perf-overview.md stay within ~15%.",
  },
};

/** The family with its inference efficiencies applied. */
export function inferenceFamily(family: FamilyCalibration): FamilyCalibration {
  const own = (family as FamilyCalibration & { inference?: InferenceCalibration }).inference;
  const inf = own ?? INFERENCE_CALIBRATION[family.family];
  if (!inf) return family;
  const gemm = { ...family.gemm };
  for (const [dtype, max] of Object.entries(inf.gemm ?? {})) {
    const base = family.gemm[dtype] ?? family.gemm.default ?? { max, overheadSeconds: 5e-6 };
    gemm[dtype] = { ...base, max };
  }
  return { ...family, gemm, attention: inf.attention ?? family.attention };
}

/** The absorbed-MLA generation efficiency of a family: its own value, else its attention efficiency. */
export function mlaDecodeEfficiency(family: FamilyCalibration): number {
  const own = (family as FamilyCalibration & { inference?: InferenceCalibration }).inference;
  return (own ?? INFERENCE_CALIBRATION[family.family])?.mlaDecodeAttention ?? family.attention;
}
