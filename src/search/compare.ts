// Vendor comparison with one rule: each device kind gets exactly the plan search `xpuplan plan`
// runs (planTraining with the scenario's train block, the same objective and failure rates),
// so each device plans at its best legal precision unless the scenario pins one. The device
// count is the scenario's, or per kind (`counts`), or sized to a deadline or a budget
// (./compare-sizing.ts); a count that cannot hold the model grows to the smallest whole number of
// nodes that fits. Money is src/economics's (basis and range said); failures come from
// src/reliability when a reliability catalog is given. Figures that are ranges give an interval:
// the chosen layout re-evaluated on the pessimistic and optimistic ends of the device
// (./device-bounds.ts).

import { scenarioCatalogs } from "../economics/scenario-catalog.ts";
import { isPriced, type JobCost } from "../economics/types.ts";
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { ReliabilitySpecInput } from "../reliability/report.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import { inlineArch } from "../scenario/model-arch.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { fewestForDeadline, mostForBudget, smallestFit, wallDays } from "./compare-sizing.ts";
import { deviceBound, rangedFigures } from "./device-bounds.ts";
import { NOMINAL_TOKENS, type Objective } from "./objective.ts";
import type { PlanReliabilitySummary } from "./plan-reliability.ts";
import { planTraining } from "./plan-training.ts";
import type { PlanCounts, PlanInput, PlanResult, TrainingPlan } from "./plan-types.ts";
import { supportsPrecision, type TrainPrecision } from "./space.ts";

export interface CompareOptions {
  /** failure rates: expected interruptions and days with failures per device */
  reliability?: { catalog: ReliabilityCatalog; spec?: ReliabilitySpecInput };
  /** largest device count tried when sizing (default 65,536) */
  maxDevices?: number;
  /** device count per kind (id -> count); other kinds keep the scenario's */
  counts?: Record<string, number>;
  /** same deadline: the fewest devices of each kind whose fastest plan ends within this many wall days */
  deadlineDays?: number;
  /** same budget: the most devices of each kind whose cheapest plan costs at most this many USD */
  budgetUSD?: number;
}

export type Interval = [low: number, high: number];
export type CompareMode = "devices" | "deadline" | "budget";

export interface CompareRow {
  deviceId: string;
  name: string;
  vendor: string;
  ok: boolean;
  devices: number;
  /** true when the device count is not the one asked for (grown to fit, or sized) */
  devicesChanged: boolean;
  devicesPerNode: number;
  /** the precision the best plan runs in (its MFU is a share of this precision's peak) */
  precision?: TrainPrecision;
  plan?: TrainingPlan;
  days?: number;
  /** wall days with failures, when failure rates are known */
  wallDays?: number;
  deviceHours?: number;
  energyMWh?: number;
  /** the job's money with interruptions where known (src/economics), USD */
  costUSD?: number;
  cost?: JobCost;
  tokensPerSecondPerDevice?: number;
  mfu?: number;
  /** the same layout at the ends of the device's ranged figures (performance, power and money) */
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
  mode: CompareMode;
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
  const cat = scenarioCatalogs(catalogs, scenario.costs);
  const arch = archOf(scenario, cat);
  const mode: CompareMode =
    opts.deadlineDays !== undefined ? "deadline" : opts.budgetUSD !== undefined ? "budget" : "devices";
  const notes = [
    "each device runs the plan search of `xpuplan plan` (every layout key searched; the scenario's parallel block is not used)",
  ];
  if (train.precision === undefined)
    notes.push("precision: each device at its best legal precision (set train.precision to pin one)");
  if (!opts.reliability)
    notes.push("no reliability catalog: expected interruptions and days with failures are left out");
  const rows = deviceIds.map((id) => compareOne(scenario, cat, arch, id, objective, mode, opts));
  const bases = [...new Set(rows.flatMap((r) => (r.cost ? [r.cost.basis] : [])))];
  if (bases.length > 1)
    notes.push(`the devices are costed on different bases (${bases.join(", ")}); pin one with costs.basis`);
  const tokens =
    train.tokens !== undefined
      ? { value: train.tokens, basis: "scenario" as const }
      : { value: NOMINAL_TOKENS, basis: "nominal" as const };
  return { objective, mode, tokens, rows, notes };
}

function archOf(s: Scenario, cat: Catalogs): Arch {
  if (typeof s.model !== "string") return inlineArch(s.model);
  const m = cat.models.find((x) => x.id === s.model);
  if (!m) throw new Error(`compare: unknown model id "${s.model}"`);
  return m.arch;
}

