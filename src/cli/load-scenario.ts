// A scenario or case file as the commands use it: parsed and checked, the files it names read
// (model: {hf: path}, calibration: path, both relative to the file), the calibration overlays
// merged (catalog, then the scenario's, then --calibration), and resolved against the catalogs.
// Every problem is one line naming the file, line:column and key path.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadCatalogs } from "../catalog/load.ts";
import { calibrationOverlaySchema } from "../hardware/calibration-overlay.ts";
import { archFromHfConfig, HfConfigError } from "../model/hf-config.ts";
import { paramCounts } from "../model/param-counts.ts";
import { type InputError, type Locate, MAX_INPUT_BYTES, parseWith } from "../scenario/parse.ts";
import { type Catalogs, type Resolved, resolveScenario } from "../scenario/resolve.ts";
import { withCalibration } from "../scenario/scenario-calibration.ts";
import { type Case, caseSchema, type Scenario, scenarioSchema } from "../scenario/schema.ts";
import { CliError } from "./errors.ts";
import { readHfModel } from "./hf-files.ts";

export interface LoadOptions {
  /** --calibration FILE: an overlay applied over everything else */
  calibration?: string;
}

export interface Loaded {
  cat: Catalogs;
  resolved: Resolved;
  /** things worth saying that are not errors (printed on stderr) */
  notes: string[];
}

function readText(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new CliError([`${file}: is a directory, not a file`]);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError([`${file}: no such file`]);
  }
  if (size > MAX_INPUT_BYTES)
    throw new CliError([`${file}: file is ${size} bytes; the limit is ${MAX_INPUT_BYTES}`]);
  return readFileSync(file, "utf8");
}

const overlays = new Map<string, unknown>();

/** A calibration overlay file (YAML or JSON), checked for its shape; cached per path. */
export function readCalibrationFile(file: string): unknown {
  if (overlays.has(file)) return overlays.get(file);
  const p = parseWith(readText(file), file, calibrationOverlaySchema);
  if (!p.ok) throw new CliError(p.errors);
  overlays.set(file, p.value);
  return p.value;
}

/** The catalogs with the --calibration overlay, for commands that read no scenario. */
export function catalogsWith(o: LoadOptions): Catalogs {
  const cat = loadCatalogs();
  if (!o.calibration) return cat;
  const r = withCalibration(cat, readCalibrationFile(o.calibration));
  if (!r.ok) throw new CliError(r.errors.map((e) => `${o.calibration}: ${e.message}`));
  return r.value;
}

/**
 * Read the files a scenario names, relative to `file`: {hf: path} becomes the inline architecture,
 * a calibration path becomes the overlay itself, so the engine sees only data.
 */
export function readNamedFiles(
  s: Scenario,
  file: string,
  locate: Locate,
  prefix: (string | number)[],
  notes: string[],
): Scenario {
  const at = (path: (string | number)[], message: string): InputError => ({
    file,
    ...locate([...prefix, ...path]),
    path: [...prefix, ...path],
    message,
  });
  const dir = dirname(file);
  let out = s;
  if (typeof s.model === "object" && "hf" in s.model) {
    const hf = readHfModel(resolve(dir, s.model.hf), s.model.hf);
    try {
      const arch = archFromHfConfig(hf.config, hf.file);
      out = { ...out, model: arch };
      if (hf.checkpoint) {
        const pc = paramCounts(arch);
        const diff = hf.checkpoint.total / (pc.total + pc.mtpStored) - 1;
        if (Math.abs(diff) > 0.02) {
          notes.push(
            `warning: ${file}: model.hf: the checkpoint holds ${hf.checkpoint.total.toLocaleString("en-US")} parameters ` +
              `(${hf.checkpoint.from}), ${(100 * diff).toFixed(1)} % from the architecture's ` +
              `${(pc.total + pc.mtpStored).toLocaleString("en-US")}: the importer may miss a part of this model`,
          );
        }
      }
    } catch (e) {
      if (e instanceof HfConfigError) throw new CliError([at(["model", "hf"], e.message)]);
      throw e;
    }
  }
  if (typeof s.calibration === "string") {
    const overlay = readCalibrationFile(resolve(dir, s.calibration));
    out = { ...out, calibration: overlay as Record<string, unknown> };
  }
  return out;
}

/** A scenario file, or a validation case file (its `scenario:` block). */
export function loadScenarioFile(file: string, o: LoadOptions = {}): Loaded {
  const text = readText(file);
  const asCase = /^scenario:/m.test(text) && /^measured:/m.test(text);
  const parsed = asCase ? parseWith(text, file, caseSchema) : parseWith(text, file, scenarioSchema);
  if (!parsed.ok) throw new CliError(parsed.errors);
  const prefix = asCase ? ["scenario"] : [];
  const notes: string[] = [];
  const given = (asCase ? (parsed.value as Case).scenario : parsed.value) as Scenario;
  const scenario = readNamedFiles(given, file, parsed.locate, prefix, notes);
  const where = (path: (string | number)[], message: string): InputError => ({
    file,
    ...parsed.locate([...prefix, ...path]),
    path: [...prefix, ...path],
    message:
      typeof given.calibration === "string" && path[0] === "calibration"
        ? `${given.calibration}: ${message}`
        : message,
  });
  const own = withCalibration(loadCatalogs(), scenario.calibration);
  if (!own.ok) throw new CliError(own.errors.map((e) => where(e.path, e.message)));
  let cat = own.value;
  if (o.calibration) {
    const flag = withCalibration(cat, readCalibrationFile(o.calibration));
    if (!flag.ok) throw new CliError(flag.errors.map((e) => `${o.calibration}: ${e.message}`));
    cat = flag.value;
  }
  const r = resolveScenario(scenario, cat);
  if (!r.ok) throw new CliError(r.errors.map((e) => where(e.path, e.message)));
  return { cat, resolved: r.value, notes };
}
