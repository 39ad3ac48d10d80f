// Restart cost after an interruption: detect + reschedule + reload + warm up (the decomposition
// of Huawei MindCluster's "resumable training" guide, T1..T4 plus detection). A hot spare turns
// the reschedule into a swap to a standby node (TrainMover, arXiv 2412.12636).
import type { Seconds } from "../units.ts";

export interface RestartInput {
  detectSeconds: Seconds;
  rescheduleSeconds: Seconds;
  spareSwapSeconds: Seconds;
  reloadSeconds: Seconds;
  warmupSeconds: Seconds;
  /** spare nodes held ready; >= 1 means a failed node is swapped, not rescheduled */
  hotSpares: number;
  /** the scenario's restartMinutes: when set, the whole restart, replacing the sum */
  overrideSeconds?: Seconds;
}

/** Phases are null when the scenario gave the whole restart time (restartMinutes). */
export interface RestartCost {
  detectSeconds: Seconds | null;
  rescheduleSeconds: Seconds | null;
  reloadSeconds: Seconds | null;
  warmupSeconds: Seconds | null;
  /** an unplanned interruption: every phase */
  totalSeconds: Seconds;
  /** a planned stop: nothing to detect */
  plannedSeconds: Seconds;
  overridden: boolean;
}

export function restartCost(input: RestartInput): RestartCost {
  const reschedule = input.hotSpares >= 1 ? input.spareSwapSeconds : input.rescheduleSeconds;
  if (input.overrideSeconds !== undefined) {
    const o = input.overrideSeconds;
    return {
      detectSeconds: null,
      rescheduleSeconds: null,
      reloadSeconds: null,
      warmupSeconds: null,
      totalSeconds: o,
      plannedSeconds: o,
      overridden: true,
    };
  }
  const afterDetect = reschedule + input.reloadSeconds + input.warmupSeconds;
  return {
    detectSeconds: input.detectSeconds,
    rescheduleSeconds: reschedule,
    reloadSeconds: input.reloadSeconds,
    warmupSeconds: input.warmupSeconds,
    totalSeconds: input.detectSeconds + afterDetect,
    plannedSeconds: afterDetect,
    overridden: false,
  };
}
