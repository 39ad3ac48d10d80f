// Training FLOPs per token: backward = 2 x forward (Narayanan et al. 2021 Sec. 5.1); full
// recompute runs each transformer block's forward once more, so with the head not recomputed
// the GPT count is 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) (their Eq. 3 with recompute);
// selective recompute re-runs only the attention core (Korthikanti et al. 2022, Sec. 5).
import type { Flops } from "../units.ts";
import type { Arch } from "./arch.ts";
import type { AttentionCoreOptions } from "./attention-core-flops.ts";
import { type ForwardFlops, modelFlopsPerToken } from "./model-flops.ts";
import { mtpModuleParams } from "./param-counts.ts";

export type Recompute = "none" | "selective" | "full";

export interface TrainingFlopsOptions extends AttentionCoreOptions {
  recompute?: Recompute;
  /** Count the MTP modules; default true when the model has any (they run in every training step). */
  mtp?: boolean;
}

export interface TrainingFlops {
  forward: ForwardFlops;
  backward: Flops;
  /** Extra forward work re-done in the backward pass. */
  recompute: Flops;
  /** forward + backward: the "model FLOPs" of MFU (no recompute counted). */
  model: Flops;
  /** model + recompute: what the hardware executes. */
  hardware: Flops;
}

export function trainingFlopsPerToken(
  arch: Arch,
  seqLen: number,
  opts: TrainingFlopsOptions = {},
): TrainingFlops {
  const mtp = opts.mtp ?? (arch.mtp ?? 0) > 0;
  const forward = modelFlopsPerToken(arch, seqLen, { causal: opts.causal, mtp });
  const backward = 2 * forward.total;
  let recompute = 0;
  if (opts.recompute === "full") {
    const mtpHeadAndProjection = forward.lmHead + 2 * mtpModuleParams(arch).projection;
    recompute =
      forward.perLayer.reduce((s, l) => s + l.total, 0) +
      forward.mtp.reduce((s, l) => s + l.total - mtpHeadAndProjection, 0);
  } else if (opts.recompute === "selective") {
    recompute = [...forward.perLayer, ...forward.mtp].reduce((s, l) => s + l.attention, 0);
  }
  const model = forward.total + backward;
  return { forward, backward, recompute, model, hardware: model + recompute };
}
