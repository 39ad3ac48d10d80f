// What a plan search minimises. Every objective is a job total (for train.tokens, or for a
// nominal 1e12 tokens when the scenario gives none), so one number ranks plans of different
// device counts: wall days, USD, MWh, device-hours, or wall days once failures and
// checkpoints are counted (src/reliability goodput).

export const OBJECTIVES = ["time", "cost", "energy", "device-hours", "goodput-time"] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Tokens a search plans for when the scenario gives no train.tokens: per-trillion-token figures. */
export const NOMINAL_TOKENS = 1e12;

export interface PlanFigures {
  days: number;
  deviceHours: number;
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
      return f.costUSD !== undefined
        ? { value: f.costUSD, basis: "USD" }
        : { value: f.deviceHours, basis: "device-hours (no price for the device)" };
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
