// Model state per device under mixed-precision Adam and ZeRO, Rajbhandari et al. 2020 ("ZeRO:
// Memory Optimizations Toward Training Trillion Parameter Models") Sec. 3.1 and Fig. 1, with
// Megatron-LM's main gradients kept in fp32 (its default; docs/source/api-guide/dist_optimizer.md:
// "fp16/bf16 params, fp32 grads: 6 + 12/d bytes per parameter").
import type { Bytes } from "../units.ts";

/** Matmul precision of training; fp8/fp4 runs still keep 16-bit weights plus fp32 master weights. */
export type StatePrecision = "fp32" | "bf16" | "fp16" | "fp8" | "fp4";
export type ZeroStage = 0 | 1 | 2 | 3;

export interface StateBytesInput {
  /** Parameters this device holds before data-parallel sharding (after TP/PP/EP splits). */
  params: number;
  /** Size of the group the sharded states are spread over (data parallel, x cp in Megatron). */
  dpShard: number;
  /** 1: optimizer states sharded (Megatron distributed optimizer); 2: + gradients; 3: + weights. */
  zero: ZeroStage;
  precision?: StatePrecision;
  /** Bytes of each stored gradient; default 4 (fp32 main grads), 2 for bf16 gradient accumulation. */
  gradientBytesPerParam?: number;
  /** Adam moments in bf16 instead of fp32 (DeepSeek-V3 Sec. 3.3.3): 8 optimizer bytes, not 12 */
  bf16Moments?: boolean;
}

export interface StateBytes {
  weights: Bytes;
  gradients: Bytes;
  /** fp32 master weights (mixed precision only) + Adam m and v, 4 bytes each. */
  optimizer: Bytes;
  total: Bytes;
}

export function stateBytesPerParam(precision: StatePrecision = "bf16"): {
  weights: number;
  optimizer: number;
} {
  // fp32 training: the weights are the master copy, so the optimizer holds only m and v.
  return precision === "fp32" ? { weights: 4, optimizer: 8 } : { weights: 2, optimizer: 12 };
}

export function stateBytesPerDevice(input: StateBytesInput): StateBytes {
  const { params, dpShard, zero } = input;
  if (!(dpShard >= 1)) throw new Error(`dpShard must be >= 1, got ${dpShard}`);
  if (!(params >= 0)) throw new Error(`params must be >= 0, got ${params}`);
  const per = stateBytesPerParam(input.precision);
  const gradientBytes = input.gradientBytesPerParam ?? 4;
  const shard = (stage: number) => (zero >= stage ? dpShard : 1);
  const weights = (params * per.weights) / shard(3);
  const gradients = (params * gradientBytes) / shard(2);
  const optimizerPerParam = input.bf16Moments && per.optimizer === 12 ? 8 : per.optimizer;
  const optimizer = (params * optimizerPerParam) / shard(1);
  return { weights, gradients, optimizer, total: weights + gradients + optimizer };
}
