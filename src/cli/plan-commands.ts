// `xpuplan plan`, `compare` and `port`: the decision commands over src/search, src/infer/plan,
// src/lifecycle, src/porting and src/export. Parsing and printing only.
import type { Command } from "commander";
import { loadCatalogs } from "../catalog/load.ts";
import {
  ENGINES,
  type Engine,
  emit,
  SERVE_ENGINES,
  serveEmitPlan,
  TRAIN_ENGINES,
  trainEmitPlan,
} from "../export/index.ts";
import { planInference } from "../infer/plan.ts";
import { evaluateLifecycle } from "../lifecycle/index.ts";
import { portingAdvice } from "../porting/index.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import { compareDevices, OBJECTIVES, type Objective, planTrainingAsync } from "../search/index.ts";
import { CliError } from "./files.ts";
import { formatInferPlan } from "./format-infer.ts";
import {
  formatCompare,
  formatEmitted,
  formatFindings,
  formatLifecycle,
  formatPlanResult,
  formatProgress,
} from "./format-plan.ts";

interface Io {
  loadScenario(file: string, cat: Catalogs): Resolved;
  print(s: string): void;
  json(x: unknown): void;
}

function objectiveOf(o: string | undefined): Objective {
  const v = (o ?? "time") as Objective;
  if (!(OBJECTIVES as readonly string[]).includes(v)) {
    throw new CliError([`--objective: "${o}" is not one of ${OBJECTIVES.join(", ")}`]);
  }
  return v;
}

function engineOf(e: string | undefined): Engine | undefined {
  if (e === undefined) return undefined;
  if (!(ENGINES as readonly string[]).includes(e))
    throw new CliError([`--emit: "${e}" is not one of ${ENGINES.join(", ")}`]);
  return e as Engine;
}

