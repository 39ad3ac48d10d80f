// Memory of one inference device: its share of the weights (quantised linear layers, 16-bit
// embedding, LM head and norms, as ModelOpt/llm-compressor checkpoints keep them), the KV cache
// of the sequences it holds (kv-cache-bytes.ts; MLA's latent is replicated over tp), activations
// of one iteration and a fixed workspace. The KV pool takes KV_MEMORY_FRACTION of what is left,
// as TensorRT-LLM's kv_cache_free_gpu_mem_fraction (default 0.9) and vLLM's
// gpu_memory_utilization (default 0.9) do; a sequence reserves its whole prompt + output
// (TensorRT-LLM's GUARANTEED_NO_EVICT scheduler).
import { type Arch, headDim } from "../model/arch.ts";
import { type LayerKind, mtpLayerKind } from "../model/layer-kinds.ts";
import { ffnParams } from "../model/mlp-params.ts";
import { normParams } from "../model/norm-params.ts";
import { GiB } from "../units.ts";
import { kvElementsPerTokenPerLayerOnDevice } from "./layer-seconds.ts";
import type { InferLayout } from "./layout.ts";
import type { InferPrecision } from "./precision.ts";

export const KV_MEMORY_FRACTION = 0.9;
/** CUDA/CANN context, cuBLAS/NCCL/HCCL workspaces, CUDA graphs, allocator slack. */
export const INFER_WORKSPACE_BYTES = 2 * GiB;

export interface InferMemory {
  weightsGiB: number;
  kvCacheGiB: number;
  activationsGiB: number;
  workspaceGiB: number;
  totalGiB: number;
  capacityGiB: number;
}

function attentionWeights(arch: Arch, tp: number): number {
  const h = arch.hidden;
  const hl = arch.heads / tp;
  const att = arch.attention;
  if (att?.kind === "mla") {
    const qk = att.qkNopeHeadDim + att.qkRopeHeadDim;
    const q = att.qLoraRank ? h * att.qLoraRank + att.qLoraRank * hl * qk : h * hl * qk;
    return (
      q +
      h * (att.kvLoraRank + att.qkRopeHeadDim) +
      att.kvLoraRank * hl * (att.qkNopeHeadDim + att.vHeadDim) +
      hl * att.vHeadDim * h
    );
  }
  const hd = headDim(arch);
  return h * (hl + 2 * Math.max(1, arch.kvHeads / tp)) * hd + hl * hd * h;
}

/** Weight bytes of one layer of `kind` on one device. */
function layerWeightBytes(arch: Arch, l: InferLayout, p: InferPrecision, kind: LayerKind): number {
  const h = arch.hidden;
  let quantised = attentionWeights(arch, l.tp);
  let half = 2 * normParams(arch, h);
  if (kind === "moe" && arch.moe) {
    const m = arch.moe;
    half += h * m.experts;
    quantised += ffnParams(arch, h, (m.sharedExperts * m.expertFfn) / l.tp);
    quantised += l.maxLocalExperts * ffnParams(arch, h, m.expertFfn / l.expertTp);
  } else {
    quantised += ffnParams(arch, h, arch.ffn / l.tp);
  }
  return quantised * p.weightBytes + half * 2;
}

/** Weight bytes of the busiest device (stage); `mtp`: the MTP modules are loaded (draft decoding). */
export function weightBytesPerDevice(arch: Arch, l: InferLayout, p: InferPrecision, mtp = false): number {
  const table = (arch.vocab * arch.hidden * 2) / l.tp;
  let most = 0;
  l.stages.forEach((kinds, s) => {
    let b = kinds.reduce((x, k) => x + layerWeightBytes(arch, l, p, k), 0);
    if (s === 0) b += table;
    if (s === l.stages.length - 1) {
      if (!arch.tiedEmbeddings || l.pp > 1) b += table;
      if (mtp) {
        const block = layerWeightBytes(arch, l, p, mtpLayerKind(arch));
        b += (arch.mtp ?? 0) * (block + 2 * arch.hidden * arch.hidden * p.weightBytes);
      }
    }
    most = Math.max(most, b);
  });
  return most;
}

/** KV-cache bytes per cached token on the busiest device. */
export function kvBytesPerTokenPerDevice(arch: Arch, l: InferLayout, p: InferPrecision, mtp = false): number {
  const perLayer = kvElementsPerTokenPerLayerOnDevice(arch, l.tp) * p.kvBytes;
  let most = 0;
  l.stages.forEach((kinds, s) => {
    const layers = kinds.length + (mtp && s === l.stages.length - 1 ? (arch.mtp ?? 0) : 0);
    most = Math.max(most, layers * perLayer);
  });
  return most;
}

/** Live activations of one iteration of `tokens` tokens with `logitRows` logits (fp32). */
export function activationBytes(arch: Arch, l: InferLayout, tokens: number, logitRows: number): number {
  const ffn = Math.max(arch.ffn / l.tp, arch.moe ? (arch.moe.expertFfn * arch.moe.topK) / l.expertTp : 0);
  return tokens * (8 * arch.hidden + 3 * ffn) * 2 + logitRows * (arch.vocab / l.tp) * 4;
}

export interface MemoryDemand {
  weightBytes: number;
  kvBytesPerToken: number;
  /** sequences whose KV this device holds */
  sequences: number;
  /** tokens each sequence reserves */
  tokensPerSequence: number;
  activationBytes: number;
  capacityBytes: number;
}

export function inferenceMemory(d: MemoryDemand): InferMemory & { fits: boolean; kvBudgetBytes: number } {
  const kv = d.sequences * d.tokensPerSequence * d.kvBytesPerToken;
  const free = d.capacityBytes - d.weightBytes - INFER_WORKSPACE_BYTES - d.activationBytes;
  const kvBudgetBytes = Math.max(0, KV_MEMORY_FRACTION * free);
  const total = d.weightBytes + kv + d.activationBytes + INFER_WORKSPACE_BYTES;
  return {
    weightsGiB: d.weightBytes / GiB,
    kvCacheGiB: kv / GiB,
    activationsGiB: d.activationBytes / GiB,
    workspaceGiB: INFER_WORKSPACE_BYTES / GiB,
    totalGiB: total / GiB,
    capacityGiB: d.capacityBytes / GiB,
    fits: free > 0 && kv <= kvBudgetBytes,
    kvBudgetBytes,
  };
}
