// Inference-time efficiencies of a device family where serving measurements differ from the
// training priors: the family's `inference` block in catalog/calibration.yaml (written by
// `npm run fit`). Families without one use their training calibration unchanged.
import type { FamilyCalibration } from "../hardware/calibration.ts";

/** The family with its inference efficiencies applied. */
export function inferenceFamily(family: FamilyCalibration): FamilyCalibration {
  const inf = family.inference;
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
  return family.inference?.mlaDecodeAttention ?? family.attention;
}
