// A cheap lower bound on the busiest device's memory: model state alone (ZeRO sharding per
// Rajbhandari et al. 2020 Sec. 3.1, via src/model/state-bytes.ts) of an average pipeline stage,
// plus the fixed workspace. The busiest device holds at least the average, and every split
// here is at least as fine as the engine's (replicated MLA down-projections and routers are
// divided by tp here, held whole there), so a bound over capacity proves hbm_overflow without
// a full evaluation. Activations are left out: they only add.
import type { Arch } from "../model/arch.ts";
import { attentionParams } from "../model/attention-params.ts";
import { layerKinds } from "../model/layer-kinds.ts";
import { mlpParams } from "../model/mlp-params.ts";
import { stateBytesPerDevice } from "../model/state-bytes.ts";
import { WORKSPACE_BYTES } from "../train/memory.ts";
import type { Structure, TrainPrecision, ZeroStage } from "./space.ts";

/** Parameters of the whole model split into what tp divides (dense) and what ep divides (routed experts). */
export interface ParamSplit {
  dense: number;
  expert: number;
}

export function paramSplit(arch: Arch): ParamSplit {
  const att = attentionParams(arch).matmul;
  let dense = 0;
  let expert = 0;
  const moeLayer = mlpParams(arch, "moe");
  for (const kind of layerKinds(arch)) {
    const m = kind === "moe" ? moeLayer : mlpParams(arch, "dense");
    dense += att + m.dense + m.router + m.sharedExperts;
    expert += m.routedExperts;
  }
  // Embedding and LM head: the head is a separate matrix unless tied (a one-stage run then holds one).
  dense += arch.vocab * arch.hidden * (arch.tiedEmbeddings ? 1 : 2);
  const mtp = arch.mtp ?? 0;
  if (mtp > 0) {
    // MTP module: a block shaped like the last layer plus its 2h x h projection.
    dense +=
      mtp * (att + moeLayer.router + moeLayer.sharedExperts + moeLayer.dense + 2 * arch.hidden * arch.hidden);
    expert += mtp * moeLayer.routedExperts;
  }
  return { dense, expert };
}

export function stateLowerBoundBytes(
  split: ParamSplit,
  s: Structure,
  zero: ZeroStage,
  precision: TrainPrecision,
  parameterCopies: number,
): number {
  const dense = stateBytesPerDevice({
    params: (split.dense / (s.tp * s.pp)) * parameterCopies,
    dpShard: s.dp * s.cp,
    zero,
    precision,
  });
  const expert = stateBytesPerDevice({
    params: (split.expert / (s.ep * s.pp)) * parameterCopies,
    dpShard: Math.max(1, (s.dp * s.cp * s.tp) / s.ep),
    zero,
    precision,
  });
  return dense.total + expert.total + WORKSPACE_BYTES;
}
