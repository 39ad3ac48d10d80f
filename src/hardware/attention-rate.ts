// The rate of a training attention kernel (forward and backward, causal) as a fraction of the
// device's 16-bit dense peak, by kernel generation and sequence length. Flash-style kernels
// stream the keys tile by tile: short sequences give each query tile few key tiles to amortise
// its prologue and epilogue, so the rate climbs with the sequence (Dao 2023, FlashAttention-2,
// Fig. 4 and 7: FlashAttention-2 on A100 from 99 TFLOP/s at 512 tokens to 189 at 16k, causal,
// head dim 128). Where a family lists measured points for the kernel (catalog/calibration.yaml
// attentionCurves) the rate is read off them, log-linear in the sequence length and flat past
// the ends; elsewhere the family's constants stand, as before.
import type { FamilyCalibration } from "./calibration.ts";

/** The kernels a training stack names (src/scenario/stack.ts attention, less "unfused"). */
export type FlashKernel = "flash" | "sdpa" | "fa2" | "fa1";

/** FlashAttention-1-generation kernels over FlashAttention-2 where a family has no curve of its
 * own for them: Dao 2023 Fig. 4(d) and 7(d), forward and backward, causal, head dim 128: on A100
 * FlashAttention 69/155 (2k) to 83/189 (16k) = 0.44-0.45, the Triton FlashAttention 68/155 to
 * 80/189 = 0.42-0.44; on H100 FlashAttention 108/265 to 137/328 = 0.41-0.44. */
export const FA1_OVER_FA2 = 0.44;

export interface AttentionRate {
  /** achieved forward-and-backward FLOP/s over the 16-bit dense peak */
  efficiency: number;
  /** where it came from: the family's measured points for this kernel, or its constant */
  basis: "curve" | "constant";
}

type Point = { seq: number; efficiency: number };

/** Log-linear interpolation in the sequence length over points sorted by `seq`; flat past the ends. */
export function interpolateCurve(points: readonly Point[], seq: number): number {
  if (points.length === 0) throw new Error("an attention curve needs at least one point");
  const first = points[0];
  const last = points[points.length - 1];
  if (!(seq > first.seq)) return first.efficiency;
  if (seq >= last.seq) return last.efficiency;
  for (let i = 1; i < points.length; i++) {
    const hi = points[i];
    if (seq <= hi.seq) {
      const lo = points[i - 1];
      const t = Math.log(seq / lo.seq) / Math.log(hi.seq / lo.seq);
      return lo.efficiency + t * (hi.efficiency - lo.efficiency);
    }
  }
  return last.efficiency;
}

/** The FlashAttention-2-class rate: the family's fa2 curve, else its fused-kernel constant times
 * its sdpa ratio (1 where the fused kernel is FlashAttention-2 itself). */
function fa2Rate(f: FamilyCalibration, seq: number): AttentionRate {
  const curve = f.attentionCurves?.fa2;
  if (curve) return { efficiency: interpolateCurve(curve, seq), basis: "curve" };
  return { efficiency: f.attention * (f.sdpa ?? 1), basis: "constant" };
}

/** The rate of `kernel` over sequences of `seq` tokens on a device of family `f`. */
export function attentionRate(f: FamilyCalibration, kernel: FlashKernel, seq: number): AttentionRate {
  const curves = f.attentionCurves;
  switch (kernel) {
    case "flash":
      return curves?.flash
        ? { efficiency: interpolateCurve(curves.flash, seq), basis: "curve" }
        : { efficiency: f.attention, basis: "constant" };
    case "sdpa":
    case "fa2":
      return fa2Rate(f, seq);
    case "fa1": {
      if (curves?.fa1) return { efficiency: interpolateCurve(curves.fa1, seq), basis: "curve" };
      const r = fa2Rate(f, seq);
      return { efficiency: r.efficiency * FA1_OVER_FA2, basis: r.basis };
    }
  }
}