export function addPlanCommands(program: Command, io: Io): void {
  program
    .command("plan <file>")
    .description(
      "search the parallel layouts (and precision) the scenario leaves open; rank, Pareto front, rejections",
    )
    .option("--objective <o>", `${OBJECTIVES.join(" | ")} (default time)`)
    .option("--top <n>", "plans to show", "5")
    .option("--emit <engine>", `launch settings for the best plan: ${ENGINES.join(" | ")}`)
    .option("--json", "machine-readable output")
    .action(async (file: string, o: { objective?: string; top: string; emit?: string; json?: boolean }) => {
      const cat = loadCatalogs();
      const r = io.loadScenario(file, cat);
      const s = r.scenario;
      const objective = objectiveOf(o.objective);
      const engine = engineOf(o.emit);
      const top = Number(o.top);
      if (!Number.isInteger(top) || top < 1)
        throw new CliError([`--top: "${o.top}" is not a positive integer`]);
      if (s.lifecycle) {
        const res = evaluateLifecycle(s.lifecycle, s, cat, {
          reliability: cat.reliability ? { catalog: cat.reliability, spec: s.reliability } : undefined,
        });
        return o.json ? io.json(res) : io.print(formatLifecycle(res));
      }
      if (s.infer) {
        const res = planInference({
          arch: r.arch,
          device: r.device,
          calibration: cat.calibration,
          devicesPerNode: r.devicesPerNode,
          infer: s.infer,
          servingEngines: cat.servingEngines,
        });
        if (!res.ok)
          throw new CliError(
            res.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`),
            3,
          );
        const emitted =
          engine && res.plan.best
            ? (SERVE_ENGINES as readonly string[]).includes(engine)
              ? emit(serveEmitPlan(res.plan.best, r.arch, s.infer, r.devicesPerNode), engine)
              : undefined
            : undefined;
        if (engine && !emitted)
          throw new CliError([
            `--emit: ${engine} is a training engine; serving plans emit ${SERVE_ENGINES.join(", ")}`,
          ]);
        if (o.json) return io.json({ plan: res.plan, emitted });
        io.print(formatInferPlan(res.plan));
        if (emitted) io.print(`\n${formatEmitted(emitted)}`);
        return;
      }
      if (!s.train)
        throw new CliError([`${file}: train: missing key (plan needs a train:, infer: or lifecycle: block)`]);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      const started = Date.now();
      let lastDraw = 0;
      const tty = process.stderr.isTTY === true;
      const res = await planTrainingAsync({
        arch: r.arch,
        device: r.device,
        calibration: cat.calibration,
        devices: s.devices,
        devicesPerNode: r.devicesPerNode,
        train: s.train,
        fixed: s.parallel,
        objective,
        top,
        reliability: cat.reliability ? { catalog: cat.reliability, spec: s.reliability } : undefined,
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (!tty || now - started < 1000 || now - lastDraw < 100) return;
          lastDraw = now;
          process.stderr.write(`\r${formatProgress(p)}`);
        },
      });
      process.removeListener("SIGINT", stop);
      if (tty && Date.now() - started >= 1000) process.stderr.write("\n");
      let emitted: ReturnType<typeof emit> | undefined;
      if (engine && res.plans[0]) {
        if (!(TRAIN_ENGINES as readonly string[]).includes(engine)) {
          throw new CliError([
            `--emit: ${engine} is a serving engine; training plans emit ${TRAIN_ENGINES.join(", ")}`,
          ]);
        }
        emitted = emit(trainEmitPlan(res.plans[0], r.arch, s.train), engine);
      }
      if (o.json) {
        io.json({
          ...res,
          plans: res.plans.map(({ report: _r, ...p }) => p),
          pareto: res.pareto.map(({ report: _r, ...p }) => p),
          emitted,
        });
      } else {
        io.print(formatPlanResult(res));
        if (emitted) io.print(`\n${formatEmitted(emitted)}`);
      }
      if (!res.ok) process.exitCode = 3;
    });

  program
    .command("compare <file>")
    .description(
      "the best plan of the scenario on each device kind, side by side (intervals where figures are ranges)",
    )
    .requiredOption("--devices <ids>", "comma-separated device ids")
    .option("--objective <o>", `${OBJECTIVES.join(" | ")} (default time)`)
    .option("--json", "machine-readable output")
    .action((file: string, o: { devices: string; objective?: string; json?: boolean }) => {
      const cat = loadCatalogs();
      const r = io.loadScenario(file, cat);
      if (!r.scenario.train)
        throw new CliError([`${file}: train: missing key (compare needs a training scenario)`]);
      const ids = o.devices
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new CliError(["--devices: give at least one device id"]);
      const res = compareDevices(r.scenario, cat, ids, objectiveOf(o.objective), {
        reliability: cat.reliability ? { catalog: cat.reliability, spec: r.scenario.reliability } : undefined,
      });
      if (o.json)
        io.json({ ...res, rows: res.rows.map(({ plan, ...row }) => ({ ...row, parallel: plan?.parallel })) });
      else io.print(formatCompare(res));
    });

  program
    .command("port <file>")
    .description("what must change to run the scenario's model on another device, and what it costs")
    .option("--to <id>", "target device (default: the scenario's hardware)")
    .option("--json", "machine-readable output")
    .action((file: string, o: { to?: string; json?: boolean }) => {
      const cat = loadCatalogs();
      const r = io.loadScenario(file, cat);
      const device = o.to ? cat.devices.find((d) => d.id === o.to) : r.device;
      if (!device) throw new CliError([`--to: unknown hardware id "${o.to}"`]);
      const s = r.scenario;
      const findings = portingAdvice({
        arch: r.arch,
        device,
        calibration: cat.calibration,
        devices: s.devices,
        devicesPerNode: s.devicesPerNode,
        train: s.train,
        parallel: s.parallel,
        infer: s.infer,
      } as Parameters<typeof portingAdvice>[0]);
      if (o.json) io.json(findings);
      else io.print(formatFindings(findings, `Porting ${r.arch.name ?? "the model"} to ${device.id}`));
    });
}
