// The inference report of one scenario: prefill, decode or whole requests (continuous
// batching) on a fixed layout, or on separate prefill and decode pools; the batch it runs at,
// the latency/throughput curve across batch sizes, memory, and cost where a price is known.
// Pure: plain data in, plain data out.
import { costBasis, costPerMillionTokens } from "../economics/job-cost.ts";
import { type Calibration, calibrationFor } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { isRange } from "../hardware/figure.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { chooseBatch } from "./choose-batch.ts";
import { batchCurve, type CurvePoint } from "./curve.ts";
import { buildDeployment } from "./deployment.ts";
import { type DisaggregatedReport, evaluateDisaggregated } from "./disaggregated.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import type { IterationSeconds } from "./iteration-seconds.ts";
import type { InferLayout } from "./layout.ts";
import type { InferMemory } from "./memory.ts";
import { type InferPrecision, resolveInferPrecision } from "./precision.ts";
import { type ServingMode, servingPoint, type Workload } from "./serving-point.ts";

export interface InferInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  infer: InferSpec;
}

export type InferMetricName =
  | "prefillTokensPerSecondPerDevice"
  | "decodeTokensPerSecondPerDevice"
  | "outputTokensPerSecond"
  | "ttftSeconds"
  | "tpotSeconds"
  | "memoryPerDeviceGiB"
  | "batch"
  | "costPerMillionTokensUSD";

export type InferMetrics = Partial<Record<InferMetricName, number>>;

export interface InferReport {
  phase: InferSpec["phase"];
  mode: ServingMode | "disaggregated";
  devices: number;
  metrics: InferMetrics;
  precision: InferPrecision;
  /** co-located layout (absent for disaggregated pools: see `disaggregated`) */
  layout?: InferLayout;
  batch: {
    batchPerDevice: number;
    concurrency: number;
    maxBatchPerDevice: number;
    chosenBy: "given" | "concurrency" | "memory" | "slo";
  };
  tokensPerStep: number;
  /** the chosen point's iteration on the busiest device */
  iteration: IterationSeconds;
  memory: InferMemory;
  curve: CurvePoint[];
  disaggregated?: DisaggregatedReport;
  /** how the money is reckoned (src/economics), or why there is none and how to give it */
  costBasis?: string;
  calibrationFamily: string;
  warnings: Issue[];
}

export type InferResult = { ok: true; report: InferReport } | { ok: false; issues: Issue[] };

export function workloadOf(infer: InferSpec): Workload {
  return {
    inputTokens: infer.inputTokens,
    outputTokens: infer.outputTokens,
    prefixCacheHitRate: infer.prefixCacheHitRate ?? 0,
    chunkTokens: infer.chunkTokens,
  };
}

/** USD per million tokens on the device's price (src/economics: its basis, energy included). */
export function costPerMillion(device: Device, devices: number, tokensPerSecond: number): number | undefined {
  return costPerMillionTokens(device.pricing, device.tdpWatts?.value, devices, tokensPerSecond)?.value;
}

function figureWarnings(device: Device): Issue[] {
  const out: Issue[] = [];
  const ranged: string[] = [];
  if (isRange(device.memory.capacityGB)) ranged.push("memory capacity");
  if (isRange(device.memory.bandwidthTBps)) ranged.push("memory bandwidth");
  for (const [k, f] of Object.entries(device.peakTflops)) if (f && isRange(f)) ranged.push(`${k} peak`);
  if (ranged.length > 0) {
    out.push(
      issue(
        "figure_is_range",
        ["hardware"],
        `${device.id}: ${ranged.join(", ")} are ranges; the nominal value is used`,
        {
          severity: "warning",
        },
      ),
    );
  }
  return out;
}

export function evaluateInference(inp: InferInput): InferResult {
  const { arch, device, infer } = inp;
  const found = calibrationFor(inp.calibration, device.id);
  const family = inferenceFamily(found.family);
  const isDefault = found.isDefault;
  const warnings: Issue[] = [...figureWarnings(device)];
  if (isDefault) {
    warnings.push(
      issue(
        "default_used",
        ["hardware"],
        `no efficiency calibration for ${device.id}; using the conservative default`,
        {
          severity: "warning",
        },
      ),
    );
  }
  const prec = resolveInferPrecision(device, infer);
  if (!prec.ok) return prec;
  warnings.push(...prec.warnings);
  const w = workloadOf(infer);
  if (infer.pools) {
    const r = evaluateDisaggregated({
      arch,
      device,
      family,
      precision: prec.value,
      devicesPerNode: inp.devicesPerNode,
      infer,
      workload: w,
    });
    if (!r.ok) return r;
    return {
      ok: true,
      report: {
        ...r.report,
        costBasis: costBasis(device.pricing),
        calibrationFamily: family.family,
        warnings: [...warnings, ...r.report.warnings],
      },
    };
  }
  const built = buildDeployment({
    arch,
    device,
    family,
    precision: prec.value,
    parallel: { tp: infer.tp, ep: infer.ep, dp: infer.dp, pp: infer.pp },
    devices: inp.devices,
    devicesPerNode: inp.devicesPerNode,
    mtp: infer.phase === "prefill" ? null : infer.mtp,
  });
  if (!built.ok) return built;
  warnings.push(...built.warnings);
  const d = built.value;
  const mode: ServingMode = infer.phase === "both" ? "mixed" : infer.phase;
  const choice = chooseBatch(d, w, mode, infer);
  if (!choice.ok) return choice;
  const S = choice.sequencesPerGroup;
  const p = servingPoint(d, w, mode, S);
  const metrics: InferMetrics = { memoryPerDeviceGiB: p.memory.totalGiB, batch: p.batchPerDevice };
  if (mode !== "decode") {
    metrics.prefillTokensPerSecondPerDevice = p.prefillTokensPerSecondPerDevice;
    metrics.ttftSeconds = p.ttftSeconds;
  }
  if (mode !== "prefill") {
    metrics.decodeTokensPerSecondPerDevice = p.decodeTokensPerSecondPerDevice;
    metrics.outputTokensPerSecond = p.outputTokensPerSecond;
    metrics.tpotSeconds = p.tpotSeconds;
  }
  const served =
    mode === "prefill" ? p.prefillTokensPerSecondPerDevice * d.layout.devices : p.outputTokensPerSecond;
  const cost = costPerMillion(device, d.layout.devices, served);
  if (cost !== undefined) metrics.costPerMillionTokensUSD = cost;
  return {
    ok: true,
    report: {
      phase: infer.phase,
      mode,
      devices: d.layout.devices,
      metrics,
      precision: prec.value,
      layout: d.layout,
      batch: {
        batchPerDevice: p.batchPerDevice,
        concurrency: p.concurrency,
        maxBatchPerDevice: choice.maxSequencesPerGroup / d.layout.tp,
        chosenBy: choice.chosenBy,
      },
      tokensPerStep: p.tokensPerStep,
      iteration: p.iteration,
      memory: p.memory,
      curve: batchCurve(d, w, mode, choice.maxSequencesPerGroup, S),
      costBasis: costBasis(device.pricing),
      calibrationFamily: family.family,
      warnings,
    },
  };
}
