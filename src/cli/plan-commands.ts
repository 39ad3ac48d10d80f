// `xpuplan plan`, `compare` and `port`: the decision commands over src/search, src/infer/plan,
// src/lifecycle, src/porting and src/export. Parsing and printing only.

import type { Command } from "commander";
import { costBasis } from "../economics/job-cost.ts";
import {
  type Emitted,
  ENGINES,
  type Engine,
  emitFor,
  SERVE_ENGINES,
  serveEmitPlan,
  TRAIN_ENGINES,
  trainEmitPlan,
} from "../export/index.ts";
import { planInference } from "../infer/plan.ts";
import { evaluateLifecycle } from "../lifecycle/index.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import { compareDevices, OBJECTIVES, type Objective, planTrainingAsync } from "../search/index.ts";
import { runPort } from "../server/decisions.ts";
import { CliError, EXIT, unknownIds } from "./errors.ts";
import { formatInferPlan } from "./format-infer.ts";
import {
  formatCompare,
  formatEmitted,
  formatFindings,
  formatLifecycle,
  formatPlanResult,
  formatProgress,
} from "./format-plan.ts";
import { formatPort } from "./format-port.ts";

interface Io {
  /** the scenario file resolved, and the catalogs it computes on (its calibration overlays applied) */
  load(file: string, o: object): { cat: Catalogs; resolved: Resolved };
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

function emittedOrError(r: ReturnType<typeof emitFor>): Emitted {
  if (!r.ok) throw new CliError([`--emit: ${r.message}`]);
  return r.emitted;
}

function engineOf(e: string | undefined): Engine | undefined {
  if (e === undefined) return undefined;
  if (!(ENGINES as readonly string[]).includes(e))
    throw new CliError([`--emit: "${e}" is not one of ${ENGINES.join(", ")}`]);
  return e as Engine;
}

function positiveOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0)) throw new CliError([`${name}: "${v}" is not a positive number`]);
  return n;
}

