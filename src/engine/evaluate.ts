// `xpuplan eval`: one scenario in, every metric the engine can predict out, as plain data.
// Metrics it cannot predict for this scenario are listed with the reason, never dropped.

import { type PredictionInterval, predictionIntervals } from "../calibrate/prediction-intervals.ts";
import { lostWorkCost } from "../economics/lost-work.ts";
import type { JobCost } from "../economics/types.ts";
import { evaluateInference, type InferReport } from "../infer/evaluate.ts";
import type { ServingMetricName } from "../infer/serving-metrics.ts";
import type { Issue } from "../issues.ts";
import { paramCounts } from "../model/param-counts.ts";
import { evaluatePostTraining, type PostTrainReport } from "../posttrain/evaluate.ts";
import { familyRates, ratesFor } from "../reliability/rates-for.ts";
import { reliabilityReport } from "../reliability/report.ts";
import type { ReliabilityReport } from "../reliability/report-types.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs, Resolved } from "../scenario/resolve.ts";
import { sanityWarnings } from "../scenario/sanity.ts";
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
  | "effectiveTrainingTimeFraction"
  // serving (src/infer/serving-metrics.ts): throughput by token kind and per device (all pools),
  // latency percentiles of the simulated requests, interactivity, energy and price by token kind
  | ServingMetricName;

export interface EvalResult {
  kind: "train" | "infer" | "posttrain" | "reliability" | "model";
  model: { name: string; totalParams: number; activeParams: number; mtpParams: number };
  hardware: string;
  devices: number;
  metrics: Partial<Record<MetricName | string, number>>;
  /** metric → why it has no value */
  unpredicted: Record<string, string>;
  /** headline metric → its 90% interval from cross-validated residuals (src/calibrate) */
  intervals: Record<string, PredictionInterval>;
  issues: Issue[];
  warnings: Issue[];
  train?: TrainReport;
  /** training money with the price of interruptions (src/economics), when both are known */
  cost?: JobCost;
  reliability?: ReliabilityReport;
  infer?: InferReport;
  posttrain?: PostTrainReport;
}

export interface EvalOptions {
  /** false: leave out the reliability report (and its Monte Carlo), e.g. while fitting throughput */
  reliability?: boolean;
  /** false: only the metrics (no serving latency/throughput curve), e.g. while fitting */
  details?: boolean;
}

