// Vendor comparison: the best training plan for one scenario on each device kind, side by side.
// Each device keeps the scenario's device count when some plan fits it; otherwise it gets the
// smallest multiple of its node that fits (doubling, then bisecting on feasibility probes).
// Figures that are ranges in the catalog give an interval: the chosen layout re-evaluated on the
// pessimistic and optimistic ends of the device (./device-bounds.ts). Failures come from
// src/reliability when a reliability catalog is given, and are left out (said so) otherwise.
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { ReliabilitySpecInput } from "../reliability/report.ts";
import { inlineArch } from "../scenario/model-arch.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { deviceBound, rangedFigures } from "./device-bounds.ts";
import { NOMINAL_TOKENS, type Objective } from "./objective.ts";
import type { PlanReliabilitySummary } from "./plan-reliability.ts";
import { planTraining } from "./plan-training.ts";
import type { PlanCounts, PlanInput, PlanResult, TrainingPlan } from "./plan-types.ts";
import { supportsPrecision, type TrainPrecision } from "./space.ts";

export interface CompareOptions {
  /** failure rates: expected interruptions and days with failures per device */
  reliability?: { catalog: ReliabilityCatalog; spec?: ReliabilitySpecInput };
  /** largest device count tried when the scenario's does not fit (default 65,536) */
  maxDevices?: number;
}

export type Interval = [low: number, high: number];

export interface CompareRow {
  deviceId: string;
  name: string;
  vendor: string;
  ok: boolean;
  devices: number;
  /** true when the scenario's device count could not fit and a larger one was chosen */
  devicesChanged: boolean;
  devicesPerNode: number;
  precision?: TrainPrecision;
  plan?: TrainingPlan;
  days?: number;
  deviceHours?: number;
  energyMWh?: number;
  costUSD?: number;
  tokensPerSecondPerDevice?: number;
  mfu?: number;
  /** the same layout at the ends of the device's ranged figures */
  interval?: {
    days: Interval;
    deviceHours: Interval;
    energyMWh?: Interval;
    costUSD?: Interval;
    figures: string[];
  };
  reliability?: PlanReliabilitySummary;
  counts?: PlanCounts;
  issues: Issue[];
  notes: string[];
}

export interface CompareResult {
  objective: Objective;
  /** tokens the job figures are for */
  tokens: { value: number; basis: "scenario" | "nominal" };
  rows: CompareRow[];
  notes: string[];
}

export function compareDevices(
  scenario: Scenario,
  catalogs: Catalogs,
  deviceIds: string[],
  objective: Objective = "time",
  opts: CompareOptions = {},
): CompareResult {
  const train = scenario.train;
  if (!train) throw new Error("compare: the scenario has no train block");
  const arch = archOf(scenario, catalogs);
  const notes = ["parallel layouts are searched per device; the scenario's parallel block is not used"];
  if (!opts.reliability)
    notes.push("no reliability catalog: expected interruptions and days with failures are left out");
  const rows = deviceIds.map((id) => compareOne(scenario, catalogs, arch, id, objective, opts));
  const tokens =
    train.tokens !== undefined
      ? { value: train.tokens, basis: "scenario" as const }
      : { value: NOMINAL_TOKENS, basis: "nominal" as const };
  return { objective, tokens, rows, notes };
}

function archOf(s: Scenario, cat: Catalogs): Arch {
  if (typeof s.model !== "string") return inlineArch(s.model);
  const m = cat.models.find((x) => x.id === s.model);
  if (!m) throw new Error(`compare: unknown model id "${s.model}"`);
  return m.arch;
}

