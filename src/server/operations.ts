// What the HTTP API and the web worker do with a request, in one place and without I/O: parse
// and validate the text (prepare, cheap, on the caller's thread), then call the engine
// (execute, possibly long, on a worker). Both shells answer with the same bodies and issues.

import { z } from "zod";
import { closest } from "../catalog/closest.ts";
import { evaluateScenario } from "../engine/evaluate.ts";
import { summarise, validateCase } from "../engine/validate.ts";
import type { Calibration } from "../hardware/calibration.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import { chromeTrace } from "../report/chrome-trace.ts";
import { type ReportFormat, renderReport, reportContext } from "../report/index.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import { parseWith } from "../scenario/parse.ts";
import { type Catalogs, type Resolved, resolveScenario } from "../scenario/resolve.ts";
import { scenarioCatalogs } from "../scenario/scenario-calibration.ts";
import { type Case, caseSchema, type Scenario, scenarioSchema } from "../scenario/schema.ts";
import { trainingTimeline } from "../train/timeline.ts";
import { type ApiIssue, apiIssue, inputIssue, resolveIssue, tooDeepIssue } from "./api-issue.ts";
import {
  type CompareRequest,
  compareRequestSchema,
  emitRequestSchema,
  objectiveSchema,
  portRequestSchema,
} from "./decision-requests.ts";
import { type EmitChoice, inferWithPlan, runEmit, runLifecycle, runPort } from "./decisions.ts";
import { nestingTooDeep } from "./nesting-depth.ts";
import { runCompare, runPlan, type SearchControl, stopSignal } from "./search-run.ts";

/** What a plan request may set of the search (src/search PlanInput); the scenario gives the rest. */
export const planOptionsSchema = z
  .object({
    /** what "best" means; default time */
    objective: objectiveSchema.optional(),
    /** how many plans to return; default 5 */
    top: z.number().int().min(1).max(50).optional(),
    /** more device counts to search besides scenario.devices, for the time-vs-cost front */
    deviceCounts: z.array(z.number().int().positive()).max(16).optional(),
    /** stop at the first plan that fits */
    firstFit: z.boolean().optional(),
  })
  .strict();
export type PlanOptions = z.infer<typeof planOptionsSchema>;

export const planRequestSchema = z
  .object({ scenario: scenarioSchema, options: planOptionsSchema.optional() })
  .strict();

export { compareRequestSchema, emitRequestSchema, portRequestSchema } from "./decision-requests.ts";

export const validateRequestSchema = z.object({ cases: z.array(caseSchema).min(1).max(1000) }).strict();

export const OP_NAMES = [
  "eval",
  "plan",
  "compare",
  "infer",
  "reliability",
  "validate",
  "lifecycle",
  "port",
  "emit",
] as const;
export type OpName = (typeof OP_NAMES)[number];

export interface EvalOptions {
  /** add one step's timeline as Chrome-trace JSON (trace) */
  trace?: boolean;
  /** add one step's timeline as the engine's data (timeline: lanes and segments in seconds) */
  timeline?: boolean;
  /** answer with a rendered report instead of the JSON result */
  format?: ReportFormat;
}

export type Job = (
  | {
      op: "eval";
      resolved: Resolved;
      options: EvalOptions /** the request as sent, for a report's inputs */;
      text?: string;
    }
  | { op: "infer" | "reliability" | "lifecycle"; resolved: Resolved }
  | { op: "plan"; resolved: Resolved; options: PlanOptions }
  | {
      op: "compare";
      scenario: Scenario;
      hardware: string[];
      objective?: PlanOptions["objective"];
      sizing?: Pick<CompareRequest, "counts" | "deadlineDays" | "budgetUSD">;
    }
  | { op: "port"; resolved: Resolved; to?: string; objective?: PlanOptions["objective"] }
  | { op: "emit"; resolved: Resolved; choice: EmitChoice }
  | { op: "validate"; cases: Case[] }
) & {
  /** the catalog calibration with the scenario's `calibration:` overlay merged over it */
  calibration?: Calibration;
};

export interface OpResult {
  status: number;
  body: unknown;
  /** set when body is a rendered report (a string) rather than JSON data */
  format?: ReportFormat;
}