function unknownRow(s: Scenario, id: string): CompareRow {
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

function compareOne(
  s: Scenario,
  cat: Catalogs,
  arch: Arch,
  id: string,
  objective: Objective,
  mode: CompareMode,
  opts: CompareOptions,
): CompareRow {
  const device = cat.devices.find((d) => d.id === id);
  if (!device) return unknownRow(s, id);
  const train = s.train!;
  const notes: string[] = [];
  const issues: Issue[] = [];
  const devicesPerNode = id === s.hardware && s.devicesPerNode ? s.devicesPerNode : device.devicesPerNode;
  let precision = train.precision;
  if (precision && !supportsPrecision(device, precision)) {
    const alt: TrainPrecision = device.peakTflops.bf16 != null ? "bf16" : "fp16";
    notes.push(`${device.name} has no ${precision} matmul: planned in ${alt} (more memory and time)`);
    precision = alt;
  }
  const asked = opts.counts?.[id] ?? s.devices;
  const max = opts.maxDevices ?? 65_536;
  const base: PlanInput = {
    arch,
    device,
    ...engineInputs(cat),
    devices: asked,
    devicesPerNode,
    train: { ...train, precision },
    stack: s.stack,
    objective,
    top: 1,
    reliability: opts.reliability,
  };
  let devices = asked;
  if (mode === "deadline") {
    const n = fewestForDeadline(base, devicesPerNode, opts.deadlineDays!, max);
    if (n === undefined)
      issues.push(
        issue(
          "target_unmet",
          ["deadlineDays"],
          `no count up to ${max} devices finishes within ${opts.deadlineDays} days`,
        ),
      );
    else {
      devices = n;
      notes.push(
        `${n} devices (${n / devicesPerNode} nodes) are the fewest whose fastest plan ends within ${opts.deadlineDays} days`,
      );
    }
  } else if (mode === "budget") {
    if (!isPriced(device.pricing)) {
      const p = device.pricing;
      issues.push(
        issue(
          "price_unknown",
          ["costs", "devices", id],
          p ? `${p.message}, e.g.\n${p.example}` : `no price for ${id}`,
        ),
      );
    } else {
      const n = mostForBudget(base, devicesPerNode, opts.budgetUSD!, max);
      if (n === undefined)
        issues.push(
          issue(
            "target_unmet",
            ["budgetUSD"],
            `no plan of ${id} costs $${Math.round(opts.budgetUSD!).toLocaleString("en-US")} or less`,
          ),
        );
      else {
        devices = n;
        notes.push(
          `${n} devices (${n / devicesPerNode} nodes) are the most whose cheapest plan stays within the budget`,
        );
      }
    }
  }
  const row: CompareRow = {
    deviceId: id,
    name: `${device.name}${device.variant ? ` ${device.variant}` : ""}`,
    vendor: device.vendor,
    ok: false,
    devices,
    devicesChanged: devices !== asked,
    devicesPerNode,
    issues,
    notes,
  };
  if (issues.length > 0) return row;
  // In budget mode the plan is the fastest within the budget at the count found.
  const runAt = (n: number): PlanResult =>
    mode === "budget"
      ? withinBudget(base, n, opts.budgetUSD!)
      : planTraining({ ...base, devices: n, objective: mode === "deadline" ? "time" : objective });
  let result = runAt(devices);
  if (!result.ok && mode === "devices" && memoryBound(result)) {
    const found = smallestFit(base, devices, devicesPerNode, max);
    if (found) {
      notes.push(
        `${devices} devices cannot hold the model; ${found} (${found / devicesPerNode} nodes) is the smallest that fits`,
      );
      devices = found;
      result = runAt(devices);
    }
  }
  Object.assign(row, {
    ok: result.ok,
    devices,
    devicesChanged: devices !== asked,
    counts: result.counts,
    issues: result.issues,
    notes: [...notes, ...result.notes.filter((n) => !n.startsWith("searched:") && !n.startsWith("ZeRO 0"))],
  });
  const plan = result.plans[0];
  if (!plan) return row;
  const f = plan.figures;
  const cost = plan.cost;
  Object.assign(row, {
    plan,
    precision: plan.precision,
    days: f.days,
    wallDays: plan.reliability ? wallDays(plan) : undefined,
    deviceHours: f.deviceHours,
    energyMWh: f.energyMWh,
    cost,
    costUSD: cost?.totalUSD.value,
    tokensPerSecondPerDevice: f.tokensPerSecondPerDevice,
    mfu: f.mfu,
    reliability: plan.reliability,
  });
  const ranged = rangedFigures(device, [...new Set([plan.precision, "bf16"])]);
  if (ranged.length > 0) row.interval = intervalOf(base, device, plan, ranged, row.notes);
  return row;
}

/** The fastest of the plans at `devices` whose money stays within the budget (else the cheapest). */
function withinBudget(base: PlanInput, devices: number, usd: number): PlanResult {
  const fast = planTraining({ ...base, devices, objective: "time", top: 10 });
  const cheap = planTraining({ ...base, devices, objective: "cost", top: 1 });
  const money = (p: TrainingPlan) =>
    p.figures.costUSD === undefined
      ? Infinity
      : (p.figures.costUSD * (p.figures.goodputDays ?? p.figures.days)) / p.figures.days;
  const pick = fast.plans.find((p) => money(p) <= usd) ?? cheap.plans[0];
  return pick ? { ...fast, plans: [pick] } : cheap;
}

/** Whether more devices could help: memory is why nothing fit. */
function memoryBound(r: PlanResult): boolean {
  return r.counts.space > 0 && (r.counts.byCode.hbm_overflow ?? 0) > 0;
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
  // lost work scales the money of both ends alike (wall days over useful days of the nominal plan)
  const k = plan.reliability ? wallDays(plan) / plan.figures.days : 1;
  return {
    days: pair(lo.metrics.days, hi.metrics.days)!,
    deviceHours: pair(lo.metrics.deviceHours, hi.metrics.deviceHours)!,
    energyMWh: pair(lo.metrics.energyMWh, hi.metrics.energyMWh),
    costUSD: pair(
      lo.metrics.costUSD === undefined ? undefined : lo.metrics.costUSD * k,
      hi.metrics.costUSD === undefined ? undefined : hi.metrics.costUSD * k,
    ),
    figures,
  };
}
