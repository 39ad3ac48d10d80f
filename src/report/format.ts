// Names, units and number formatting of the engine's results, shared by the reports and the
// web page so both say the same thing about the same number. Formats only; computes nothing.

import type { EvalResult } from "../engine/evaluate.ts";
import { STEP_TERMS } from "../train/step.ts";

export interface MetricInfo {
  label: string;
  unit: string;
  /** shown as a percentage of 1 */
  fraction?: boolean;
}

export const METRICS: Record<string, MetricInfo> = {
  tokensPerSecondPerDevice: { label: "Training tokens/s per device", unit: "tokens/s" },
  stepTimeSeconds: { label: "Step time", unit: "s" },
  tflopsPerDevice: { label: "Model TFLOP/s per device", unit: "TFLOP/s" },
  mfu: { label: "MFU", unit: "%", fraction: true },
  memoryPerDeviceGiB: { label: "Memory per device (peak)", unit: "GiB" },
  flopsPerStep: { label: "FLOPs per step", unit: "FLOP" },
  deviceHours: { label: "Device-hours", unit: "h" },
  days: { label: "Wall-clock days", unit: "days" },
  energyMWh: { label: "Energy", unit: "MWh" },
  costUSD: { label: "Cost", unit: "USD" },
  averagePowerWatts: { label: "Average power per device", unit: "W" },
  prefillTokensPerSecondPerDevice: { label: "Prefill tokens/s per device", unit: "tokens/s" },
  decodeTokensPerSecondPerDevice: { label: "Decode tokens/s per device", unit: "tokens/s" },
  outputTokensPerSecond: { label: "Output tokens/s (system)", unit: "tokens/s" },
  ttftSeconds: { label: "Time to first token", unit: "s" },
  tpotSeconds: { label: "Time per output token", unit: "s" },
  costPerMillionTokensUSD: { label: "Cost per million output tokens", unit: "USD" },
  batch: { label: "Batch per device", unit: "" },
  interruptions: { label: "Expected interruptions", unit: "" },
  effectiveTrainingTimeFraction: { label: "Effective training time", unit: "%", fraction: true },
};

export const metricInfo = (name: string): MetricInfo => METRICS[name] ?? { label: name, unit: "" };

/** Three significant digits, grouped; exponent form when very large or small. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e9 || a < 1e-3) return x.toExponential(digits - 1);
  // At or above 10^digits the integer part is already precise enough: 1,034, not 1,030.
  if (a >= 10 ** digits)
    return Math.round(x)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rounded = Number(x.toPrecision(digits));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  const [int, frac] = rounded.toFixed(decimals).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac ? `${grouped}.${frac}` : grouped;
}

/** "47.0 %", "1,034 tokens/s", "31.7 s". */
export function formatMetric(name: string, value: number): string {
  const m = metricInfo(name);
  if (m.fraction) return `${formatNumber(100 * value)} %`;
  return m.unit ? `${formatNumber(value)} ${m.unit}` : formatNumber(value);
}

export interface Part {
  key: string;
  label: string;
  value: number;
}

/** Where one step's time goes (seconds), in the engine's order; zero parts left out. */
export function stepParts(r: EvalResult): Part[] {
  const s = r.train?.step as unknown as Record<string, number> | undefined;
  if (!s) return [];
  return STEP_TERMS.map(([key, label]) => ({ key, label, value: s[key] ?? 0 })).filter((p) => p.value > 0);
}

const MEMORY_PARTS: [string, string][] = [
  ["weightsGiB", "weights"],
  ["gradientsGiB", "gradients"],
  ["optimizerGiB", "optimizer states"],
  ["activationsGiB", "activations"],
  ["logitsGiB", "logits"],
  ["workspaceGiB", "workspace"],
];

/** Peak memory of the busiest device by kind (GiB); zero parts left out. */
export function memoryParts(r: EvalResult): Part[] {
  const m = r.train?.memory as unknown as Record<string, number> | undefined;
  if (!m) return [];
  return MEMORY_PARTS.map(([key, label]) => ({ key, label, value: m[key] ?? 0 })).filter((p) => p.value > 0);
}

/** One line describing the training layout, as the CLI prints it. */
export function layoutLine(r: EvalResult): string | undefined {
  const l = r.train?.layout;
  if (!l) return undefined;
  return `tp ${l.tp} · pp ${l.pp} · dp ${l.dp} · cp ${l.cp} · ep ${l.ep} · vpp ${l.vpp}, micro-batch ${l.microBatch} × ${l.microBatches} per step, ${l.schedule}, recompute ${l.recompute}, ZeRO ${l.zero}${l.sequenceParallel ? ", sequence parallel" : ""}`;
}

export function headline(r: EvalResult): string {
  return `${r.model.name} on ${r.devices} × ${r.hardware}: ${formatNumber(r.model.totalParams / 1e9, 4)}B parameters (${formatNumber(r.model.activeParams / 1e9, 4)}B active per token)`;
}