function compareOne(
  s: Scenario,
  cat: Catalogs,
  arch: Arch,
  id: string,
  objective: Objective,
  opts: CompareOptions,
): CompareRow {
  const device = cat.devices.find((d) => d.id === id);
  if (!device) {
    return {
      deviceId: id,
      name: id,
      vendor: "",
      ok: false,
      devices: s.devices,
      devicesChanged: false,
      devicesPerNode: 1,
      issues: [issue("unknown_id", ["devices"], `no device "${id}" in the catalog`)],
      notes: [],
    };
  }
  const train = s.train!;
  const notes: string[] = [];
  const devicesPerNode = id === s.hardware && s.devicesPerNode ? s.devicesPerNode : device.devicesPerNode;
  let precision: TrainPrecision = train.precision ?? "bf16";
  if (!supportsPrecision(device, precision)) {
    const alt: TrainPrecision = device.peakTflops.bf16 != null ? "bf16" : "fp16";
    notes.push(`${device.name} has no ${precision} matmul: planned in ${alt} (more memory and time)`);
    precision = alt;
  }
  const base: PlanInput = {
    arch,
    device,
    calibration: cat.calibration,
    devices: s.devices,
    devicesPerNode,
    train: { ...train, precision },
    stack: s.stack,
    stacks: cat.stacks,
    kernels: cat.kernels,
    objective,
    top: 1,
    reliability: opts.reliability,
  };
  let devices = s.devices;
  let result = planTraining(base);
  if (!result.ok && memoryBound(result)) {
    const found = smallestFit(base, s.devices, devicesPerNode, opts.maxDevices ?? 65_536);
    if (found) {
      devices = found;
      result = planTraining({ ...base, devices });
      notes.push(
        `${s.devices} devices cannot hold the model; ${devices} (${devices / devicesPerNode} nodes) is the smallest that fits`,
      );
    }
  }
  const row: CompareRow = {
    deviceId: id,
    name: `${device.name}${device.variant ? ` ${device.variant}` : ""}`,
    vendor: device.vendor,
    ok: result.ok,
    devices,
    devicesChanged: devices !== s.devices,
    devicesPerNode,
    precision,
    counts: result.counts,
    issues: result.issues,
    notes: [...notes, ...result.notes.filter((n) => !n.startsWith("searched:") && !n.startsWith("ZeRO 0"))],
  };
  const plan = result.plans[0];
  if (!plan) return row;
  const f = plan.figures;
  Object.assign(row, {
    plan,
    days: f.days,
    deviceHours: f.deviceHours,
    energyMWh: f.energyMWh,
    costUSD: f.costUSD,
    tokensPerSecondPerDevice: f.tokensPerSecondPerDevice,
    mfu: f.mfu,
    reliability: plan.reliability,
  });
  const ranged = rangedFigures(device, [...new Set([precision, "bf16"])]);
  if (ranged.length > 0) row.interval = intervalOf(base, device, plan, ranged, row.notes);
  return row;
}

/** Whether more devices could help: memory is why nothing fit. */
function memoryBound(r: PlanResult): boolean {
  return r.counts.space > 0 && (r.counts.byCode.hbm_overflow ?? 0) > 0;
}

/** The smallest multiple of a node above `from` on which some plan fits, or undefined. */
function smallestFit(base: PlanInput, from: number, node: number, max: number): number | undefined {
  const fits = (n: number) =>
    planTraining({ ...base, devices: n, firstFit: true, reliability: undefined }).ok;
  let lo = Math.max(1, Math.floor(from / node)); // in nodes; known not to fit (or below the scenario's count)
  let hi = lo * 2;
  while (!fits(hi * node)) {
    lo = hi;
    hi *= 2;
    if (hi * node > max) return undefined;
  }
  // Feasibility grows with devices except where batch divisibility intervenes: bisect, then step down.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid * node)) hi = mid;
    else lo = mid;
  }
  return hi * node;
}

function intervalOf(
  base: PlanInput,
  device: Device,
  plan: TrainingPlan,
  figures: string[],
  notes: string[],
): CompareRow["interval"] {
  const at = (d: Device) => {
    const r = evaluateTraining({
      ...base,
      device: d,
      devices: plan.devices,
      train: { ...base.train, precision: plan.precision, tokens: base.train.tokens ?? NOMINAL_TOKENS },
      parallel: plan.parallel,
    });
    return r.ok ? r.report : undefined;
  };
  const lo = at(deviceBound(device, "optimistic"));
  const hi = at(deviceBound(device, "pessimistic"));
  if (!lo || !hi) return undefined;
  if (!hi.fits) notes.push("at the low end of its memory capacity the chosen layout would not fit");
  const pair = (a?: number, b?: number): Interval | undefined =>
    a !== undefined && b !== undefined ? [Math.min(a, b), Math.max(a, b)] : undefined;
  return {
    days: pair(lo.metrics.days, hi.metrics.days)!,
    deviceHours: pair(lo.metrics.deviceHours, hi.metrics.deviceHours)!,
    energyMWh: pair(lo.metrics.energyMWh, hi.metrics.energyMWh),
    costUSD: pair(lo.metrics.costUSD, hi.metrics.costUSD),
    figures,
  };
}