export function evaluateScenario(r: Resolved, cat: Catalogs, opts: EvalOptions = {}): EvalResult {
  const s = r.scenario;
  const pc = paramCounts(r.arch);
  const out: EvalResult = {
    kind: s.train
      ? "train"
      : s.infer
        ? "infer"
        : s.posttrain
          ? "posttrain"
          : s.reliability
            ? "reliability"
            : "model",
    model: {
      name: r.arch.name ?? r.modelId ?? "model",
      totalParams: pc.total,
      activeParams: pc.active,
      mtpParams: pc.mtp,
    },
    hardware: r.device.id,
    devices: s.devices,
    metrics: {},
    unpredicted: {},
    intervals: {},
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
      devices: s.devices,
      devicesPerNode: s.devicesPerNode,
      ...engineInputs(cat),
      train: s.train,
      parallel: s.parallel,
      stack: s.stack,
    });
    if (t.ok) {
      out.train = t.report;
      out.warnings.push(...t.report.warnings);
      out.issues.push(...t.report.issues);
      Object.assign(out.metrics, definedOnly(t.report.metrics));
      Object.assign(out.intervals, predictionIntervals("train", r, cat.calibration, out.metrics));
    } else {
      out.issues.push(...t.issues);
      for (const m of [
        "tokensPerSecondPerDevice",
        "stepTimeSeconds",
        "tflopsPerDevice",
        "mfu",
        "deviceHours",
      ]) {
        out.unpredicted[m] = t.issues.map((i) => i.message).join("; ");
      }
    }
  }
  if (s.infer) {
    const draftId = s.infer.speculative?.draftModel;
    const i = evaluateInference({
      arch: r.arch,
      device: r.device,
      ...engineInputs(cat),
      devices: s.devices,
      devicesPerNode: s.devicesPerNode,
      infer: s.infer,
      curve: opts.details !== false,
      draftArch: draftId ? cat.models.find((m) => m.id === draftId)?.arch : undefined,
    });
    if (i.ok) {
      out.infer = i.report;
      out.warnings.push(...i.report.warnings);
      Object.assign(out.metrics, definedOnly(i.report.metrics));
      Object.assign(out.intervals, predictionIntervals("infer", r, cat.calibration, out.metrics));
    } else {
      out.issues.push(...i.issues);
      const why = i.issues.map((x) => x.message).join("; ");
      for (const m of [
        "prefillTokensPerSecondPerDevice",
        "decodeTokensPerSecondPerDevice",
        "outputTokensPerSecond",
        "ttftSeconds",
        "tpotSeconds",
      ]) {
        out.unpredicted[m] = why;
      }
    }
  }
  if (s.posttrain) {
    const pt = evaluatePostTraining({
      arch: r.arch,
      device: r.device,
      devices: s.devices,
      devicesPerNode: s.devicesPerNode,
      parallel: s.parallel,
      calibration: cat.calibration,
      posttrain: s.posttrain,
      rolloutDevice: r.posttrainRefs?.rolloutDevice,
      rewardArch: r.posttrainRefs?.rewardArch,
    });
    if (pt.ok) {
      out.posttrain = pt.report;
      const m = pt.report.kind === "rl" ? pt.report.rl.metrics : pt.report.finetune.metrics;
      // prefixed: these are the post-training phase's figures, not pre-training's metrics
      for (const [k, v] of Object.entries(definedOnly(m))) out.metrics[`posttrain.${k}`] = v;
    } else {
      out.issues.push(...pt.issues);
      out.unpredicted.posttrain = pt.issues.map((i) => i.message).join("; ");
    }
  }
  const usefulDays = out.train?.metrics.days;
  if (opts.reliability !== false && (s.reliability || usefulDays !== undefined)) {
    if (!cat.reliability) {
      out.unpredicted.interruptions = "no reliability catalog loaded";
    } else if (usefulDays === undefined && s.reliability?.durationDays === undefined) {
      out.unpredicted.interruptions = "reliability needs reliability.durationDays (or train.tokens)";
      out.unpredicted.effectiveTrainingTimeFraction = out.unpredicted.interruptions;
    } else {
      const rel = reliabilityReport({
        deviceId: r.device.id,
        vendor: r.device.vendor,
        devices: s.devices,
        devicesPerNode: r.devicesPerNode,
        durationDays: usefulDays,
        // the whole training state: 16-bit weights plus fp32 master weights and Adam moments
        checkpointBytes: pc.totalWithMtp * (2 + 12),
        spec: s.reliability ?? {},
        rates: ratesFor(r.device.id, r.device.vendor, cat.reliability),
        scaleOutGbpsPerDevice: r.device.scaleOut.gbpsPerDevice?.value,
        compare: familyRates(cat.reliability),
      });
      out.reliability = rel;
      out.metrics.interruptions = rel.interruptions;
      out.metrics.effectiveTrainingTimeFraction = rel.effectiveTrainingTimeFraction;
      out.metrics.wallClockDays = rel.wallClockDays;
      if (rel.monteCarlo) {
        out.metrics.p50Days = rel.monteCarlo.p50Days;
        out.metrics.p90Days = rel.monteCarlo.p90Days;
      }
      if (out.train?.cost && usefulDays !== undefined) {
        out.cost = lostWorkCost(out.train.cost, { ...rel, usefulDays, devices: s.devices });
        out.metrics.tcoUSD = out.cost.totalUSD.value;
      }
      if (rel.rates.vendorClaim || rel.rates.isDefault) {
        out.warnings.push({
          code: "default_used",
          path: ["hardware"],
          message: rel.rates.isDefault
            ? `no published failure rates for ${r.device.id}: a default rate is used`
            : `the failure rate for ${r.device.id} is a vendor claim`,
          severity: "warning",
        });
      }
    }
  }
  out.warnings.push(...sanityWarnings(r, { trainDays: out.train?.metrics.days }));
  return out;
}

function definedOnly(o: object): Record<string, number> {
  const r: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === "number" && Number.isFinite(v)) r[k] = v;
  return r;
}
