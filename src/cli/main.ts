// The command line: parse, validate, call the engine, print. It computes nothing of its own.
// Start-up matters (a command is run many times a day): this file declares every command but
// imports the code behind one only when that command runs, so `xpuplan devices` loads the
// catalogs and little else.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CliError, EXIT, issueOf, reportError } from "./errors.ts";

const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const json = (x: unknown) => print(JSON.stringify(x, null, 2));

/** package.json's version, read from the checkout or the installed package (src/ or dist/ alike). */
export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    return String(pkg.version);
  } catch {
    return "0.0.0";
  }
}

/** Commands that evaluate, and so take --calibration. */
export const EVALUATING = [
  "eval",
  "train",
  "infer",
  "posttrain",
  "reliability",
  "validate",
  "calibrate",
  "plan",
  "compare",
  "port",
  "report",
  "server",
] as const;

/** One example per command, shown by `xpuplan COMMAND --help`. */
export const EXAMPLES: Record<string, string[]> = {
  devices: ["xpuplan devices", "xpuplan devices nvidia-h100-sxm --json"],
  models: ["xpuplan models", "xpuplan models deepseek-v3", "xpuplan models import ./Qwen3-8B/"],
  import: ["xpuplan models import path/to/config.json", "xpuplan models import ./model-folder --id my-model"],
  eval: [
    "xpuplan eval examples/llama3-70b-910b.yaml",
    "xpuplan eval my.yaml --calibration calibration.yaml --json",
  ],
  train: ["xpuplan train examples/deepseek-v3-h800.yaml --trace step.json"],
  infer: ["xpuplan infer examples/serve-deepseek-r1-plan.yaml"],
  posttrain: ["xpuplan posttrain examples/sft-qwen3-8b-lora.yaml"],
  reliability: ["xpuplan reliability examples/deepseek-v3-h800.yaml"],
  validate: [
    "xpuplan validate validation/cases",
    "xpuplan validate validation/cases --cross-validate --json",
  ],
  calibrate: [
    "xpuplan calibrate my-runs/ -o my-cluster.yaml",
    "xpuplan eval plan.yaml --calibration my-cluster.yaml",
  ],
  plan: ["xpuplan plan examples/deepseek-v3-plan-h800.yaml --emit megatron"],
  compare: ["xpuplan compare examples/llama3-70b-compare.yaml --devices nvidia-h100-sxm,huawei-ascend-910b2"],
  port: ["xpuplan port examples/deepseek-v3-h800.yaml --to huawei-ascend-910c"],
  report: ["xpuplan report examples/llama3-70b-910b.yaml -o report.html"],
  server: ["xpuplan server --port 8787"],
  schema: ["xpuplan schema > scenario.schema.json"],
};

type Handlers = typeof import("./commands.ts");
const handlers = (): Promise<Handlers> => import("./commands.ts");
const calibrateHandlers = (): Promise<typeof import("./calibrate-commands.ts")> =>
  import("./calibrate-commands.ts");
const catalogCommands = (): Promise<typeof import("./catalog-commands.ts")> =>
  import("./catalog-commands.ts");

/** The plan, compare and port commands pull in the search and the exporters: only when asked. */
function needsPlanCommands(argv: string[], own: Set<string>): boolean {
  const first = argv.find((a) => !a.startsWith("-"));
  return first === undefined || first === "help" || !own.has(first);
}

