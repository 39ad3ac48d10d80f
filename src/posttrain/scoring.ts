// Scoring before the update, GRPO (Shao et al. 2024, "DeepSeekMath", arXiv:2402.03300 Sec. 4.1):
// forward passes only on the trainer fleet, over the same packed sequences as the update. The old
// policy's and the frozen reference's log-probs (the ratio and KL terms) are each one
// forward of the policy, a third of a training step (backward = 2 × forward, Narayanan et al. 2021
// Sec. 5.1). A reward model's forward runs at the update's achieved model-FLOP rate. Rule-based
// rewards (answer matching, unit tests; DeepSeek-R1 Sec. 2.2.2) run on CPUs alongside: free.
import type { Arch } from "../model/arch.ts";
import { modelFlopsPerToken } from "../model/model-flops.ts";
import type { UpdatePlan } from "./update.ts";

export interface Scoring {
  /** forward passes of the policy's architecture (old policy, reference) */
  logProbPasses: number;
  logProbSeconds: number;
  rewardSeconds: number;
}

export function scoringSeconds(update: UpdatePlan, logProbPasses: number, rewardArch?: Arch): Scoring {
  const step = update.train.metrics.stepTimeSeconds;
  const forwardOfBatch = (update.miniBatches * step) / 3;
  let rewardSeconds = 0;
  if (rewardArch) {
    const fleetFlopsPerSecond = update.train.metrics.flopsPerStep / step;
    const tokens = update.sequences * update.seqLen;
    rewardSeconds = (modelFlopsPerToken(rewardArch, update.seqLen).total * tokens) / fleetFlopsPerSecond;
  }
  return { logProbPasses, logProbSeconds: logProbPasses * forwardOfBatch, rewardSeconds };
}
