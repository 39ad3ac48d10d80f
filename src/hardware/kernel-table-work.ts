// What "more work" means along each axis of each kernel table: the exponent by which FLOPs (compute-
// bound kernels) or bytes (memory-bound kernels and collectives) grow with the axis. Used to fill holes
// in a grid (kernel-table-build.ts) and to extrapolate beyond its top edge (kernel-table-interp.ts).
// FLOP counts: GEMM 2mnk; causal prefill attention 4·b·h·s²·d/2 (Dao 2022, FlashAttention-2 §4 counts
// causal as half of 4·b·h·s²·d); decode attention 4·b·h·L·d; gated expert FFN 3 GEMMs of t·h·i each.
import type { AxisGrowth } from "./kernel-table-interp.ts";
import type { KernelOp } from "./kernel-table-schema.ts";

/** A collective's time grows with ranks through the ring factor (n−1)/n of the bytes each rank
 * sends (Patarasuk & Yuan 2009); beyond the measured ranks scale by that ratio. */
export const ringGrowth: AxisGrowth = (x, edge) => ((x - 1) / x) * (edge / (edge - 1 || 1));

const collective = { bytes: 1, ranks: ringGrowth };

export const KERNEL_OP_GROWTH: Record<KernelOp, Readonly<Record<string, AxisGrowth>>> = {
  gemm: { m: 1, n: 1, k: 1 },
  "grouped-gemm": { tokensPerExpert: 1, experts: 1, hidden: 1, inter: 1 },
  // context attention: compute-bound, FLOPs ∝ s²; KV heads change no FLOPs
  "context-attention": { batch: 1, seq: 2, heads: 1, kvHeads: 0, headDim: 1 },
  // decode attention: memory-bound on the KV cache, bytes ∝ b·L·kvHeads·d; query heads add no bytes
  "generation-attention": { batch: 1, kvLength: 1, heads: 0, kvHeads: 1, headDim: 1 },
  "context-mla": { batch: 1, seq: 2, heads: 1 },
  // absorbed MLA decode does per-head work on the shared latent, so heads count too
  "generation-mla": { batch: 1, kvLength: 1, heads: 1 },
  "custom-all-reduce": collective,
  "nccl-all-reduce": collective,
  "nccl-all-gather": collective,
  "nccl-reduce-scatter": collective,
  "nccl-all-to-all": collective,
  "memory-copy": { bytes: 1 },
  "memory-read": { bytes: 1 },
};

/** Axes along which latency need not grow: the number of query heads per KV head picks the kernel
 * path, so neither head count orders the latency. On H200 (TensorRT-LLM 1.3, FP8 cache) decode with
 * 64 query heads over 1 KV head reads the cache at 0.05 TB/s, 64 over 8 at 2.8 TB/s; 16 over 8 reaches
 * 4.25 TB/s where 8 over 8 (plain MHA) stays at 2.8 TB/s. Forcing such an axis to be non-decreasing
 * would copy the slow path's latency onto every shape above it. Prefill attention is compute-bound
 * and its FLOPs grow with the query heads, so only its KV-head axis is free. */
export const KERNEL_OP_FREE_AXES: Partial<Record<KernelOp, readonly string[]>> = {
  "context-attention": ["kvHeads"],
  "generation-attention": ["heads", "kvHeads"],
};

export function gemmFlops(q: { m: number; n: number; k: number }): number {
  return 2 * q.m * q.n * q.k;
}

/** Gated expert FFN (gate and up projections, then down): 3 GEMMs of 2·t·h·i FLOPs per expert. */
export function groupedGemmFlops(q: {
  tokensPerExpert: number;
  experts: number;
  hidden: number;
  inter: number;
}): number {
  return 6 * q.tokensPerExpert * q.experts * q.hidden * q.inter;
}

/** Causal prefill attention forward FLOPs (QKᵀ and PV, half the matrix masked). */
export function contextAttentionFlops(q: {
  batch: number;
  seq: number;
  heads: number;
  headDim: number;
}): number {
  return 2 * q.batch * q.heads * q.seq * q.seq * q.headDim;
}

/** Bytes of K and V one decode step reads from the cache. */
export function generationAttentionBytes(q: {
  batch: number;
  kvLength: number;
  kvHeads: number;
  headDim: number;
  bytesPerElement: number;
}): number {
  return 2 * q.batch * q.kvLength * q.kvHeads * q.headDim * q.bytesPerElement;
}