export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command("xpuplan")
    .description("Plan, predict and de-risk LLM training and inference across AI accelerators")
    .version(version(), "-V, --version", "print the version")
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const j = "machine-readable output (errors too: {error: {exitCode, code, issues}})";

  program
    .command("devices [id]")
    .description("list the device catalog, or show one device with every figure and its source")
    .option("--json", j)
    .action(async (id: string | undefined, o: { json?: boolean }) =>
      (await catalogCommands()).devices(id, o, { print, json }),
    );

  const models = program
    .command("models [id]")
    .description("list the model catalog, or show one model's architecture and accounting")
    .option("--json", j)
    .action(async (id: string | undefined, o: { json?: boolean }) =>
      (await catalogCommands()).models(id, o, { print, json }),
    );
  models
    .command("import <path>")
    .description(
      "print the catalog entry (catalog/models/<id>.yaml) of a Hugging Face config.json or model folder",
    )
    .option("--id <id>", "the entry's id (default: from the config's name)")
    .option("--name <name>", "display name")
    .option("--url <url>", "where the config.json is published (default: its Hub page, else the file)")
    .option("--json", j)
    // `models` has --json too: commander gives it to the parent, so read both
    .action(async (path: string, _o, cmd: Command) =>
      (await catalogCommands()).modelsImport(path, cmd.optsWithGlobals(), { print, json }),
    );

  const io = { print, json };
  const fileCommand = (name: string, description: string) =>
    program.command(`${name} <file>`).description(description).option("--json", j);

  fileCommand("eval", "predict everything the engine can for one scenario (YAML or JSON)").action(
    async (file: string, o) => (await handlers()).evalCommand(file, o, io),
  );
  fileCommand("train", "the training report: step-time breakdown, memory, days, energy, cost")
    .option("--trace <out>", "write one step's pipeline schedule as Chrome-trace JSON (opens in Perfetto)")
    .action(async (file: string, o) => (await handlers()).trainCommand(file, o, io));
  fileCommand(
    "infer",
    "serving: prefill, decode, TTFT/TPOT, batch, memory and the latency/throughput curve; with " +
      "infer.requestsPerSecond, the devices, configuration and cost per million tokens that serve it",
  ).action(async (file: string, o) => (await handlers()).inferCommand(file, o, io));
  fileCommand(
    "posttrain",
    "fine-tuning (full, LoRA) or an RL step: rollout, scoring, update, weight transfer, per fleet",
  ).action(async (file: string, o) => (await handlers()).posttrainCommand(file, o, io));
  fileCommand(
    "reliability",
    "interruptions, checkpoint interval, goodput and the Monte Carlo of completion time",
  ).action(async (file: string, o) => (await handlers()).reliabilityCommand(file, o, io));

  program
    .command("validate <paths...>")
    .description("predict every case below the paths and print the error table")
    .option("--json", j)
    .option(
      "--cross-validate",
      "out of sample: refit without each source's cases and predict them (leave-one-source-out)",
    )
    .action(async (paths: string[], o) =>
      o.crossValidate
        ? (await calibrateHandlers()).crossValidateCommand(paths, o, io)
        : (await handlers()).validateCommand(paths, o, io),
    );

  program
    .command("calibrate <paths...>")
    .description(
      "fit the per-family efficiencies on your own measured runs (validation case files) and write a calibration overlay",
    )
    .requiredOption("-o, --output <file>", "where to write the overlay (YAML)")
    .option("--json", j)
    .action(async (paths: string[], o) => (await calibrateHandlers()).calibrateCommand(paths, o, io));

  program
    .command("report <file>")
    .description(
      "write a report of one scenario: one self-contained HTML file with inline SVG charts, or md/csv/json",
    )
    .option("-o, --output <out>", "output file (default: standard output)")
    .option("--format <format>", "html | md | csv | json (default: from the output's extension, else html)")
    .action(async (file: string, o) => (await handlers()).reportCommand(file, o));

  program
    .command("server")
    .description(
      "the HTTP API (OpenAPI at /openapi.json) and the web app at /; loopback unless --host says otherwise",
    )
    .option("--port <port>", "port (0 picks a free one)", "8787")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(async (o) => (await handlers()).serverCommand(o));

  program
    .command("schema")
    .description("print the scenario's JSON Schema (for editors: every key with its description)")
    .action(async () => (await handlers()).schemaCommand(io));

  // Registered last, so that every command of this file is known here: a command added above is
  // never mistaken for one of these.
  const own = new Set(program.commands.map((c) => c.name()));
  if (needsPlanCommands(argv, own)) {
    const { addPlanCommands } = await import("./plan-commands.ts");
    const { loadScenarioFile } = await import("./load-scenario.ts");
    addPlanCommands(program, {
      print,
      json,
      load: (file: string, o: object) => {
        const l = loadScenarioFile(file, o);
        for (const n of l.notes) process.stderr.write(`xpuplan: ${n}\n`);
        return { cat: l.cat, resolved: l.resolved };
      },
    });
  }

  for (const c of program.commands) {
    if ((EVALUATING as readonly string[]).includes(c.name())) {
      c.option(
        "--calibration <file>",
        "a calibration overlay (what xpuplan calibrate writes) merged over catalog/calibration.yaml",
      );
    }
  }
  for (const c of [...program.commands, ...models.commands]) {
    const ex = EXAMPLES[c.name()];
    if (ex)
      c.addHelpText(
        "after",
        `\nExample${ex.length > 1 ? "s" : ""}:\n${ex.map((e) => `  $ ${e}`).join("\n")}\n`,
      );
  }
  program.addHelpText(
    "after",
    "\nExit status: 0 an answer, 2 bad input, 3 an answer that says no (does not fit, SLO unmet,\n" +
      "no device has a plan), 1 a bug. Run `xpuplan COMMAND --help` for each command's example.\n",
  );
  return program;
}

/** `xpuplan devices | head`: a reader that stops early is no error. */
let pipeWatched = false;
function quietOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const asJson = argv.includes("--json");
  try {
    const program = await buildProgram(argv);
    process.exitCode = undefined;
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.answer;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.answer;
      // commander has printed its message on stderr already
      if (asJson) {
        const message = e.message.replace(/^error: /, "");
        process.stdout.write(
          `${JSON.stringify({ error: { exitCode: EXIT.badInput, code: "bad_input", issues: [issueOf(message)] } }, null, 2)}\n`,
        );
      }
      return EXIT.badInput;
    }
    if (e instanceof CliError) return reportError(e.issues, e.exitCode, asJson);
    // The engine throws a plain Error naming the field for input its schema let through but its
    // formulas refuse: that is bad input. Anything else (TypeError, RangeError) is a bug.
    const plain = e instanceof Error && e.constructor === Error;
    const msg = e instanceof Error ? e.message : String(e);
    if (process.env.XPUPLAN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return reportError(
      [issueOf(plain ? msg : `internal error: ${msg}`)],
      plain ? EXIT.badInput : EXIT.internal,
      asJson,
    );
  }
}

const isEntry = process.argv[1] && /main\.[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
