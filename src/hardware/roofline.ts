// Roofline with a fixed per-kernel cost (Williams, Waterman & Patterson 2009, "Roofline"):
// t = max(F / (peak·eff), bytes / (bw·effMem)) + t0. The t0 term is what makes small, skinny
// matmuls inefficient; its value per device family is in catalog/calibration.yaml.
export interface Engine {
  /** FLOP/s achieved by a large matmul at this dtype */
  matmulFlopsPerSecond: number;
  /** FLOP/s achieved by the attention kernel */
  attentionFlopsPerSecond: number;
  /** achieved HBM bytes per second */
  memoryBytesPerSecond: number;
  /** fixed cost per kernel, seconds */
  kernelSeconds: number;
}

/** Time of one matmul C[m,n] = A[m,k]·B[k,n] with elements of `bytesPerElement`. */
export function matmulSeconds(
  e: Engine,
  m: number,
  k: number,
  n: number,
  bytesPerElement: number,
  count = 1,
): number {
  if (m <= 0 || k <= 0 || n <= 0 || count <= 0) return 0;
  const flops = 2 * m * k * n;
  const bytes = (m * k + k * n + m * n) * bytesPerElement;
  return count * (Math.max(flops / e.matmulFlopsPerSecond, bytes / e.memoryBytesPerSecond) + e.kernelSeconds);
}

/** Time of a memory-bound pass over `bytes` (read + write counted by the caller). */
export function streamSeconds(e: Engine, bytes: number, kernels = 1): number {
  if (bytes <= 0) return 0;
  return bytes / e.memoryBytesPerSecond + kernels * e.kernelSeconds;
}
