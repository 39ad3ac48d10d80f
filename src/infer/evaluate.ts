// The inference report of one scenario: prefill, decode or whole requests (continuous
// batching) on a fixed layout, or on separate prefill and decode pools, on the serving engine it
// names; the batch it runs at, the latency/throughput curve across batch sizes, memory, and cost
// where a price is known. With a load (`concurrency`: closed loop; `requestsPerSecond`: open
// loop) and phase `both`, the metrics come from a seeded simulation of the engine's scheduler
// (simulate.ts): TTFT with queueing, TPOT and end-to-end latency as means and percentiles. A given
// batch, or no load at all (max throughput), keeps the steady-state meaning.
// Pure: plain data in, plain data out.

import { costBasis, costPerMillionTokens } from "../economics/job-cost.ts";
import { type Calibration, calibrationFor } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { isRange } from "../hardware/figure.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { type BatchChoice, chooseBatch } from "./choose-batch.ts";
import { batchCurve, type CurvePoint } from "./curve.ts";
import { buildDeployment } from "./deployment.ts";
import { type DisaggregatedReport, evaluateDisaggregated } from "./disaggregated.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import type { IterationSeconds } from "./iteration-seconds.ts";
import type { InferLayout } from "./layout.ts";
import type { InferMemory } from "./memory.ts";
import { type InferPrecision, resolveInferPrecision } from "./precision.ts";
import type { ServingEngineCatalog } from "./serving-engines.ts";
import { type ServingMetricName, throughputMetrics } from "./serving-metrics.ts";
import { type ServingMode, servingPoint, type Workload } from "./serving-point.ts";
import { type ServingSimulation, simulateDeployment } from "./simulate-serving.ts";
import { engineOf, loadOf, simulatedMetrics, simulationIssues } from "./simulated-metrics.ts";
import { resolveSpeculative, type SpeculativeConfig } from "./speculative.ts";

export interface InferInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  infer: InferSpec;
  /** serving engines (catalog/serving-engines.yaml); absent: the unnamed engine on the family's step cost */
  servingEngines?: ServingEngineCatalog;
  /** speculative draft-model: the architecture `infer.speculative.draftModel` names (undefined when unknown) */
  draftArch?: Arch;
  /** false: leave out the latency/throughput curve (fits evaluate thousands of times) */
  curve?: boolean;
  /** measured kernel tables (catalog/kernels) */
  kernels?: readonly DeviceKernelTables[];
}

export type InferMetricName =
  | "prefillTokensPerSecondPerDevice"
  | "decodeTokensPerSecondPerDevice"
  | "ttftSeconds"
  | "tpotSeconds"
  | "memoryPerDeviceGiB"
  | "batch"
  | ServingMetricName;

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
    /** load: the mean decode batch of the simulation */
    chosenBy: "given" | "concurrency" | "memory" | "slo" | "load";
  };
  /** the serving simulation, when a load was given (phase both) */
  serving?: ServingSimulation;
  /** the engine the deployment runs on */
  engine: { id: string; name: string; version?: string; entry: string; isDefault: boolean };
  speculative?: SpeculativeConfig | null;
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
  const spec = resolveSpeculative(infer, arch, inp.draftArch);
  if (!spec.ok) return spec;
  warnings.push(...spec.warnings);
  const serving = { catalog: inp.servingEngines, infer };
  const w = workloadOf(infer);
  const price = (n: number, rate: number) => costPerMillion(device, n, rate);
  const load = loadOf(infer);
  if (infer.pools) {
    const r = evaluateDisaggregated({
      arch,
      device,
      family,
      precision: prec.value,
      devicesPerNode: inp.devicesPerNode,
      infer,
      workload: w,
      speculative: spec.value,
      serving,
      load,
      price,
      kernels: inp.kernels,
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
    speculative: infer.phase === "prefill" ? null : spec.value,
    serving,
    kernelTables: inp.kernels,
  });
  if (!built.ok) return built;
  warnings.push(...built.warnings);
  const d = built.value;
  const mode: ServingMode = infer.phase === "both" ? "mixed" : infer.phase;
  let choice: BatchChoice;
  let sim: ServingSimulation | undefined;
  if (load) {
    // The scheduler admits what the KV cache holds and queues the rest: only one request must fit.
    choice = chooseBatch(d, w, mode, { tpotSloMs: null, ttftSloMs: null });
    if (!choice.ok) return choice;
    sim = simulateDeployment({ colocated: d, w, load, seed: infer.seed ?? 1 });
    const bad = simulationIssues(sim, ["infer"]);
    if (bad.length > 0) return { ok: false, issues: bad };
    const perGroup = sim.result.meanDecodeBatch / d.layout.attentionGroups;
    choice = {
      ...choice,
      sequencesPerGroup: Math.min(choice.maxSequencesPerGroup, Math.max(1, perGroup)),
      chosenBy: "concurrency",
    };
  } else {
    choice = chooseBatch(d, w, mode, infer);
    if (!choice.ok) return choice;
  }
  const S = choice.sequencesPerGroup;
  const p = servingPoint(d, w, mode, S);
  let metrics: InferMetrics = { memoryPerDeviceGiB: p.memory.totalGiB, batch: p.batchPerDevice };
  if (sim) {
    metrics = { ...metrics, ...simulatedMetrics(sim, device, d.layout.devices, price) };
  } else {
    if (mode !== "decode") {
      metrics.prefillTokensPerSecondPerDevice = p.prefillTokensPerSecondPerDevice;
      metrics.ttftSeconds = p.ttftSeconds;
    }
    if (mode !== "prefill") {
      metrics.decodeTokensPerSecondPerDevice = p.decodeTokensPerSecondPerDevice;
      metrics.tpotSeconds = p.tpotSeconds;
    }
    const served =
      mode === "prefill" ? p.prefillTokensPerSecondPerDevice * d.layout.devices : p.outputTokensPerSecond;
    const input = mode === "decode" ? 0 : p.prefillTokensPerSecondPerDevice * d.layout.devices;
    const t = throughputMetrics({
      device,
      devices: d.layout.devices,
      outputTokensPerSecond: mode === "prefill" ? 0 : p.outputTokensPerSecond,
      inputTokensPerSecond: input,
      ...(mode !== "prefill"
        ? { tpotSeconds: p.tpotSeconds, requestsPerSecond: p.outputTokensPerSecond / w.outputTokens }
        : {}),
      busy: 1,
      price,
    });
    metrics = { ...metrics, ...t };
    if (mode === "prefill") {
      delete metrics.outputTokensPerSecond;
      delete metrics.outputTokensPerSecondPerDevice;
      delete metrics.tokensPerJoule;
      delete metrics.costPerMillionOutputTokensUSD;
      // a prefill pool's price is per prompt token
      const cost = costPerMillion(device, d.layout.devices, served);
      if (cost !== undefined) metrics.costPerMillionTokensUSD = cost;
      else delete metrics.costPerMillionTokensUSD;
    }
  }
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
        concurrency: sim && load?.kind === "closed" ? load.clients : p.concurrency,
        maxBatchPerDevice: choice.maxSequencesPerGroup / d.layout.tp,
        chosenBy: sim ? "load" : choice.chosenBy,
      },
      tokensPerStep: p.tokensPerStep,
      iteration: p.iteration,
      memory: p.memory,
      curve: inp.curve === false ? [] : batchCurve(d, w, mode, choice.maxSequencesPerGroup, S),
      costBasis: costBasis(device.pricing),
      ...(sim ? { serving: sim } : {}),
      engine: engineOf(d),
      speculative: d.speculative,
      calibrationFamily: family.family,
      warnings,
    },
  };
}
