// What each command does once main.ts has parsed its arguments: load, call the engine, print,
// and set the exit status (2 bad input, 3 an answer that says no; src/cli/errors.ts).
// Loaded only when a command runs; the server, the report and the search load later still.

import { readFileSync, writeFileSync } from "node:fs";
import { evaluateScenario } from "../engine/evaluate.ts";
import { summarise, type ValidationRow, validateCase } from "../engine/validate.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import { scenarioCatalogs } from "../scenario/scenario-calibration.ts";
import { type Case, caseSchema, type Scenario } from "../scenario/schema.ts";
import { CliError, EXIT } from "./errors.ts";
import { findCaseFiles, readInput } from "./files.ts";
import { formatEval } from "./format-eval.ts";
import { formatInfer, formatInferPlan } from "./format-infer.ts";
import { formatPostTraining } from "./format-posttrain.ts";
import { formatReliability } from "./format-reliability.ts";
import { formatValidation } from "./format-validation.ts";
import {
  catalogsWith,
  type Loaded,
  type LoadOptions,
  loadScenarioFile,
  readNamedFiles,
} from "./load-scenario.ts";

export interface Io {
  print(s: string): void;
  json(x: unknown): void;
}
type FileOptions = LoadOptions & { json?: boolean };

const note = (s: string) => process.stderr.write(`xpuplan: ${s}\n`);

function load(file: string, o: LoadOptions): Loaded {
  const l = loadScenarioFile(file, o);
  for (const n of l.notes) note(n);
  return l;
}

/** An answer that says no (does not fit, SLO unmet): exit 3 after printing it. */
const unmetIf = (no: boolean) => {
  if (no) process.exitCode = EXIT.unmet;
};

/** Refuse a scenario that asks for nothing this command computes. */
function nothingToEvaluate(file: string, s: Scenario): never {
  const hint = s.lifecycle
    ? "its lifecycle: is planned by `xpuplan plan`"
    : "`xpuplan models ID` shows a model on its own";
  throw new CliError([
    `${file}: nothing to evaluate: add a train:, infer:, posttrain: or reliability: block (${hint})`,
  ]);
}

export function evalCommand(file: string, o: FileOptions, io: Io) {
  const { cat, resolved } = load(file, o);
  const s = resolved.scenario;
  if (!s.train && !s.infer && !s.posttrain && !s.reliability) nothingToEvaluate(file, s);
  const r = evaluateScenario(resolved, cat);
  if (o.json) io.json(r);
  else io.print(formatEval(r));
  unmetIf(r.issues.length > 0);
}

export async function trainCommand(file: string, o: FileOptions & { trace?: string }, io: Io) {
  const { cat, resolved } = load(file, o);
  if (!resolved.scenario.train)
    throw new CliError([`${file}: train: missing key (a training scenario needs a train: block)`]);
  const r = evaluateScenario(resolved, cat);
  if (o.trace && r.train) {
    const { chromeTrace } = await import("../report/chrome-trace.ts");
    const { trainingTimeline } = await import("../train/timeline.ts");
    writeFileSync(o.trace, JSON.stringify(chromeTrace(trainingTimeline(r.train.layout, r.train.step))));
  }
  if (o.json) io.json(r);
  else io.print(formatEval(r));
  unmetIf(r.issues.length > 0);
}

export async function inferCommand(file: string, o: FileOptions, io: Io) {
  const { cat, resolved } = load(file, o);
  const s = resolved.scenario;
  if (!s.infer)
    throw new CliError([`${file}: infer: missing key (a serving scenario needs an infer: block)`]);
  const r = evaluateScenario(resolved, cat);
  const { planInference } = await import("../infer/plan.ts");
  const planned = s.infer.requestsPerSecond
    ? planInference({
        arch: resolved.arch,
        device: resolved.device,
        ...engineInputs(cat),
        devicesPerNode: resolved.devicesPerNode,
        infer: s.infer,
      })
    : undefined;
  const unservable = planned !== undefined && !planned.ok;
  if (o.json) {
    io.json({
      ...r,
      plan: planned?.ok ? planned.plan : undefined,
      planIssues: planned && !planned.ok ? planned.issues : undefined,
    });
  } else {
    io.print(r.infer ? formatInfer(r.infer) : formatEval(r));
    if (r.infer) for (const i of r.issues) io.print(`error [${i.code}] ${i.path.join(".")}: ${i.message}`);
    if (planned) {
      io.print("");
      if (planned.ok) io.print(formatInferPlan(planned.plan));
      else
        for (const i of planned.issues)
          io.print(
            `planner: [${i.code}] ${i.message}: infer.requestsPerSecond ${s.infer.requestsPerSecond} is not served`,
          );
    }
  }
  unmetIf(r.issues.length > 0 || unservable);
}

export function posttrainCommand(file: string, o: FileOptions, io: Io) {
  const { cat, resolved } = load(file, o);
  const r = evaluateScenario(resolved, cat);
  if (!r.posttrain) {
    if (!resolved.scenario.posttrain)
      throw new CliError([`${file}: posttrain: missing key (add a posttrain: block)`]);
    // the block is there but its answer is "no" (does not fit, too long a sequence): data, exit 3
    if (o.json) io.json({ ok: false, issues: r.issues });
    else for (const i of r.issues) io.print(`error [${i.code}] ${i.path.join(".")}: ${i.message}`);
    return unmetIf(true);
  }
  if (o.json) io.json(r.posttrain);
  else io.print(formatPostTraining(r.posttrain));
  unmetIf(r.issues.length > 0);
}

