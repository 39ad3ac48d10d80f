// Kernels one inference step launches on a device, counted from the model's layers as the
// serving engines fuse them (vLLM/SGLang model files: fused QKV and gate-up projections, fused
// residual-add + RMSNorm, one attention kernel, one activation-and-mul): what an un-graphed
// (eager) step must issue from the host one by one. MLA (DeepSeek-V2 Sec. 2.1) adds its low-rank
// projections and their norms; a MoE layer adds the router, top-k, token permutation, the
// grouped expert GEMMs and the combine; TP adds two all-reduces per layer, EP a dispatch and a
// combine.
import type { Arch } from "../model/arch.ts";
import { layerKinds } from "../model/layer-kinds.ts";
import type { InferLayout } from "./layout.ts";

function attentionKernels(arch: Arch): number {
  // norm, QKV projection, rotary + cache write, attention, output projection
  if (arch.attention?.kind === "mla") {
    // norm, q_a, q_a norm, q_b, kv_a, kv_a norm, rotary + cache write, attention, kv_b (absorbed), o
    return arch.attention.qLoraRank ? 10 : 8;
  }
  return 5;
}

const DENSE_MLP = 4; // post-attention add+norm, gate-up, activation, down
const MOE_MLP = 8; // add+norm, router, top-k, permute, two grouped GEMMs with the activation between, combine

/** Kernels of one step on the busiest pipeline stage, LM head and sampling included. */
export function kernelsPerStep(arch: Arch, layout: InferLayout): number {
  const kinds = layerKinds(arch);
  const perStage = layout.stages.length > 0 ? layout.stages : [kinds];
  let most = 0;
  perStage.forEach((stage, s) => {
    let k = 0;
    for (const kind of stage) {
      k += attentionKernels(arch);
      if (kind === "moe" && arch.moe) {
        k += MOE_MLP + (arch.moe.sharedExperts > 0 ? 3 : 0);
        if (layout.ep > 1) k += 2;
      } else k += DENSE_MLP;
      if (layout.tp > 1) k += 2;
    }
    // embedding on the first stage; final norm, LM head and sampling (softmax/top-k/top-p, argmax) on the last
    if (s === 0) k += 1;
    if (s === perStage.length - 1) k += 5;
    most = Math.max(most, k);
  });
  return most;
}
