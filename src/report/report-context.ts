// What a report says besides the evaluation itself, gathered by the shell that writes it: the
// scenario as given, the tool's version, the catalog calibration's date, and, when the scenario's
// own plan does not fit, the fix the layout search finds (the same search `xpuplan plan` runs):
// the best layout for its devices, or failing that the fewest more devices that fit.
import type { EvalResult } from "../engine/evaluate.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import { planTrainingAsync, type TrainingPlan } from "../search/index.ts";

export interface ReportFix {
  /** "layout": another layout of the same devices fits; "devices": more devices are needed */
  kind: "layout" | "devices" | "none";
  plan?: Pick<TrainingPlan, "devices" | "precision" | "parallel"> & {
    figures: Pick<TrainingPlan["figures"], "days" | "tokensPerSecondPerDevice" | "memoryPerDeviceGiB">;
  };
  /** why there is none (kind none) */
  why?: string;
}

export interface ReportContext {
  /** the scenario as the user wrote it */
  scenarioText?: string;
  /** the tool's version (package.json) */
  version?: string;
  /** the day catalog/calibration.yaml last changed (its `updated:`) */
  calibrationDate?: string;
  /** the scenario brings its own calibration overlay */
  calibrationOverlay?: boolean;
  /** the device's display name */
  deviceName?: string;
  fix?: ReportFix;
}

const MORE = [2, 4, 8, 16];

const slim = (p: TrainingPlan): NonNullable<ReportFix["plan"]> => ({
  devices: p.devices,
  precision: p.precision,
  parallel: p.parallel,
  figures: {
    days: p.figures.days,
    tokensPerSecondPerDevice: p.figures.tokensPerSecondPerDevice,
    memoryPerDeviceGiB: p.figures.memoryPerDeviceGiB,
  },
});

/** The fix for a training scenario whose plan does not fit (undefined when it fits, or is no
 * training scenario): the layout search on its devices, then on 2, 4, 8 and 16 times as many. */
export async function findFix(
  r: Resolved,
  cat: Catalogs,
  result: EvalResult,
  signal?: AbortSignal,
): Promise<ReportFix | undefined> {
  const s = r.scenario;
  if (!s.train || (result.train && result.issues.length === 0)) return undefined;
  const base = {
    arch: r.arch,
    device: r.device,
    ...engineInputs(cat),
    devices: s.devices,
    devicesPerNode: r.devicesPerNode,
    train: s.train,
    stack: s.stack,
    signal,
  };
  const same = await planTrainingAsync({ ...base, objective: "time", top: 1 });
  if (same.plans[0]) return { kind: "layout", plan: slim(same.plans[0]) };
  const more = await planTrainingAsync({
    ...base,
    objective: "device-hours",
    top: 50,
    deviceCounts: MORE.map((k) => k * s.devices),
  });
  const fewest = [...more.plans].sort((a, b) => a.devices - b.devices || a.figures.days - b.figures.days)[0];
  if (fewest) return { kind: "devices", plan: slim(fewest) };
  return {
    kind: "none",
    why: more.issues[0]?.message ?? `no layout fits up to ${MORE.at(-1)} times the devices`,
  };
}

/** Everything a report needs besides the result, for the shells (CLI, API, web worker). */
export async function reportContext(
  r: Resolved,
  cat: Catalogs,
  result: EvalResult,
  o: { scenarioText?: string; version?: string; signal?: AbortSignal },
): Promise<ReportContext> {
  return {
    scenarioText: o.scenarioText,
    version: o.version,
    calibrationDate: cat.calibration.updated,
    calibrationOverlay: r.scenario.calibration !== undefined,
    deviceName: `${r.device.vendor} ${r.device.name}${r.device.variant ? ` ${r.device.variant}` : ""}`,
    fix: await findFix(r, cat, result, o.signal),
  };
}