/**
 * Reliability needs a duration: reliability.durationDays, or the training time (train.tokens at the
 * predicted throughput). With the layout left open, the plan search's best layout gives that time.
 */
export async function reliabilityCommand(file: string, o: FileOptions, io: Io) {
  const { cat, resolved } = load(file, o);
  const s = resolved.scenario;
  let r = evaluateScenario(resolved, cat);
  if (!r.reliability && s.train?.tokens !== undefined && !s.parallel && !s.reliability?.durationDays) {
    const { planTrainingAsync } = await import("../search/index.ts");
    const planned = await planTrainingAsync({
      arch: resolved.arch,
      device: resolved.device,
      calibration: cat.calibration,
      devices: s.devices,
      devicesPerNode: resolved.devicesPerNode,
      train: s.train,
      top: 1,
    });
    const best = planned.plans[0];
    if (best) {
      const train = { ...s.train, precision: best.precision };
      r = evaluateScenario({ ...resolved, scenario: { ...s, train, parallel: best.parallel } }, cat);
      const p = best.parallel;
      note(
        `the scenario leaves the layout open: the duration is that of the plan search's best layout ` +
          `(${best.precision}, tp ${p.tp} · pp ${p.pp} · dp ${p.dp} · ep ${p.ep}, micro-batch ${p.microBatch}, ` +
          `${p.schedule}, recompute ${p.recompute}, ZeRO ${p.zero}; xpuplan plan shows it)`,
      );
    }
  }
  if (!r.reliability) {
    throw new CliError([`${file}: reliability: ${missingDuration(s, r)}`]);
  }
  if (o.json) io.json(r.reliability);
  else io.print(formatReliability(r.reliability));
}

/** What exactly keeps the duration from being known. */
function missingDuration(s: Scenario, r: ReturnType<typeof evaluateScenario>): string {
  if (r.unpredicted.interruptions && !/durationDays/.test(r.unpredicted.interruptions))
    return r.unpredicted.interruptions;
  if (!s.train) return "missing key: reliability.durationDays (or a train: block with tokens)";
  if (s.train.tokens === undefined)
    return "missing key: reliability.durationDays, or train.tokens (the duration is tokens over the predicted throughput)";
  const why = r.unpredicted.stepTimeSeconds ?? r.issues.map((i) => i.message).join("; ");
  return (
    `the duration is train.tokens over the training throughput, which is not predicted (${why || "no layout fits"}); ` +
    "give a parallel: layout that fits, or reliability.durationDays"
  );
}

export function validateFiles(paths: string[], o: LoadOptions): ValidationRow[] {
  const cat = catalogsWith(o);
  return findCaseFiles(paths).flatMap((file) => {
    const parsed = readInput(file, caseSchema);
    if (!parsed.ok) throw new CliError(parsed.errors);
    const c = parsed.value as Case;
    const scenario = readNamedFiles(c.scenario, file, parsed.locate, ["scenario"], []);
    const own = scenarioCatalogs(scenario, cat);
    if (!own.ok)
      throw new CliError(own.errors.map((e) => `${file}: scenario.${e.path.join(".")}: ${e.message}`));
    return validateCase({ ...c, scenario }, own.value);
  });
}

export function validateCommand(paths: string[], o: FileOptions, io: Io) {
  const rows = validateFiles(paths, o);
  const summary = summarise(rows);
  if (o.json) io.json({ cases: rows, summary, mode: "in-sample" });
  else {
    io.print(formatValidation(rows, summary));
    io.print(
      "(in-sample: the catalog's efficiencies were fitted on the repository's cases; --cross-validate for out of sample)",
    );
  }
}

export async function reportCommand(file: string, o: LoadOptions & { output?: string; format?: string }) {
  const { isReportFormat, REPORT_FORMATS, renderReport, reportContext } = await import("../report/index.ts");
  const ext = o.output?.split(".").pop()?.toLowerCase();
  const format = o.format ?? (ext === "htm" ? "html" : ext && isReportFormat(ext) ? ext : "html");
  if (!isReportFormat(format))
    throw new CliError([`--format: "${format}" is not one of ${REPORT_FORMATS.join(", ")}`]);
  const { cat, resolved } = load(file, o);
  const r = evaluateScenario(resolved, cat);
  // the verdict's fix (the layout search), the scenario as written, the version: as the API's report
  const { version } = await import("./main.ts");
  const context = await reportContext(resolved, cat, r, {
    scenarioText: readFileSync(file, "utf8"),
    version: version(),
  });
  const text = renderReport(r, format, { capacityGiB: resolved.device.memory.capacityGB?.value, context });
  if (o.output) writeFileSync(o.output, text);
  else process.stdout.write(text);
  unmetIf(r.issues.length > 0);
}

export async function serverCommand(o: LoadOptions & { port: string; host: string }) {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError([`--port: "${o.port}" is not a port number`]);
  const catalogs = o.calibration ? catalogsWith(o) : undefined;
  const { startServer } = await import("../server/index.ts");
  const s = await startServer({ port, host: o.host, ...(catalogs ? { catalogs } : {}) });
  process.stderr.write(`xpuplan server listening on ${s.url} (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await s.close();
}

export async function schemaCommand(io: Io) {
  const { z } = await import("zod");
  const { scenarioSchema } = await import("../scenario/schema.ts");
  io.json(z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }));
}
