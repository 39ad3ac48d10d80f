// `xpuplan eval`: one scenario in, every metric the engine can predict out, as plain data.
// Metrics it cannot predict for this scenario are listed with the reason, never dropped.
import type { Issue } from "../issues.ts";
import { paramCounts } from "../model/param-counts.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import { evaluateTraining, type TrainReport } from "../train/evaluate.ts";

export type MetricName =
  | "tokensPerSecondPerDevice"
  | "stepTimeSeconds"
  | "tflopsPerDevice"
  | "mfu"
  | "deviceHours"
  | "memoryPerDeviceGiB"
  | "prefillTokensPerSecondPerDevice"
  | "decodeTokensPerSecondPerDevice"
  | "outputTokensPerSecond"
  | "ttftSeconds"
  | "tpotSeconds"
  | "interruptions"
  | "effectiveTrainingTimeFraction";

export interface EvalResult {
  kind: "train" | "infer" | "reliability" | "model";
  model: { name: string; totalParams: number; activeParams: number; mtpParams: number };
  hardware: string;
  devices: number;
  metrics: Partial<Record<MetricName | string, number>>;
  /** metric → why it has no value */
  unpredicted: Record<string, string>;
  issues: Issue[];
  warnings: Issue[];
  train?: TrainReport;
}

export function evaluateScenario(r: Resolved, cat: Catalogs): EvalResult {
  const s = r.scenario;
  const pc = paramCounts(r.arch);
  const out: EvalResult = {
    kind: s.train ? "train" : s.infer ? "infer" : s.reliability ? "reliability" : "model",
    model: { name: r.arch.name ?? r.modelId ?? "model", totalParams: pc.total, activeParams: pc.active, mtpParams: pc.mtp },
    hardware: r.device.id,
    devices: s.devices,
    metrics: {},
    unpredicted: {},
    issues: [],
    warnings: [],
  };
  if (!r.device.plannable) {
    out.warnings.push({
      code: "device_not_plannable",
      path: ["hardware"],
      message: `${r.device.id} is missing figures planning needs: ${(r.device.notPlannableReasons ?? []).join("; ")}`,
      severity: "warning",
    });
  }
  if (s.train) {
    const t = evaluateTraining({
      arch: r.arch,
      device: r.device,
      calibration: cat.calibration,
      devices: s.devices,
      devicesPerNode: s.devicesPerNode,
      train: s.train,
      parallel: s.parallel,
    });
    if (t.ok) {
      out.train = t.report;
      out.warnings.push(...t.report.warnings);
      out.issues.push(...t.report.issues);
      Object.assign(out.metrics, definedOnly(t.report.metrics));
    } else {
      out.issues.push(...t.issues);
      for (const m of ["tokensPerSecondPerDevice", "stepTimeSeconds", "tflopsPerDevice", "mfu", "deviceHours"]) {
        out.unpredicted[m] = t.issues.map((i) => i.message).join("; ");
      }
    }
  }
  if (s.infer) {
    for (const m of [
      "prefillTokensPerSecondPerDevice",
      "decodeTokensPerSecondPerDevice",
      "outputTokensPerSecond",
      "ttftSeconds",
      "tpotSeconds",
    ]) {
      out.unpredicted[m] = "the inference model is not built yet";
    }
  }
  if (s.reliability) {
    for (const m of ["interruptions", "effectiveTrainingTimeFraction"]) {
      out.unpredicted[m] = "the reliability model is not built yet";
    }
  }
  return out;
}

function definedOnly(o: object): Record<string, number> {
  const r: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === "number" && Number.isFinite(v)) r[k] = v;
  return r;
}
