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

type Point = { seq: number; efficiency: number };

export interface AttentionRate {
  /** achieved forward-and-backward FLOP/s over the 16-bit dense peak */
  efficiency: number;
  /** where it came from: the family's measured points for this kernel, or its constant */
  basis: "curve" | "constant";
}

/** A flash kernel's rate against its query tiles of 128 (sequences × heads × seq / 128) over its
 * rate at full occupancy, from this repository's H100 SDPA measurements
 * (catalog/measured/nvidia-h100-sxm.yaml, cuDNN and FlashAttention-2 alike): 512 tiles (batch ×
 * heads 32 at 2k) run at 0.80 of the 128-head rate (cuDNN 0.331 / 0.415, FlashAttention-2 0.186 /
 * 0.228), 1,024 tiles (64 at 2k, 32 at 4k) at 0.90-0.94, and from 2,048 up (128 at 2k, 64 at 4k,
 * 32 at 8k, 256 at 2k-8k) within 4% of it either way. Held flat below 512 tiles, where nothing was
 * measured. Every curve in the catalog is a full-occupancy curve: Dao 2023 holds 16k tokens × 16
 * heads a batch (2,048 tiles at every length), the H100 points from 2k up and cudnn-frontend's
 * GB200 run have batch × heads 128 (2,048 tiles or more), and the H100 points below 2k follow
 * Dao's shape. Written with `seq` for the tile count, read by interpolateCurve. */
export const OCCUPANCY_POINTS: readonly Point[] = [
  { seq: 512, efficiency: 0.8 },
  { seq: 1024, efficiency: 0.92 },
  { seq: 2048, efficiency: 1 },
];

/** The share of its full-occupancy rate a flash kernel reaches with `tiles` query tiles of 128. */
export function occupancy(tiles: number): number {
  return interpolateCurve(OCCUPANCY_POINTS, tiles);
}

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

/** The rate of `kernel` over sequences of `seq` tokens, `batchHeads` sequences × query heads
 * launched at once on a rank (default: enough to fill the device), on a device of family `f`. A
 * measured curve is a full-occupancy rate and takes the rank's occupancy; a family constant, taken
 * at no stated occupancy, stands as it is. */
export function attentionRate(
  f: FamilyCalibration,
  kernel: FlashKernel,
  seq: number,
  batchHeads = Number.POSITIVE_INFINITY,
): AttentionRate {
  const r = curveRate(f, kernel, seq);
  if (r.basis !== "curve") return r;
  return { ...r, efficiency: r.efficiency * occupancy((batchHeads * seq) / 128) };
}

function curveRate(f: FamilyCalibration, kernel: FlashKernel, seq: number): AttentionRate {
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
