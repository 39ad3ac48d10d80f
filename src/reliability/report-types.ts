// The reliability entry point's input and output: plain data, documented field by field.
import type { Figure } from "../hardware/device.ts";
import type { Issue } from "../issues.ts";
import type { ReliabilitySpec } from "../scenario/schema.ts";
import type { Bytes } from "../units.ts";
import type { BreakEven } from "./break-even.ts";
import type { Component } from "./catalog-schema.ts";
import type { CheckpointTier } from "./checkpoint.ts";
import type { CountInterval } from "./count-interval.ts";
import type { RateBasis } from "./entry-rate.ts";
import type { IntervalChoice } from "./interval.ts";
import type { EntryGoodput } from "./range-goodput.ts";
import type { ObservationSummary, ResolvedRates } from "./rates-for.ts";
import type { StorageBasis } from "./storage-bandwidth.ts";
import type { CompletionSummary } from "./summary.ts";

/** The scenario's reliability block, before or after zod defaults. */
export type ReliabilitySpecInput = Partial<ReliabilitySpec>;

export interface ReliabilityInput {
  deviceId: string;
  vendor: string;
  devices: number;
  devicesPerNode: number;
  /**
   * Useful training days the job needs, when a train estimate gives them: the wall clock is then
   * useful / goodput. When absent, `spec.durationDays` is the calendar span to evaluate: the
   * useful work is span x goodput, and the Monte Carlo shows how long that work really takes.
   */
  durationDays?: number;
  /** whole training state: params x (weight bytes + optimizer bytes) */
  checkpointBytes: Bytes;
  spec: ReliabilitySpecInput;
  rates: ResolvedRates;
  /** the device's scale-out NIC rate per device, Gb/s (bits), for an in-memory checkpoint tier */
  scaleOutGbpsPerDevice?: number;
  /** other entries' rates to run the same plan at (the goodput of Ascend vs NVIDIA across ranges) */
  compare?: ResolvedRates[];
}

export interface Assumption {
  name: string;
  value: number;
  unit: string;
  /** "scenario" when the scenario set it */
  source: string;
  confidence: string;
}

export interface MonteCarloSummary extends CompletionSummary {
  seed: number;
  meanInterruptions: number;
  /** 5% and 95% quantiles of the unplanned interruptions per trial */
  interruptionsP05: number;
  interruptionsP95: number;
  /** true when each trial drew its own failure rate from the catalog range */
  rateDrawn: boolean;
}

export interface ReliabilityReport {
  deviceId: string;
  devices: number;
  devicesPerNode: number;
  nodes: number;
  durationBasis: "useful" | "calendar";
  rates: {
    entryId: string;
    scope: ResolvedRates["scope"];
    matched: string | null;
    vendorClaim: boolean;
    isDefault: boolean;
    unexpectedPerDeviceHour: Figure;
    plannedPerDeviceHour: Figure;
    failureRateMultiplier: number;
    sources: ResolvedRates["sources"];
    jobMtbfHours: number;
    basis: RateBasis;
    earlyFleetFactor: number | null;
    componentShares: Record<Component, number>;
    referenceDevicesPerNode: number;
    /** the published fleets behind the value and the range */
    observations: ObservationSummary[];
  };
  /** what the job holds and how much each part adds to its interruption rate */
  jobRate: {
    perHour: number;
    byUnit: { devices: number; nodes: number; links: number };
  };
  /** expected unplanned interruptions over the wall-clock span */
  interruptions: number;
  /** the same at the rate figure's low and high ends, where it has them */
  interruptionsRange: { low: number; high: number } | null;
  /** count interval holding with >= 90% probability for every rate in the range (Poisson) */
  interruptionsInterval: CountInterval;
  plannedInterruptions: number;
  byComponent: Record<Component, number>;
  /** the same at the rate range's ends (shares of the entry's breakdown) */
  byComponentRange: Record<Component, { low: number; high: number }>;
  checkpoint: {
    bytes: number;
    storageGBps: number;
    /** scenario (given), per-node (nodes x per-node bandwidth) or capped (the storage's job maximum) */
    storageBasis: StorageBasis;
    storagePerNodeGBps: number;
    storageCapGBps: number;
    tier: CheckpointTier;
    async: boolean;
    saveSeconds: number;
    blockingSeconds: number;
    durabilityLagSeconds: number;
    reloadSeconds: number;
  };
  restart: {
    detectSeconds: number | null;
    rescheduleSeconds: number | null;
    reloadSeconds: number | null;
    warmupSeconds: number | null;
    totalSeconds: number;
    plannedSeconds: number;
    overridden: boolean;
    hotSpares: number;
    spareDevices: number;
  };
  interval: {
    youngMinutes: number;
    dalyMinutes: number;
    optimalMinutes: number;
    usedMinutes: number;
    chosen: IntervalChoice;
  };
  lostWorkPerFailureSeconds: number;
  effectiveTrainingTimeFraction: number;
  /** device-hours held but not training (checkpoints, restarts, rework, planned stops), at the rate's low/value/high */
  lostDeviceHours: { value: number; low: number; high: number };
  /** the failure rate at which the expected wall clock reaches the deadline; null without a deadline */
  breakEven: BreakEven | null;
  /** this plan at its own entry's low, nominal and high rate */
  rangeGoodput: EntryGoodput;
  /** this plan at every compared entry's range (empty unless the caller passes `compare`) */
  comparison: EntryGoodput[];
  usefulDays: number;
  wallClockDays: number;
  monteCarlo: MonteCarloSummary | null;
  monteCarloSkipped: string | null;
  assumptions: Assumption[];
  warnings: Issue[];
}