export type Prepared = { ok: true; job: Job } | { ok: false; status: 400; body: { issues: ApiIssue[] } };

/** The engine as the shells see it: its catalogs (the code is imported statically). */
export interface Engine {
  catalogs: Catalogs & { reliability?: ReliabilityCatalog };
  /** the tool's version (package.json), printed in reports */
  version?: string;
}

const bad = (issues: ApiIssue[]): Prepared => ({ ok: false, status: 400, body: { issues } });

function resolveIn(
  scenario: Scenario,
  catalogs: Catalogs,
  file: string,
  locate: (p: (string | number)[]) => { line?: number; column?: number },
  prefix: (string | number)[] = [],
): { ok: true; value: Resolved } | { ok: false; issues: ApiIssue[] } {
  const c = scenarioCatalogs(scenario, catalogs);
  if (!c.ok) {
    return {
      ok: false,
      issues: c.errors.map((e) => resolveIssue({ ...e, path: [...prefix, ...e.path] }, file, locate)),
    };
  }
  const r = resolveScenario(scenario, catalogs);
  if (r.ok) return r;
  return {
    ok: false,
    issues: r.errors.map((e) => resolveIssue({ ...e, path: [...prefix, ...e.path] }, file, locate)),
  };
}

/** The merged calibration when the scenario brings an overlay (prepare() has checked it). */
function calibrationOf(s: Scenario, catalogs: Catalogs): Calibration | undefined {
  if (s.calibration === undefined) return undefined;
  const c = scenarioCatalogs(s, catalogs);
  return c.ok ? c.value.calibration : undefined;
}