/** "h800:2048,910c" -> catalog ids (an exact id, or whole parts of exactly one) and per-kind counts. */
export function deviceList(text: string, known: string[]): { ids: string[]; counts: Record<string, number> } {
  const ids: string[] = [];
  const counts: Record<string, number> = {};
  for (const item of text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [name, count] = item.split(":");
    // whole dash-separated parts: "h20" names nvidia-h20, not nvidia-h200-sxm
    const hits = known.includes(name) ? [name] : known.filter((k) => `-${k}-`.includes(`-${name}-`));
    // an unknown name is refused below with the closest ids
    const id = hits.length === 1 ? hits[0] : name;
    if (hits.length > 1)
      throw new CliError([`--devices: "${name}" matches ${hits.join(", ")}; give one of them`]);
    ids.push(id);
    if (count !== undefined) {
      const n = Number(count);
      if (!Number.isInteger(n) || n < 1)
        throw new CliError([`--devices: "${item}": the count is not a positive integer`]);
      counts[id] = n;
    }
  }
  if (ids.length === 0) throw new CliError(["--devices: give at least one device id"]);
  const unknown = unknownIds(
    ids.filter((id) => !known.includes(id)),
    known,
    "--devices",
  );
  if (unknown.length > 0) throw new CliError(unknown);
  return { ids, counts };
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
      const { cat, resolved: r } = io.load(file, o);
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
        if (res.phases.some((ph) => ph.chosen === undefined)) process.exitCode = EXIT.unmet;
        return o.json ? io.json(res) : io.print(formatLifecycle(res));
      }
      if (s.infer) {
        const res = planInference({
          arch: r.arch,
          device: r.device,
          ...engineInputs(cat),
          devicesPerNode: r.devicesPerNode,
          infer: s.infer,
        });
        if (!res.ok)
          throw new CliError(
            res.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`),
            3,
          );
        if (engine && !(SERVE_ENGINES as readonly string[]).includes(engine))
          throw new CliError([
            `--emit: ${engine} is a training engine; serving plans emit ${SERVE_ENGINES.join(", ")}`,
          ]);
        const emitted = engine
          ? emittedOrError(
              emitFor(serveEmitPlan(res.plan.best, r.arch, s.infer, r.devicesPerNode), engine, r.device.id),
            )
          : undefined;
        if (o.json) return io.json({ plan: res.plan, emitted });
        io.print(formatInferPlan(res.plan));
        io.print(`cost basis: ${costBasis(r.device.pricing)}`);
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
        ...engineInputs(cat),
        devices: s.devices,
        devicesPerNode: r.devicesPerNode,
        train: s.train,
        fixed: s.parallel,
        stack: s.stack,
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
      let emitted: Emitted | undefined;
      if (engine && res.plans[0]) {
        if (!(TRAIN_ENGINES as readonly string[]).includes(engine)) {
          throw new CliError([
            `--emit: ${engine} is a serving engine; training plans emit ${TRAIN_ENGINES.join(", ")}`,
          ]);
        }
        emitted = emittedOrError(emitFor(trainEmitPlan(res.plans[0], r.arch, s.train), engine, r.device.id));
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
      if (!res.ok) process.exitCode = EXIT.unmet;
    });

  program
    .command("compare <file>")
    .description(
      "the plan search of `plan` on each device kind, side by side: same objective, each at its best legal precision; " +
        "by the same device count, per-kind counts, a deadline or a budget (intervals where figures are ranges)",
    )
    .requiredOption(
      "--devices <ids>",
      "comma-separated device ids, each optionally id:count (h800:2048,910c:4096)",
    )
    .option("--objective <o>", `${OBJECTIVES.join(" | ")} (default time)`)
    .option("--deadline-days <n>", "size each kind: the fewest devices whose fastest plan ends within n days")
    .option("--budget-usd <x>", "size each kind: the most devices whose cheapest plan costs at most x USD")
    .option("--json", "machine-readable output")
    .action(
      (
        file: string,
        o: { devices: string; objective?: string; deadlineDays?: string; budgetUsd?: string; json?: boolean },
      ) => {
        const { cat, resolved: r } = io.load(file, o);
        if (!r.scenario.train)
          throw new CliError([`${file}: train: missing key (compare needs a training scenario)`]);
        const { ids, counts } = deviceList(
          o.devices,
          cat.devices.map((d) => d.id),
        );
        const deadlineDays = positiveOption("--deadline-days", o.deadlineDays);
        const budgetUSD = positiveOption("--budget-usd", o.budgetUsd);
        if (deadlineDays !== undefined && budgetUSD !== undefined)
          throw new CliError(["--deadline-days and --budget-usd: give one or the other"]);
        const res = compareDevices(r.scenario, cat, ids, objectiveOf(o.objective), {
          reliability: cat.reliability
            ? { catalog: cat.reliability, spec: r.scenario.reliability }
            : undefined,
          counts,
          deadlineDays,
          budgetUSD,
        });
        if (o.json)
          io.json({
            ...res,
            rows: res.rows.map(({ plan, ...row }) => ({ ...row, parallel: plan?.parallel })),
          });
        else io.print(formatCompare(res));
        if (!res.rows.some((row) => row.ok)) process.exitCode = EXIT.unmet;
      },
    );

  program
    .command("port <file>")
    .description(
      "move the scenario to another device: the same setup there (fit, time, money), the target's best plan, what the move costs and why",
    )
    .option("--to <id>", "target device (without it: what to watch on the scenario's own device)")
    .option("--objective <o>", `${OBJECTIVES.join(" | ")} for the target's best plan (default time)`)
    .option("--json", "machine-readable output")
    .action((file: string, o: { to?: string; objective?: string; json?: boolean }) => {
      const { cat, resolved: r } = io.load(file, o);
      const device = o.to ? cat.devices.find((d) => d.id === o.to) : r.device;
      if (!device)
        throw new CliError(
          unknownIds(
            [o.to ?? ""],
            cat.devices.map((d) => d.id),
            "--to",
          ),
        );
      // the same decision the API and the web app make (src/server/decisions.ts)
      const answer = runPort(r, cat, device.id, objectiveOf(o.objective));
      if (answer.mode === "port")
        return o.json ? io.json(answer.result) : io.print(formatPort(answer.result));
      const findings = answer.findings;
      if (o.json) io.json(findings);
      else io.print(formatFindings(findings, `Porting ${r.arch.name ?? "the model"} to ${device.id}`));
    });
}
