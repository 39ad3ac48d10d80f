// Names, units and number formatting of the engine's results, shared by the reports and the
// web page so both say the same thing about the same number. Formats only; computes nothing.

import type { EvalResult } from "../engine/evaluate.ts";
import { STEP_TERMS } from "../train/step.ts";
import { metricInfo } from "./labels.ts";

export { METRICS, type MetricInfo, metricInfo, spellOut } from "./labels.ts";

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

/** A count: whole and grouped ("12,345", "8"), never "8.00". */
export const formatCount = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : String(n);

/** A value in a table of figures: a whole number as a count, anything else as formatMetric. */
export function formatFigure(name: string, value: number): string {
  const m = metricInfo(name);
  if (Number.isInteger(value) && !m.fraction && Math.abs(value) < 1e9)
    return m.unit ? `${formatCount(value)} ${m.unit}` : formatCount(value);
  return formatMetric(name, value);
}

/** "47.0 %", "1,034 tokens/s", "31.7 s". */
export function formatMetric(name: string, value: number): string {
  const m = metricInfo(name);
  if (m.fraction) return `${formatNumber(100 * value)} %`;
  return m.unit ? `${formatNumber(value)} ${m.unit}` : formatNumber(value);
}

/** "1,050–1,310 tokens/s", "41.0–52.3 %": an interval in the metric's unit. */
export function formatRange(name: string, low: number, high: number): string {
  const m = metricInfo(name);
  const k = m.fraction ? 100 : 1;
  const unit = m.fraction ? " %" : m.unit ? ` ${m.unit}` : "";
  return `${formatNumber(k * low)}–${formatNumber(k * high)}${unit}`;
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
