// The CLI's decisions besides eval and the plan search, as the API and the web worker run them:
// the serving planner beside an inference evaluation (`xpuplan infer`), a model's lifecycle and a
// port to another device (`xpuplan plan` / `port`), and engine settings (`--emit`). Each calls the
// engine exactly as the CLI command does and answers its JSON; this file only orders the calls.
import { evaluateScenario } from "../engine/evaluate.ts";
import {
  type Emitted,
  type Engine as EngineName,
  emitFor,
  engineName,
  SERVE_ENGINES,
  serveEmitPlan,
  serveEmitPlanFromSpec,
  TRAIN_ENGINES,
  trainEmitPlan,
} from "../export/index.ts";
import { planInference } from "../infer/plan.ts";
import type { Issue } from "../issues.ts";
import { evaluateLifecycle, type LifecycleResult } from "../lifecycle/index.ts";
import { type Finding, type PortResult, portScenario, scenarioAdvice } from "../porting/index.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import type { Objective, PlannedParallel, TrainingPlan } from "../search/index.ts";

type Cat = Catalogs;

const reliabilityOf = (cat: Cat, r: Resolved) =>
  cat.reliability ? { catalog: cat.reliability, spec: r.scenario.reliability } : undefined;

/** `xpuplan infer --json`: the evaluation, and the planner's answer when the scenario gives a rate. */
export function inferWithPlan(r: Resolved, cat: Cat) {
  const result = evaluateScenario(r, cat);
  const s = r.scenario;
  if (!s.infer?.requestsPerSecond) return result;
  const planned = planInference({
    arch: r.arch,
    device: r.device,
    // the same engine inputs as the CLI's planner (serving engines, where the catalog has them)
    ...engineInputs(cat),
    devicesPerNode: r.devicesPerNode,
    infer: s.infer,
  });
  return planned.ok ? { ...result, plan: planned.plan } : { ...result, planIssues: planned.issues };
}

/** `xpuplan plan` on a scenario with a lifecycle: block. */
export function runLifecycle(r: Resolved, cat: Cat): LifecycleResult {
  const s = r.scenario;
  // prepare() only lets a scenario with a lifecycle: block through
  const lifecycle = s.lifecycle as NonNullable<typeof s.lifecycle>;
  return evaluateLifecycle(lifecycle, s, cat, { reliability: reliabilityOf(cat, r) });
}

export type PortAnswer =
  | { mode: "port"; result: PortResult }
  | { mode: "advice"; deviceId: string; findings: Finding[] };

/** `xpuplan port [--to id]`: a full port to another device, or the advisor on the scenario's own. */
export function runPort(r: Resolved, cat: Cat, to: string | undefined, objective?: Objective): PortAnswer {
  const s = r.scenario;
  const device = (to && cat.devices.find((d) => d.id === to)) || r.device;
  if (device.id !== r.device.id && (s.train || s.infer)) {
    const result = portScenario({
      scenario: s,
      catalogs: cat,
      arch: r.arch,
      from: r.device,
      to: device,
      objective: objective ?? "time",
      reliability: cat.reliability ? { catalog: cat.reliability } : undefined,
    });
    return { mode: "port", result };
  }
  const findings = scenarioAdvice(r, device, cat.calibration);
  return { mode: "advice", deviceId: device.id, findings };
}

export type EngineSettings =
  | { engine: EngineName; name: string; ok: true; emitted: Emitted }
  | { engine: EngineName; name: string; ok: false; message: string };

export type EmitAnswer =
  | { ok: true; kind: "train" | "infer"; deviceId: string; source: string; engines: EngineSettings[] }
  | { ok: false; kind: "train" | "infer"; issues: Issue[] };

export interface EmitChoice {
  kind?: "train" | "infer";
  plan?: Pick<TrainingPlan, "devices" | "precision" | "parallel">;
}

function settings(plan: Parameters<typeof emitFor>[0], engines: readonly EngineName[], deviceId: string) {
  return engines.map((engine): EngineSettings => {
    const e = emitFor(plan, engine, deviceId);
    return e.ok
      ? { engine, name: engineName(engine), ok: true, emitted: e.emitted }
      : { engine, name: engineName(engine), ok: false, message: e.message };
  });
}

/** Every engine's settings for a training plan (a search's, or the scenario's own layout) or a
 * serving deployment (the planner's best for the request rate, or the scenario's own block);
 * an engine that does not run on the device says why. */
export function runEmit(r: Resolved, cat: Cat, choice: EmitChoice): EmitAnswer {
  const s = r.scenario;
  const kind = choice.kind ?? (s.train ? "train" : "infer");
  const id = r.device.id;
  if (kind === "train") {
    // prepare() only lets a train emit through with a train: block
    const train = s.train as NonNullable<typeof s.train>;
    if (choice.plan) {
      const plan = { ...choice.plan, devicesPerNode: r.devicesPerNode } as TrainingPlan;
      const source = `the plan chosen (${choice.plan.devices} devices, ${choice.plan.precision})`;
      return {
        ok: true,
        kind,
        deviceId: id,
        source,
        engines: settings(trainEmitPlan(plan, r.arch, train), TRAIN_ENGINES, id),
      };
    }
    const e = evaluateScenario(r, cat, { reliability: false });
    if (!e.train) return { ok: false, kind, issues: e.issues };
    const { microBatches: _, ...parallel } = e.train.layout;
    const plan = {
      devices: s.devices,
      devicesPerNode: r.devicesPerNode,
      precision: train.precision ?? "bf16",
      parallel: parallel as PlannedParallel,
    } as TrainingPlan;
    return {
      ok: true,
      kind,
      deviceId: id,
      source: "the scenario's own layout",
      engines: settings(trainEmitPlan(plan, r.arch, train), TRAIN_ENGINES, id),
    };
  }
  const infer = s.infer as NonNullable<typeof s.infer>;
  if (infer.requestsPerSecond) {
    const p = planInference({
      arch: r.arch,
      device: r.device,
      ...engineInputs(cat),
      devicesPerNode: r.devicesPerNode,
      infer,
    });
    if (!p.ok) return { ok: false, kind, issues: p.issues };
    return {
      ok: true,
      kind,
      deviceId: id,
      source: `the serving planner's best deployment for ${infer.requestsPerSecond} requests/s`,
      engines: settings(serveEmitPlan(p.plan.best, r.arch, infer, r.devicesPerNode), SERVE_ENGINES, id),
    };
  }
  const e = evaluateScenario(r, cat, { reliability: false });
  if (!e.infer) return { ok: false, kind, issues: e.issues };
  const plan = serveEmitPlanFromSpec(infer, r.arch, r.devicesPerNode, e.infer.batch.batchPerDevice);
  return {
    ok: true,
    kind,
    deviceId: id,
    source: infer.pools
      ? "the scenario's own infer: block (its pools are not expressed: set infer.requestsPerSecond for the planner's pools)"
      : "the scenario's own infer: block",
    engines: settings(plan, SERVE_ENGINES, id),
  };
}
