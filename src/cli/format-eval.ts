// Human text for `xpuplan eval` / `xpuplan train`: the metrics, then where the step time goes.
import type { EvalResult } from "../engine/evaluate.ts";
import { attentionRateLine } from "../report/assumptions.ts";
import { STEP_TERMS } from "../train/step.ts";
import { formatJobCost } from "./format-cost.ts";

const fmt = (x: number, digits = 3) =>
  Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0)
    ? x.toExponential(digits - 1)
    : Number(x.toPrecision(digits)).toLocaleString("en-US");

const UNITS: Record<string, string> = {
  stepTimeSeconds: "s",
  tokensPerSecondPerDevice: "tokens/s/device",
  tflopsPerDevice: "TFLOP/s/device",
  memoryPerDeviceGiB: "GiB",
  flopsPerStep: "FLOP",
  deviceHours: "device-hours",
  days: "days",
  energyMWh: "MWh",
  costUSD: "USD",
  tcoUSD: "USD",
  averagePowerWatts: "W",
  ttftSeconds: "s",
  tpotSeconds: "s",
};

export function formatEval(r: EvalResult): string {
  const lines: string[] = [];
  lines.push(
    `${r.model.name} on ${r.devices} × ${r.hardware}: ${fmt(r.model.totalParams / 1e9, 4)}B parameters (${fmt(r.model.activeParams / 1e9, 4)}B active per token)`,
  );
  lines.push("");
  const width = Math.max(...Object.keys(r.metrics).map((k) => k.length), 10);
  for (const [k, v] of Object.entries(r.metrics)) {
    if (v === undefined) continue;
    const show = (x: number) => (k === "mfu" ? `${(x * 100).toFixed(1)} %` : `${fmt(x)} ${UNITS[k] ?? ""}`);
    const iv = r.intervals?.[k];
    const band = iv
      ? `   (90%: ${show(iv.low).trim()} to ${show(iv.high).trim()}${iv.fitted ? "" : ", family never measured"})`
      : "";
    lines.push(`  ${k.padEnd(width)}  ${show(v)}${band}`);
  }
  for (const [k, why] of Object.entries(r.unpredicted))
    lines.push(`  ${k.padEnd(width)}  not predicted: ${why}`);
  const t = r.train;
  if (t) {
    const s = t.step;
    const l = t.layout;
    lines.push("");
    lines.push(
      `layout: tp ${l.tp} · pp ${l.pp} · dp ${l.dp} · cp ${l.cp} · ep ${l.ep} · vpp ${l.vpp}, micro-batch ${l.microBatch} × ${l.microBatches} per step, ${l.schedule}, recompute ${l.recompute}, ZeRO ${l.zero}${l.sequenceParallel ? ", sequence parallel" : ""}`,
    );
    lines.push(
      `step time ${fmt(s.stepSeconds)} s on the busiest device (calibration family: ${t.calibrationFamily}):`,
    );
    const parts: [string, number][] = STEP_TERMS.map(([key, label]) => [label, s[key]]);
    for (const [name, sec] of parts) {
      if (sec <= 0) continue;
      const pct = (100 * sec) / s.stepSeconds;
      lines.push(
        `  ${name.padEnd(46)} ${fmt(sec).padStart(9)} s  ${pct.toFixed(1).padStart(5)} %  ${"█".repeat(Math.round(pct / 2.5))}`,
      );
    }
    const attention = attentionRateLine(t.attention);
    if (attention) lines.push(attention);
    const m = t.memory;
    lines.push(
      `memory per device ${fmt(m.totalGiB)} GiB: weights ${fmt(m.weightsGiB)}, gradients ${fmt(m.gradientsGiB)}, optimizer ${fmt(m.optimizerGiB)}, activations ${fmt(m.activationsGiB)}, logits ${fmt(m.logitsGiB)}, workspace ${fmt(m.workspaceGiB)}`,
    );
  }
  const cost = r.cost ?? r.train?.cost;
  if (cost) lines.push("", ...formatJobCost(cost));
  for (const i of r.issues) lines.push(`error [${i.code}] ${i.path.join(".")}: ${i.message}`);
  for (const w of r.warnings) lines.push(`warning [${w.code}] ${w.path.join(".")}: ${w.message}`);
  return lines.join("\n");
}
