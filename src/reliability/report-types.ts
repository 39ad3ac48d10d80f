// The reliability entry point's input and output: plain data, documented field by field.
import type { Figure } from "../hardware/device.ts";
import type { Issue } from "../issues.ts";
import type { ReliabilitySpec } from "../scenario/schema.ts";
import type { Bytes } from "../units.ts";
import type { Component } from "./catalog-schema.ts";
import type { IntervalChoice } from "./interval.ts";
import type { ResolvedRates } from "./rates-for.ts";
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
  };
  /** expected unplanned interruptions over the wall-clock span */
  interruptions: number;
  /** the same at the rate figure's low and high ends, where it has them */
  interruptionsRange: { low: number; high: number } | null;
  plannedInterruptions: number;
  byComponent: Record<Component, number>;
  checkpoint: {
    bytes: number;
    storageGBps: number;
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
  usefulDays: number;
  wallClockDays: number;
  monteCarlo: MonteCarloSummary | null;
  monteCarloSkipped: string | null;
  assumptions: Assumption[];
  warnings: Issue[];
}
