// Serving metrics as benchmarks define them (vLLM benchmark_serving, SGLang bench_serving,
// SemiAnalysis InferenceMAX): throughput in output, input and total tokens per second, whole
// system and per device counting every pool; interactivity = tokens per second one user sees =
// 1000 / TPOT in ms; energy as tokens per joule with the power model of src/train/evaluate.ts
// (TDP × (0.3 + 0.7 × busy share), an idle floor of 30%); the price per million tokens of each kind
// (all devices' hourly price over that kind's rate: the three are not additive).
import { costPerMillionTokens } from "../economics/job-cost.ts";
import type { Device } from "../hardware/device.ts";
import type { Distribution } from "./simulate-stats.ts";

export type ServingMetricName =
  | "outputTokensPerSecond"
  | "inputTokensPerSecond"
  | "totalTokensPerSecond"
  | "outputTokensPerSecondPerDevice"
  | "totalTokensPerSecondPerDevice"
  | "requestsPerSecond"
  | "interactivity"
  | "tokensPerJoule"
  | "averagePowerWatts"
  | "costPerMillionTokensUSD"
  | "costPerMillionOutputTokensUSD"
  | "costPerMillionInputTokensUSD"
  | "costPerMillionTotalTokensUSD"
  | "ttftP50Seconds"
  | "ttftP90Seconds"
  | "ttftP99Seconds"
  | "tpotP50Seconds"
  | "tpotP90Seconds"
  | "tpotP99Seconds"
  | "e2eSeconds"
  | "e2eP50Seconds"
  | "e2eP90Seconds"
  | "e2eP99Seconds";

/** Power drawn at rest, as a share of TDP (the training energy model's floor). */
export const IDLE_POWER_SHARE = 0.3;

export interface ThroughputInput {
  device: Device;
  /** every device serving, all pools */
  devices: number;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  requestsPerSecond?: number;
  tpotSeconds?: number;
  /** share of the time the devices run iterations (1: saturated) */
  busy: number;
  /** USD per million tokens at a rate on `devices` devices (default: the device's hourly price) */
  price?: (devices: number, tokensPerSecond: number) => number | undefined;
}

/** The device's hourly price over the tokens served in that hour, per million. */
export function hourlyCostPerMillion(
  device: Device,
  devices: number,
  tokensPerSecond: number,
): number | undefined {
  // one rule for money everywhere: src/economics (the device's pricing basis, energy included)
  return costPerMillionTokens(device.pricing, device.tdpWatts?.value, devices, tokensPerSecond)?.value;
}

export function throughputMetrics(t: ThroughputInput): Partial<Record<ServingMetricName, number>> {
  const out: Partial<Record<ServingMetricName, number>> = {};
  const total = t.outputTokensPerSecond + t.inputTokensPerSecond;
  out.outputTokensPerSecond = t.outputTokensPerSecond;
  out.inputTokensPerSecond = t.inputTokensPerSecond;
  out.totalTokensPerSecond = total;
  out.outputTokensPerSecondPerDevice = t.outputTokensPerSecond / t.devices;
  out.totalTokensPerSecondPerDevice = total / t.devices;
  if (t.requestsPerSecond !== undefined) out.requestsPerSecond = t.requestsPerSecond;
  if (t.tpotSeconds !== undefined && t.tpotSeconds > 0) out.interactivity = 1 / t.tpotSeconds;
  const tdp = t.device.tdpWatts?.value;
  if (tdp) {
    const watts = tdp * (IDLE_POWER_SHARE + (1 - IDLE_POWER_SHARE) * Math.min(1, Math.max(0, t.busy)));
    out.averagePowerWatts = watts;
    if (t.outputTokensPerSecond > 0) out.tokensPerJoule = t.outputTokensPerSecond / (watts * t.devices);
  }
  const per = (rate: number) =>
    rate > 0 ? (t.price ?? ((n, r) => hourlyCostPerMillion(t.device, n, r)))(t.devices, rate) : undefined;
  const o = per(t.outputTokensPerSecond);
  const i = per(t.inputTokensPerSecond);
  const a = per(total);
  if (o !== undefined) {
    out.costPerMillionTokensUSD = o;
    out.costPerMillionOutputTokensUSD = o;
  }
  if (i !== undefined) out.costPerMillionInputTokensUSD = i;
  if (a !== undefined) out.costPerMillionTotalTokensUSD = a;
  return out;
}

/** Percentile metrics of the simulated requests. */
export function latencyMetrics(
  ttft: Distribution,
  tpot: Distribution,
  e2e: Distribution,
): Partial<Record<ServingMetricName | "ttftSeconds" | "tpotSeconds", number>> {
  return {
    ttftSeconds: ttft.mean,
    ttftP50Seconds: ttft.p50,
    ttftP90Seconds: ttft.p90,
    ttftP99Seconds: ttft.p99,
    tpotSeconds: tpot.mean,
    tpotP50Seconds: tpot.p50,
    tpotP90Seconds: tpot.p90,
    tpotP99Seconds: tpot.p99,
    e2eSeconds: e2e.mean,
    e2eP50Seconds: e2e.p50,
    e2eP90Seconds: e2e.p90,
    e2eP99Seconds: e2e.p99,
  };
}
