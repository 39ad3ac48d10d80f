// A model's lifecycle, phase by phase and device choice by device choice: training phases through
// compareDevices (best plan per device kind, devices grown to fit, intervals on ranged figures),
// post-training phases through src/posttrain, serving phases through src/infer's capacity planner. Totals take each phase's best choice by
// the lifecycle's objective; training phases run one after another, serving after them.
import { scenarioCatalogs } from "../economics/scenario-catalog.ts";
import type { Issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { PostTrainReport } from "../posttrain/evaluate.ts";
import { inlineArch } from "../scenario/model-arch.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import { type CompareOptions, type CompareRow, compareDevices } from "../search/compare.ts";
import { posttrainPhase } from "./posttrain-phase.ts";
import type { Lifecycle, LifecyclePhase, PosttrainPhase, TrainPhase } from "./schema.ts";
import { type ServeChoice, servePhase } from "./serve-phase.ts";

export interface PhaseChoice {
  deviceId: string;
  ok: boolean;
  devices?: number;
  days?: number;
  deviceHours?: number;
  costUSD?: number;
  energyMWh?: number;
  /** training phases: the compare row (plan, interval, failures) */
  train?: CompareRow;
  /** serving phases: the fleet */
  serve?: ServeChoice;
  /** post-training phases: the fine-tuning or RL report */
  posttrain?: PostTrainReport;
  issues: Issue[];
  notes: string[];
}

export interface PhaseResult {
  name: string;
  kind: LifecyclePhase["kind"];
  choices: PhaseChoice[];
  /** the choice the totals take (by the objective), if any is feasible */
  chosen?: string;
}

export interface LifecycleTotals {
  /** training phases back to back, then serving */
  days: number;
  deviceHours: number;
  /** undefined when a chosen device has no price (or TDP) */
  costUSD?: number;
  energyMWh?: number;
  /** phases without a feasible choice: the totals leave them out */
  missing: string[];
}

export interface LifecycleResult {
  objective: "time" | "cost" | "energy";
  phases: PhaseResult[];
  totals: LifecycleTotals;
  notes: string[];
}

export function evaluateLifecycle(
  lifecycle: Lifecycle,
  scenario: Scenario,
  catalogs: Catalogs,
  opts: CompareOptions = {},
): LifecycleResult {
  const objective = lifecycle.objective ?? "cost";
  catalogs = scenarioCatalogs(catalogs, scenario.costs);
  const arch = archOf(scenario, catalogs);
  const phases = lifecycle.phases.map((p, i) => {
    const name = p.name ?? `${p.kind} ${i + 1}`;
    const ids = typeof p.hardware === "string" ? [p.hardware] : p.hardware;
    const choices =
      p.kind === "serve"
        ? serveChoices(p, arch, ids, scenario, catalogs)
        : p.kind === "posttrain"
          ? posttrainChoices(p, arch, ids, scenario, catalogs)
          : trainChoices(p, ids, scenario, catalogs, objective, opts);
    return { name, kind: p.kind, choices, chosen: pick(choices, objective)?.deviceId };
  });
  const totals: LifecycleTotals = { days: 0, deviceHours: 0, costUSD: 0, energyMWh: 0, missing: [] };
  let serveDays = 0;
  for (const ph of phases) {
    const c = ph.choices.find((x) => x.deviceId === ph.chosen);
    if (!c) {
      totals.missing.push(ph.name);
      continue;
    }
    if (ph.kind === "serve") serveDays = Math.max(serveDays, c.days ?? 0);
    else totals.days += c.days ?? 0;
    totals.deviceHours += c.deviceHours ?? 0;
    totals.costUSD =
      totals.costUSD !== undefined && c.costUSD !== undefined ? totals.costUSD + c.costUSD : undefined;
    totals.energyMWh =
      totals.energyMWh !== undefined && c.energyMWh !== undefined
        ? totals.energyMWh + c.energyMWh
        : undefined;
  }
  totals.days += serveDays;
  const notes = ["training phases run back to back; serving phases start after them and run side by side"];
  // Never a silent dash: a chosen device without a price says so, and how to give one.
  const unpriced = new Set<string>();
  for (const ph of phases) {
    const c = ph.choices.find((x) => x.deviceId === ph.chosen);
    if (c && c.costUSD === undefined) unpriced.add(c.deviceId);
  }
  for (const id of unpriced) {
    const p = catalogs.devices.find((d) => d.id === id)?.pricing;
    notes.push(
      p?.basis === "unknown" ? `${p.message}, e.g.\n${p.example}` : `no cost for ${id} in this phase`,
    );
  }
  const labels = new Set<string>();
  for (const ph of phases)
    for (const c of ph.choices) {
      const p = catalogs.devices.find((d) => d.id === c.deviceId)?.pricing;
      if (p && p.basis !== "unknown") labels.add(`${c.deviceId}: ${p.label}`);
    }
  if (labels.size > 0) notes.push(`cost basis: ${[...labels].join("; ")}`);
  if (!opts.reliability) notes.push("no reliability catalog: training days leave failures out");
  return { objective, phases, totals, notes };
}

function trainChoices(
  p: TrainPhase,
  ids: string[],
  s: Scenario,
  cat: Catalogs,
  objective: "time" | "cost" | "energy",
  opts: CompareOptions,
): PhaseChoice[] {
  const base = s.train;
  const seqLen = p.seqLen ?? base?.seqLen;
  const globalBatch = p.globalBatch ?? base?.globalBatch;
  if (seqLen === undefined || globalBatch === undefined) {
    const why = `phase ${p.name ?? p.kind} needs seqLen and globalBatch (its own or the scenario's train block)`;
    return ids.map((deviceId) => ({
      deviceId,
      ok: false,
      issues: [{ code: "missing_key", path: ["lifecycle"], message: why, severity: "error" }],
      notes: [],
    }));
  }
  const phase: Scenario = {
    ...s,
    devices: p.devices ?? s.devices,
    // omitted precision: each device at its best legal one, as `plan` and `compare` do
    train: { seqLen, globalBatch, precision: p.precision ?? base?.precision, tokens: p.tokens },
  };
  const r = compareDevices(phase, cat, ids, objective, opts);
  return r.rows.map((row) => ({
    deviceId: row.deviceId,
    ok: row.ok,
    devices: row.devices,
    days: row.reliability?.wallClockDays ?? row.days,
    deviceHours: row.deviceHours,
    costUSD: row.costUSD,
    energyMWh: row.energyMWh,
    train: row,
    issues: row.issues,
    notes: row.notes,
  }));
}

function posttrainChoices(
  p: PosttrainPhase,
  arch: Arch,
  ids: string[],
  s: Scenario,
  cat: Catalogs,
): PhaseChoice[] {
  return ids.map((id) => {
    const device = cat.devices.find((d) => d.id === id);
    if (!device) return unknownDevice(id);
    const c = posttrainPhase(p, arch, device, p.devices ?? s.devices, cat);
    const { report, ...rest } = c;
    return { deviceId: id, ...rest, posttrain: report };
  });
}

function unknownDevice(id: string): PhaseChoice {
  return {
    deviceId: id,
    ok: false,
    issues: [{ code: "unknown_id", path: ["lifecycle"], message: `no device "${id}"`, severity: "error" }],
    notes: [],
  };
}

function serveChoices(
  p: LifecyclePhase & { kind: "serve" },
  arch: Arch,
  ids: string[],
  s: Scenario,
  cat: Catalogs,
): PhaseChoice[] {
  return ids.map((id) => {
    const device = cat.devices.find((d) => d.id === id);
    if (!device) return unknownDevice(id);
    const perNode = id === s.hardware && s.devicesPerNode ? s.devicesPerNode : device.devicesPerNode;
    const c = servePhase(p, arch, device, cat.calibration, perNode);
    return {
      deviceId: id,
      ok: c.ok,
      devices: c.devices,
      days: c.days,
      deviceHours: c.deviceHours,
      costUSD: c.costUSD,
      energyMWh: c.energyMWh,
      serve: c,
      issues: c.issues,
      notes: c.notes,
    };
  });
}

/** The feasible choice best by the objective; cost and energy fall back to device-hours where a figure is missing. */
function pick(choices: PhaseChoice[], objective: "time" | "cost" | "energy"): PhaseChoice | undefined {
  const ok = choices.filter((c) => c.ok);
  const value = (c: PhaseChoice) => {
    if (objective === "time") return c.days ?? Infinity;
    const v = objective === "cost" ? c.costUSD : c.energyMWh;
    return v ?? Infinity;
  };
  const allHave = ok.every((c) => Number.isFinite(value(c)));
  const key = (c: PhaseChoice) => (allHave ? value(c) : (c.deviceHours ?? Infinity));
  return ok.reduce<PhaseChoice | undefined>(
    (best, c) => (best === undefined || key(c) < key(best) ? c : best),
    undefined,
  );
}

function archOf(s: Scenario, cat: Catalogs): Arch {
  if (typeof s.model !== "string") return inlineArch(s.model);
  const m = cat.models.find((x) => x.id === s.model);
  if (!m) throw new Error(`lifecycle: unknown model id "${s.model}"`);
  return m.arch;
}
