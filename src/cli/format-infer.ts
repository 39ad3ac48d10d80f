// Human text for `xpuplan infer` / `xpuplan eval` on an inference scenario: the metrics, where
// one iteration's time goes, memory per device, the latency/throughput curve as a small table
// with a bar per row, and the pools of a disaggregated deployment.
import type { CurvePoint } from "../infer/curve.ts";
import type { InferReport } from "../infer/evaluate.ts";
import { PART_NAMES } from "../infer/iteration-seconds.ts";
import type { InferPlan } from "../infer/plan.ts";

const fmt = (x: number, digits = 4) =>
  !Number.isFinite(x)
    ? "–"
    : Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : Number(x.toPrecision(digits)).toLocaleString("en-US");

const UNITS: Record<string, string> = {
  prefillTokensPerSecondPerDevice: "prompt tokens/s/device",
  decodeTokensPerSecondPerDevice: "output tokens/s/device",
  outputTokensPerSecond: "output tokens/s (whole system)",
  ttftSeconds: "s",
  tpotSeconds: "s",
  memoryPerDeviceGiB: "GiB",
  batch: "sequences/device",
  costPerMillionTokensUSD: "USD per million tokens",
};

const MODE: Record<InferReport["mode"], string> = {
  prefill: "prefill batches",
  decode: "decode steps",
  mixed: "whole requests, continuous batching",
  disaggregated: "disaggregated prefill and decode pools",
};

const bar = (share: number, width = 24) => "█".repeat(Math.max(0, Math.round(share * width)));

function curveTable(curve: CurvePoint[], chosen: number, prefillOnly: boolean): string[] {
  const lines: string[] = [];
  const head = prefillOnly
    ? ["batch/dev", "TTFT ms", "prompt tok/s/dev", "GiB"]
    : ["batch/dev", "TPOT ms", "TTFT ms", "out tok/s", "out tok/s/dev", "GiB"];
  lines.push(`  ${head.map((h) => h.padStart(h === "batch/dev" ? 9 : 14)).join(" ")}  throughput`);
  const value = (p: CurvePoint) =>
    prefillOnly ? p.prefillTokensPerSecondPerDevice : p.outputTokensPerSecond;
  const top = Math.max(...curve.map(value), 1e-12);
  for (const p of curve) {
    const cells = prefillOnly
      ? [p.batchPerDevice, p.ttftSeconds * 1000, p.prefillTokensPerSecondPerDevice, p.memoryPerDeviceGiB]
      : [
          p.batchPerDevice,
          p.tpotSeconds * 1000,
          p.ttftSeconds * 1000,
          p.outputTokensPerSecond,
          p.outputTokensPerSecondPerDevice,
          p.memoryPerDeviceGiB,
        ];
    const mark = Math.abs(p.batchPerDevice - chosen) < 1e-9 ? " ◀" : "";
    lines.push(
      `  ${cells.map((c, i) => fmt(c).padStart(i === 0 ? 9 : 14)).join(" ")}  ${bar(value(p) / top)}${mark}`,
    );
  }
  return lines;
}

