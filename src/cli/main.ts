// The command line: parse, validate, call the engine, print. It computes nothing of its own.
import { readFileSync, writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { z } from "zod";
import { loadCatalogs } from "../catalog/load.ts";
import { evaluateScenario } from "../engine/evaluate.ts";
import { planInference } from "../infer/plan.ts";
import { isReportFormat, REPORT_FORMATS, renderReport } from "../report/index.ts";
import { formatInputError } from "../scenario/parse.ts";
import { type Catalogs, resolveScenario } from "../scenario/resolve.ts";
import { type Case, caseSchema, type Scenario, scenarioSchema } from "../scenario/schema.ts";
import { startServer } from "../server/index.ts";
import { addCalibrateCommands } from "./calibrate-commands.ts";
import { CliError, findCaseFiles, readInput } from "./files.ts";
import { deviceListJson, formatDevice, formatDeviceList } from "./format-devices.ts";
import { formatEval } from "./format-eval.ts";
import { formatInfer, formatInferPlan } from "./format-infer.ts";
import { formatModel, formatModelList, modelListJson } from "./format-models.ts";
import { formatPostTraining } from "./format-posttrain.ts";
import { formatReliability } from "./format-reliability.ts";
import { addPlanCommands } from "./plan-commands.ts";
import { chromeTrace } from "./trace.ts";

const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const json = (x: unknown) => print(JSON.stringify(x, null, 2));

/** A scenario file, or a validation case file (its `scenario:` block). */
export function loadScenario(file: string, cat: Catalogs) {
  const asCase = looksLikeCase(file);
  const parsed = asCase ? readInput(file, caseSchema) : readInput(file, scenarioSchema);
  if (!parsed.ok) throw new CliError(parsed.errors.map(formatInputError));
  const scenario = (asCase ? (parsed.value as Case).scenario : parsed.value) as Scenario;
  const prefix = asCase ? ["scenario"] : [];
  const r = resolveScenario(scenario, cat);
  if (!r.ok) {
    throw new CliError(
      r.errors.map((e) =>
        formatInputError({
          file,
          ...parsed.locate([...prefix, ...e.path]),
          path: [...prefix, ...e.path],
          message: e.message,
        }),
      ),
    );
  }
  return r.value;
}

function looksLikeCase(file: string): boolean {
  try {
    return (
      /^scenario:/m.test(readFileSync(file, "utf8").slice(0, 200_000)) &&
      /^measured:/m.test(readFileSync(file, "utf8"))
    );
  } catch {
    return false;
  }
}

function evalFile(file: string) {
  const cat = loadCatalogs();
  return evaluateScenario(loadScenario(file, cat), cat);
}

export function buildProgram(): Command {
  const program = new Command("xpuplan")
    .description("Plan, predict and de-risk LLM training and inference across AI accelerators")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("devices [id]")
    .description("list the device catalog, or show one device with every figure and its source")
    .option("--json", "machine-readable output")
    .action((id: string | undefined, o: { json?: boolean }) => {
      const { devices } = loadCatalogs();
      if (id) {
        const d = devices.find((x) => x.id === id);
        if (!d) {
          const r = resolveScenario({ model: "x", hardware: id, devices: 1 } as Scenario, loadCatalogs());
          const msg = !r.ok ? r.errors.find((e) => e.path[0] === "hardware")?.message : undefined;
          throw new CliError([msg ?? `unknown hardware id "${id}"`]);
        }
        return o.json ? json(d) : print(formatDevice(d));
      }
      return o.json ? json(deviceListJson(devices)) : print(formatDeviceList(devices));
    });

  program
    .command("models [id]")
    .description("list the model catalog, or show one model's architecture and accounting")
    .option("--json", "machine-readable output")
    .action((id: string | undefined, o: { json?: boolean }) => {
      const { models } = loadCatalogs();
      if (id) {
        const m = models.find((x) => x.id === id);
        if (!m) {
          const r = resolveScenario({ model: id, hardware: "x", devices: 1 } as Scenario, loadCatalogs());
          const msg = !r.ok ? r.errors.find((e) => e.path[0] === "model")?.message : undefined;
          throw new CliError([msg ?? `unknown model id "${id}"`]);
        }
        return o.json ? json({ ...modelListJson([m])[0], arch: m.arch }) : print(formatModel(m));
      }
      return o.json ? json(modelListJson(models)) : print(formatModelList(models));
    });

  program
    .command("eval <file>")
    .description("predict everything the engine can for one scenario (YAML or JSON)")
    .option("--json", "machine-readable output")
    .action((file: string, o: { json?: boolean }) => {
      const r = evalFile(file);
      if (o.json) json(r);
      else print(formatEval(r));
      if (r.issues.length > 0) process.exitCode = 3;
    });

  program
    .command("train <file>")
    .description("the training report: step-time breakdown, memory, days, energy, cost")
    .option("--json", "machine-readable output")
    .option("--trace <out>", "write one step's pipeline schedule as Chrome-trace JSON (opens in Perfetto)")
    .action((file: string, o: { json?: boolean; trace?: string }) => {
      const r = evalFile(file);
      if (!r.train && r.issues.length === 0)
        throw new CliError([`${file}: train: missing key (a training scenario needs a train: block)`]);
      if (o.trace && r.train) writeFileSync(o.trace, JSON.stringify(chromeTrace(r.train)));
      if (o.json) json(r);
      else print(formatEval(r));
      if (r.issues.length > 0) process.exitCode = 3;
    });

  program
    .command("infer <file>")
    .description(
      "serving: prefill, decode, TTFT/TPOT, batch, memory and the latency/throughput curve; with " +
        "infer.requestsPerSecond, the devices, configuration and cost per million tokens that serve it",
    )
    .option("--json", "machine-readable output")
    .action((file: string, o: { json?: boolean }) => {
      const cat = loadCatalogs();
      const resolved = loadScenario(file, cat);
      const s = resolved.scenario;
      if (!s.infer)
        throw new CliError([`${file}: infer: missing key (a serving scenario needs an infer: block)`]);
      const r = evaluateScenario(resolved, cat);
      const planned = s.infer.requestsPerSecond
        ? planInference({
            arch: resolved.arch,
            device: resolved.device,
            calibration: cat.calibration,
            devicesPerNode: resolved.devicesPerNode,
            infer: s.infer,
            servingEngines: cat.servingEngines,
          })
        : undefined;
      if (o.json) return json({ ...r, plan: planned?.ok ? planned.plan : undefined });
      print(r.infer ? formatInfer(r.infer) : formatEval(r));
      for (const i of r.issues) print(`error [${i.code}] ${i.path.join(".")}: ${i.message}`);
      if (planned) {
        print("");
        if (planned.ok) print(formatInferPlan(planned.plan));
        else for (const i of planned.issues) print(`planner: [${i.code}] ${i.message}`);
      }
      if (r.issues.length > 0) process.exitCode = 3;
    });

  program
    .command("posttrain <file>")
    .description(
      "fine-tuning (full, LoRA) or an RL step: rollout, scoring, update, weight transfer, per fleet",
    )
    .option("--json", "machine-readable output")
    .action((file: string, o: { json?: boolean }) => {
      const r = evalFile(file);
      if (!r.posttrain) {
        throw new CliError([
          `${file}: posttrain: ${r.unpredicted.posttrain ?? "missing key (add a posttrain: block)"}`,
        ]);
      }
      if (o.json) json(r.posttrain);
      else print(formatPostTraining(r.posttrain));
      if (r.issues.length > 0) process.exitCode = 3;
    });

  program
    .command("reliability <file>")
    .description("interruptions, checkpoint interval, goodput and the Monte Carlo of completion time")
    .option("--json", "machine-readable output")
    .action((file: string, o: { json?: boolean }) => {
      const r = evalFile(file);
      if (!r.reliability) {
        throw new CliError([
          `${file}: reliability: ${r.unpredicted.interruptions ?? "missing key (add a reliability: block with durationDays, or train.tokens)"}`,
        ]);
      }
      if (o.json) json(r.reliability);
      else print(formatReliability(r.reliability));
    });

  addCalibrateCommands(program, { print, json });

  addPlanCommands(program, { loadScenario, print, json });

  program
    .command("report <file>")
    .description(
      "write a report of one scenario: one self-contained HTML file with inline SVG charts, or md/csv/json",
    )
    .option("-o, --output <out>", "output file (default: standard output)")
    .option("--format <format>", "html | md | csv | json (default: from the output's extension, else html)")
    .action((file: string, o: { output?: string; format?: string }) => {
      const ext = o.output?.split(".").pop()?.toLowerCase();
      const format = o.format ?? (ext === "htm" ? "html" : ext && isReportFormat(ext) ? ext : "html");
      if (!isReportFormat(format))
        throw new CliError([`--format: "${format}" is not one of ${REPORT_FORMATS.join(", ")}`]);
      const cat = loadCatalogs();
      const resolved = loadScenario(file, cat);
      const r = evaluateScenario(resolved, cat);
      const text = renderReport(r, format, { capacityGiB: resolved.device.memory.capacityGB?.value });
      if (o.output) writeFileSync(o.output, text);
      else process.stdout.write(text);
    });

  program
    .command("server")
    .description(
      "the HTTP API (OpenAPI at /openapi.json) and the web app at /; loopback unless --host says otherwise",
    )
    .option("--port <port>", "port (0 picks a free one)", "8787")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(async (o: { port: string; host: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError([`--port: "${o.port}" is not a port number`]);
      const s = await startServer({ port, host: o.host });
      process.stderr.write(`xpuplan server listening on ${s.url} (Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await s.close();
    });

  program
    .command("schema")
    .description("print the scenario's JSON Schema (for editors)")
    .action(() => json(z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" })));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError) {
      for (const l of e.lines) process.stderr.write(`xpuplan: ${l}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`xpuplan: ${msg.split("\n").join("\nxpuplan: ")}\n`);
    if (process.env.XPUPLAN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && /(?:main\.ts|xpuplan(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
