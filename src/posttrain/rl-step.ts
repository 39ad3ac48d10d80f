// One RL step from its phases, by placement and staleness (Noukhovitch et al. 2025, "Asynchronous
// RLHF", arXiv:2410.18252). Synchronous (on-policy): generation, scoring (old-policy and reference
// log-probs, reward model), the update, the weight transfer (and, colocated, the swap) run one
// after another. One-step off-policy on separate fleets (NeMo-RL async GRPO; StreamRL
// arXiv:2504.15930): the rollout fleet generates step k+1 with the weights of step k while the
// trainer scores and learns on step k, so a step takes max(generation, scoring + update +
// transfer). Colocated devices cannot do both at once: an off-policy step there takes as long as a
// synchronous one.
export const PHASES = ["generation", "logProbs", "reward", "update", "transfer", "swap"] as const;
export type Phase = (typeof PHASES)[number];
export type PhaseSeconds = Record<Phase, number>;

export const PHASE_NAMES: Record<Phase, string> = {
  generation: "rollout generation",
  logProbs: "old-policy and reference log-probs",
  reward: "reward model",
  update: "policy update",
  transfer: "weight transfer trainer → rollout",
  swap: "colocated offload/onload",
};

export interface RlStep {
  stepSeconds: number;
  /** generation overlaps the trainer's work */
  overlapped: boolean;
  /** share of the step the rollout devices generate */
  rolloutBusyFraction: number;
  /** share of the step the trainer devices compute (scoring and update) */
  trainerBusyFraction: number;
  /** the phase that sets the step: the longest one on the critical path */
  bottleneck: Phase;
}

export function rlStep(
  p: PhaseSeconds,
  placement: "colocated" | "disaggregated",
  offPolicySteps: 0 | 1,
): RlStep {
  const trainerPath: Phase[] = ["logProbs", "reward", "update", "transfer"];
  const trainerSeconds = trainerPath.reduce((s, k) => s + p[k], 0);
  const overlapped = placement === "disaggregated" && offPolicySteps > 0;
  const serial = PHASES.reduce((s, k) => s + p[k], 0);
  const stepSeconds = overlapped ? Math.max(p.generation, trainerSeconds + p.swap) : serial;
  const longest = (ks: readonly Phase[]) => ks.reduce((a, b) => (p[b] > p[a] ? b : a));
  const bottleneck = overlapped
    ? p.generation >= trainerSeconds + p.swap
      ? "generation"
      : longest([...trainerPath, "swap"])
    : longest(PHASES);
  const busy = (x: number) => (stepSeconds > 0 ? x / stepSeconds : 0);
  return {
    stepSeconds,
    overlapped,
    rolloutBusyFraction: busy(p.generation),
    trainerBusyFraction: busy(p.logProbs + p.reward + p.update),
    bottleneck,
  };
}