export function formatInfer(r: InferReport): string {
  const lines: string[] = [];
  const p = r.precision;
  const l = r.layout;
  const where = l ? `tp ${l.tp} · ep ${l.ep} · dp ${l.dp} · pp ${l.pp}` : "separate pools";
  lines.push(
    `inference, ${MODE[r.mode]}, on ${r.devices} devices (${where}); weights ${p.weights}, activations ${p.activations}, KV cache ${p.kvCache}${p.weightOnly ? " (weight-only quantisation)" : ""}`,
  );
  lines.push("");
  const width = Math.max(...Object.keys(r.metrics).map((k) => k.length), 10);
  for (const [k, v] of Object.entries(r.metrics)) {
    if (v === undefined) continue;
    lines.push(`  ${k.padEnd(width)}  ${fmt(v)} ${UNITS[k] ?? ""}`);
  }
  const b = r.batch;
  const why = {
    given: "as given",
    concurrency: "from the concurrency",
    memory: "the largest that fits",
    slo: "the largest meeting the SLOs",
    load: "the simulated mean under the load",
  }[b.chosenBy];
  lines.push("");
  lines.push(
    `batch ${fmt(b.batchPerDevice)} sequences per device (${why}; at most ${fmt(b.maxBatchPerDevice)} fit), ${fmt(b.concurrency)} in flight${r.tokensPerStep > 1 ? `, ${fmt(r.tokensPerStep)} tokens per step with MTP` : ""}`,
  );
  const it = r.iteration;
  lines.push(
    `one iteration ${fmt(it.seconds * 1000)} ms on the busiest device (calibration family: ${r.calibrationFamily}):`,
  );
  for (const [k, sec] of Object.entries(it.parts) as [keyof typeof PART_NAMES, number][]) {
    if (sec <= 0) continue;
    const pct = (100 * sec) / it.seconds;
    lines.push(
      `  ${PART_NAMES[k].padEnd(58)} ${fmt(sec * 1000).padStart(8)} ms ${pct.toFixed(1).padStart(5)} %  ${bar(pct / 100)}`,
    );
  }
  const m = r.memory;
  lines.push(
    `memory per device ${fmt(m.totalGiB)} of ${fmt(m.capacityGiB)} GiB: weights ${fmt(m.weightsGiB)}, KV cache ${fmt(m.kvCacheGiB)}, activations ${fmt(m.activationsGiB)}, workspace ${fmt(m.workspaceGiB)}`,
  );
  if (r.curve.length > 0) {
    lines.push("");
    lines.push("latency / throughput by batch:");
    lines.push(...curveTable(r.curve, b.batchPerDevice, r.mode === "prefill"));
  }
  const d = r.disaggregated;
  if (d) {
    lines.push("");
    for (const pool of [d.prefill, d.decode]) {
      lines.push(
        `${pool.role} pool: ${pool.devices} devices (tp ${pool.layout.tp} · ep ${pool.layout.ep} · dp ${pool.layout.dp}), batch ${fmt(pool.batchPerDevice)}/device, ${fmt(pool.requestsPerSecond)} requests/s, ${fmt(pool.tokensPerSecondPerDevice)} tokens/s/device`,
      );
    }
    lines.push(
      `KV transfer ${fmt(d.kvTransfer.bytesPerRequest / 2 ** 20)} MiB per request over ${d.kvTransfer.over}, ${fmt(d.kvTransfer.seconds * 1000)} ms; system ${fmt(d.requestsPerSecond)} requests/s, limited by ${d.bottleneck}`,
    );
    lines.push(
      `balanced split of the same devices: ${d.balanced.prefillDevices} prefill + ${d.balanced.decodeDevices} decode → ${fmt(d.balanced.requestsPerSecond)} requests/s`,
    );
  }
  for (const w of r.warnings) lines.push(`warning [${w.code}] ${w.path.join(".")}: ${w.message}`);
  return lines.join("\n");
}

/** The planner's answer: the best configuration, then the runners-up and why others failed. */
export function formatInferPlan(plan: InferPlan): string {
  const lines: string[] = [];
  const row = (c: InferPlan["best"]) =>
    `${String(c.devices).padStart(6)} devices  ${`${c.weights}/${c.activations}/${c.kvCache}`.padEnd(16)} tp ${String(c.tp).padEnd(2)} ep ${String(c.ep).padEnd(3)} ${c.pools ? `pools ${c.pools.prefillDevices}+${c.pools.decodeDevices}` : `dp ${c.dp}`}`.padEnd(
      78,
    ) +
    ` batch ${fmt(c.batchPerDevice).padStart(6)}  TPOT ${fmt(c.tpotSeconds * 1000).padStart(6)} ms  TTFT ${fmt(c.ttftSeconds * 1000).padStart(7)} ms  load ${(100 * c.utilisation).toFixed(0)} %${c.costPerMillionTokensUSD !== undefined ? `  $${fmt(c.costPerMillionTokensUSD)}/M tokens` : ""}`;
  lines.push(
    `serving ${fmt(plan.requestsPerSecond)} requests/s (${fmt(plan.outputTokensPerSecond)} output tokens/s):`,
  );
  lines.push(`best: ${row(plan.best).trim()}`);
  lines.push("");
  lines.push(`candidates (${plan.searched} searched):`);
  for (const c of plan.candidates) lines.push(`  ${row(c)}`);
  const rej = Object.entries(plan.rejected);
  if (rej.length > 0) lines.push(`rejected: ${rej.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  for (const w of plan.warnings) lines.push(`warning [${w.code}] ${w.path.join(".")}: ${w.message}`);
  return lines.join("\n");
}
