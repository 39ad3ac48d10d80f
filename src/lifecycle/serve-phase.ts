// A serving phase on one device kind: src/infer's capacity planner (planInference) sizes the
// fleet for the request rate; the fleet then runs for the phase's months. Energy assumes the
// training model's power form (idle 30% of TDP, the rest in proportion to load) with the
// planner's utilisation as the load: serving is mostly memory-bound, so this errs high.
import { jobCost } from "../economics/job-cost.ts";
import type { JobCost } from "../economics/types.ts";
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { planInference } from "../infer/plan.ts";
import type { Issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { inferSchema } from "../scenario/schema.ts";
import type { ServePhase } from "./schema.ts";

/** Average hours in a month (365.25 x 24 / 12). */
export const HOURS_PER_MONTH = 730.5;
const IDLE = 0.3;

export interface ServeChoice {
  deviceId: string;
  ok: boolean;
  devices?: number;
  days?: number;
  deviceHours?: number;
  costUSD?: number;
  /** the money with its basis and range (src/economics) */
  cost?: JobCost;
  energyMWh?: number;
  /** the fleet's layout and load */
  layout?: {
    tp: number;
    ep: number;
    replicas: number;
    weights: string;
    kvCache: string;
    utilisation: number;
    tpotMs: number;
    ttftMs: number;
  };
  outputTokens?: number;
  issues: Issue[];
  notes: string[];
}

export function servePhase(
  p: ServePhase,
  arch: Arch,
  device: Device,
  calibration: Calibration,
  devicesPerNode: number,
): ServeChoice {
  const infer = inferSchema.parse({
    phase: "both",
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    tpotSloMs: p.tpotSloMs ?? null,
    ttftSloMs: p.ttftSloMs ?? null,
    requestsPerSecond: p.requestsPerSecond,
    ...(p.weights ? { weights: p.weights } : {}),
    ...(p.kvCache ? { kvCache: p.kvCache } : {}),
  });
  const r = planInference({ arch, device, calibration, devicesPerNode, infer });
  if (!r.ok) return { deviceId: device.id, ok: false, issues: r.issues, notes: [] };
  const b = r.plan.best;
  const hours = p.months * HOURS_PER_MONTH;
  const deviceHours = b.devices * hours;
  const tdp = device.tdpWatts?.value;
  const notes: string[] = [];
  const energyMWh = tdp
    ? (tdp * (IDLE + (1 - IDLE) * Math.min(1, b.utilisation)) * deviceHours) / 1e6
    : undefined;
  const cost = jobCost(device.pricing, deviceHours, energyMWh);
  if (!cost && device.pricing?.basis === "unknown") notes.push(device.pricing.message);
  if (tdp)
    notes.push(
      "energy assumes power rises from 30% of TDP in proportion to load (errs high for memory-bound decode)",
    );
  return {
    deviceId: device.id,
    ok: true,
    devices: b.devices,
    days: hours / 24,
    deviceHours,
    costUSD: cost?.totalUSD.value,
    cost,
    energyMWh,
    layout: {
      tp: b.tp,
      ep: b.ep,
      replicas: b.dp,
      weights: b.weights,
      kvCache: b.kvCache,
      utilisation: b.utilisation,
      tpotMs: b.tpotSeconds * 1000,
      ttftMs: b.ttftSeconds * 1000,
    },
    outputTokens: p.requestsPerSecond * p.outputTokens * hours * 3600,
    issues: [],
    notes: [...notes, ...r.plan.warnings.map((w) => w.message)],
  };
}