/** Parse and validate a request body (YAML or JSON text) for an operation. */
export function prepare(
  op: OpName,
  text: string,
  catalogs: Catalogs,
  options: EvalOptions = {},
  file = "request",
): Prepared {
  // before any parser sees it: the YAML parser recurses, and a deep enough body overflows its stack
  const deep = nestingTooDeep(text);
  if (deep) return bad([tooDeepIssue(deep, file)]);
  switch (op) {
    case "eval":
    case "infer":
    case "reliability":
    case "lifecycle": {
      const p = parseWith(text, file, scenarioSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      const r = resolveIn(p.value as Scenario, catalogs, file, p.locate);
      if (!r.ok) return bad(r.issues);
      const calibration = calibrationOf(r.value.scenario, catalogs);
      if (op === "eval") {
        // a report quotes the scenario as given; the JSON answer does not need it
        const quoted = options.format !== undefined ? { text } : {};
        return { ok: true, job: { op, resolved: r.value, options, calibration, ...quoted } };
      }
      const s = r.value.scenario;
      if (op === "infer" && !s.infer) {
        return bad([
          inputIssue({
            file,
            ...p.locate([]),
            path: ["infer"],
            message: "missing key (the infer route needs an infer: block)",
          }),
        ]);
      }
      if (op === "lifecycle" && !s.lifecycle) {
        return bad([
          inputIssue({
            file,
            ...p.locate([]),
            path: ["lifecycle"],
            message: "missing key (the lifecycle route needs a lifecycle: block)",
          }),
        ]);
      }
      if (op === "reliability" && !s.reliability && !s.train?.tokens) {
        const message =
          "missing key (the reliability route needs a reliability: block, or train.tokens to derive the duration)";
        return bad([inputIssue({ file, ...p.locate([]), path: ["reliability"], message })]);
      }
      return { ok: true, job: { op, resolved: r.value, calibration } };
    }
    case "plan": {
      const p = parseWith(text, file, planRequestSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      const r = resolveIn(p.value.scenario as Scenario, catalogs, file, p.locate, ["scenario"]);
      if (!r.ok) return bad(r.issues);
      if (!r.value.scenario.train) {
        const path = ["scenario", "train"];
        return bad([
          inputIssue({
            file,
            ...p.locate(["scenario"]),
            path,
            message: "missing key (a plan search needs a train: block)",
          }),
        ]);
      }
      const calibration = calibrationOf(r.value.scenario, catalogs);
      return { ok: true, job: { op, resolved: r.value, options: p.value.options ?? {}, calibration } };
    }
    case "compare": {
      const p = parseWith(text, file, compareRequestSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      const scenario = p.value.scenario as Scenario;
      // The scenario's own hardware id is replaced by each compared one, so only its other keys count.
      const r = resolveScenario(scenario, catalogs);
      const cal = scenarioCatalogs(scenario, catalogs);
      const issues = [...(r.ok ? [] : r.errors), ...(cal.ok ? [] : cal.errors)]
        .filter((e) => e.path[0] !== "hardware")
        .map((e) => resolveIssue({ ...e, path: ["scenario", ...e.path] }, file, p.locate));
      const ids = catalogs.devices.map((d) => d.id);
      (p.value.hardware ?? []).forEach((id, i) => {
        if (ids.includes(id)) return;
        const message = `unknown hardware id "${id}"; closest: ${closest(id, ids).join(", ")}`;
        issues.push(resolveIssue({ path: ["hardware", i], message }, file, p.locate));
      });
      for (const id of Object.keys(p.value.counts ?? {})) {
        if (ids.includes(id)) continue;
        const message = `unknown hardware id "${id}"; closest: ${closest(id, ids).join(", ")}`;
        issues.push(resolveIssue({ path: ["counts", id], message }, file, p.locate));
      }
      if (!scenario.train) {
        const message = "missing key (a comparison plans training on each device: it needs a train: block)";
        issues.push(inputIssue({ file, ...p.locate(["scenario"]), path: ["scenario", "train"], message }));
      }
      if (issues.length > 0) return bad(issues);
      const hardware = p.value.hardware ?? catalogs.devices.filter((d) => d.plannable).map((d) => d.id);
      const calibration = calibrationOf(scenario, catalogs);
      const { counts, deadlineDays, budgetUSD } = p.value;
      const sizing = { counts, deadlineDays, budgetUSD };
      return {
        ok: true,
        job: { op, scenario, hardware, objective: p.value.objective, sizing, calibration },
      };
    }
    case "port": {
      const p = parseWith(text, file, portRequestSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      const r = resolveIn(p.value.scenario as Scenario, catalogs, file, p.locate, ["scenario"]);
      if (!r.ok) return bad(r.issues);
      const to = p.value.to;
      const ids = catalogs.devices.map((d) => d.id);
      if (to !== undefined && !ids.includes(to)) {
        const message = `unknown hardware id "${to}"; closest: ${closest(to, ids).join(", ")}`;
        return bad([resolveIssue({ path: ["to"], message }, file, p.locate)]);
      }
      const s = r.value.scenario;
      if (to !== undefined && to !== s.hardware && !s.train && !s.infer) {
        const message = "missing key (a port evaluates a train: or infer: block on the target)";
        return bad([inputIssue({ file, ...p.locate(["scenario"]), path: ["scenario", "train"], message })]);
      }
      const calibration = calibrationOf(s, catalogs);
      const objective = p.value.objective;
      return { ok: true, job: { op, resolved: r.value, to, objective, calibration } };
    }
    case "emit": {
      const p = parseWith(text, file, emitRequestSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      const r = resolveIn(p.value.scenario as Scenario, catalogs, file, p.locate, ["scenario"]);
      if (!r.ok) return bad(r.issues);
      const s = r.value.scenario;
      const kind = p.value.kind ?? (s.train ? "train" : "infer");
      if (!s[kind]) {
        const message = `missing key (${kind === "train" ? "training" : "serving"} settings need a ${kind}: block)`;
        return bad([inputIssue({ file, ...p.locate(["scenario"]), path: ["scenario", kind], message })]);
      }
      const choice: EmitChoice = { kind, plan: p.value.plan };
      return { ok: true, job: { op, resolved: r.value, choice, calibration: calibrationOf(s, catalogs) } };
    }
    case "validate": {
      const p = parseWith(text, file, validateRequestSchema);
      if (!p.ok) return bad(p.errors.map(inputIssue));
      return { ok: true, job: { op, cases: p.value.cases as Case[] } };
    }
  }
}

/** Run a prepared job on the engine: the same job gives the same body. A search stops at about
 * 85 % of `control.budgetMs`, or when `control.signal` aborts, and answers its best so far
 * (stopped: true); it reports progress to `control.onProgress`. */
export async function execute(job: Job, engine: Engine, control: SearchControl = {}): Promise<OpResult> {
  const cat = job.calibration ? { ...engine.catalogs, calibration: job.calibration } : engine.catalogs;
  switch (job.op) {
    case "eval": {
      const result = evaluateScenario(job.resolved, cat);
      if (job.options.format) {
        const capacityGiB = job.resolved.device.memory.capacityGB?.value;
        const context = await reportContext(job.resolved, cat, result, {
          scenarioText: job.text,
          version: engine.version,
          signal: stopSignal(control),
        });
        const body = renderReport(result, job.options.format, { capacityGiB, context });
        return { status: 200, body, format: job.options.format };
      }
      // the timeline lists every pass of every micro-batch: built only when asked for
      const wanted = job.options.timeline || job.options.trace;
      const t = wanted && result.train ? trainingTimeline(result.train.layout, result.train.step) : undefined;
      const extra: { timeline?: unknown; trace?: unknown } = {};
      if (t && job.options.timeline) extra.timeline = t;
      if (t && job.options.trace) extra.trace = chromeTrace(t);
      return { status: 200, body: t && (extra.timeline || extra.trace) ? { ...result, ...extra } : result };
    }
    case "compare":
      return { status: 200, body: await runCompare(job, cat, control) };
    case "lifecycle":
      return { status: 200, body: runLifecycle(job.resolved, cat) };
    case "port":
      return { status: 200, body: runPort(job.resolved, cat, job.to, job.objective) };
    case "emit":
      return { status: 200, body: runEmit(job.resolved, cat, job.choice) };
    case "validate":
      return { status: 200, body: validateCases(job.cases, cat) };
    case "plan": {
      const r = job.resolved;
      const s = r.scenario;
      // prepare() only lets a scenario with a train: block through
      const train = s.train as NonNullable<typeof s.train>;
      const input = {
        arch: r.arch,
        device: r.device,
        ...engineInputs(cat),
        devices: s.devices,
        devicesPerNode: r.devicesPerNode,
        train,
        fixed: s.parallel,
        stack: s.stack,
        reliability: cat.reliability ? { catalog: cat.reliability, spec: s.reliability } : undefined,
        ...job.options,
      };
      return { status: 200, body: await runPlan(input, control) };
    }
    case "infer":
      return { status: 200, body: inferWithPlan(job.resolved, cat) };
    case "reliability":
      // The engine's eval computes it; the route exists so a client can ask for it by name.
      return { status: 200, body: evaluateScenario(job.resolved, cat) };
  }
}

/** Predict each case and compare with its measurements, in the `xpuplan validate --json` shape. */
export function validateCases(cases: Case[], cat: Catalogs) {
  const rows = cases.flatMap((c) => validateCase(c, cat));
  return { cases: rows, summary: summarise(rows) };
}

/**
 * Execute, turning a thrown Error into data: the engine throws a plain Error naming the field
 * for input its schema let through but the formulas refuse (that is the caller's input: 400);
 * anything else (TypeError, RangeError) is a bug (500).
 */
export async function safeExecute(job: Job, engine: Engine, control: SearchControl = {}): Promise<OpResult> {
  try {
    return await execute(job, engine, control);
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    const plain = e instanceof Error && e.constructor === Error;
    return plain
      ? { status: 400, body: { issues: [apiIssue("invalid_value", message)] } }
      : { status: 500, body: { issues: [apiIssue("internal", `internal error: ${message}`)] } };
  }
}

/** Prepare and execute in one go (the web worker, and the API's quick routes). */
export async function runText(
  op: OpName,
  text: string,
  engine: Engine,
  options: EvalOptions = {},
  file = "request",
  control: SearchControl = {},
): Promise<OpResult> {
  const p = prepare(op, text, engine.catalogs, options, file);
  if (!p.ok) return { status: p.status, body: p.body };
  return safeExecute(p.job, engine, control);
}
