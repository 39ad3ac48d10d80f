// What a plan search minimises. Every objective is a job total (for train.tokens, or for a
// nominal 1e12 tokens when the scenario gives none), so one number ranks plans of different
// device counts: wall days, money (src/economics: rent or amortised capital plus energy, and the
// work interruptions cost when failure rates are known), MWh, device-hours, or wall days once
// failures and checkpoints are counted (src/reliability goodput).

export const OBJECTIVES = ["time", "cost", "energy", "device-hours", "goodput-time"] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Tokens a search plans for when the scenario gives no train.tokens: per-trillion-token figures. */
export const NOMINAL_TOKENS = 1e12;

export interface PlanFigures {
  days: number;
  deviceHours: number;
  /** the job's money without interruptions (src/economics jobCost) */
  costUSD?: number;
  energyMWh?: number;
  /** wall days with failures, restarts and checkpoints (goodput) */
  goodputDays?: number;
}

/** The value an objective ranks by (lower is better), and what stood in when a figure is missing. */
export function objectiveValue(o: Objective, f: PlanFigures): { value: number; basis: string } {
  switch (o) {
    case "time":
      return { value: f.days, basis: "days" };
    case "device-hours":
      return { value: f.deviceHours, basis: "device-hours" };
    case "cost":
      if (f.costUSD === undefined)
        return { value: f.deviceHours, basis: "device-hours (no price for the device: give one in costs:)" };
      // Lost work is paid at the job's own rate: wall days with failures over useful days.
      return f.goodputDays !== undefined && f.days > 0
        ? { value: (f.costUSD * f.goodputDays) / f.days, basis: "USD with interruptions" }
        : { value: f.costUSD, basis: "USD" };
    case "energy":
      return f.energyMWh !== undefined
        ? { value: f.energyMWh, basis: "MWh" }
        : { value: f.deviceHours, basis: "device-hours (no TDP for the device)" };
    case "goodput-time":
      return f.goodputDays !== undefined
        ? { value: f.goodputDays, basis: "days with failures" }
        : { value: f.days, basis: "days (no reliability data: failures left out)" };
  }
}

/** The cost axis of the time-vs-cost front: USD where the device has a price, else device-hours. */
export function costAxis(f: PlanFigures): number {
  return f.costUSD ?? f.deviceHours;
}
