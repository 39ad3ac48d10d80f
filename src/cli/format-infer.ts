// Human text for `xpuplan infer` / `xpuplan eval` on an inference scenario: the engine, the load
// and the simulated requests' latency distributions (when a load was given), the metrics, where
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
  costPerMillionTokensUSD: "USD per million output tokens",
  costPerMillionOutputTokensUSD: "USD per million output tokens",
  costPerMillionInputTokensUSD: "USD per million input tokens",
  costPerMillionTotalTokensUSD: "USD per million tokens, input + output",
  inputTokensPerSecond: "input tokens/s (whole system)",
  totalTokensPerSecond: "input + output tokens/s (whole system)",
  outputTokensPerSecondPerDevice: "output tokens/s per device (all pools)",
  totalTokensPerSecondPerDevice: "input + output tokens/s per device (all pools)",
  requestsPerSecond: "requests/s",
  interactivity: "tokens/s per user (1000 / TPOT ms)",
  tokensPerJoule: "output tokens per joule",
  averagePowerWatts: "W per device",
  e2eSeconds: "s",
};

/** Shown in the load table instead of the metric list. */
const IN_TABLE = /^(ttft|tpot|e2e)(P\d+)?Seconds$/;

function servingLines(r: InferReport): string[] {
  const sv = r.serving;
  if (!sv) return [];
  const x = sv.result;
  const e = sv.engine;
  const lines: string[] = [];
  const load =
    sv.load.mode === "closed-loop"
      ? `closed loop, ${sv.load.concurrency} clients each sending its next request when the last ends`
      : `open loop, Poisson arrivals at ${fmt(sv.load.requestsPerSecond)} requests/s`;
  lines.push(
    `load: ${load}; simulated (seed ${sv.seed}): ${x.requests} requests measured after a warm-up, ${fmt(x.windowSeconds)} s`,
  );
  lines.push(`  ${"".padEnd(16)}${["mean", "p50", "p90", "p99"].map((h) => h.padStart(11)).join("")}`);
  const row = (name: string, d: { mean: number; p50: number; p90: number; p99: number }, scale: number) =>
    `  ${name.padEnd(16)}${[d.mean, d.p50, d.p90, d.p99].map((v) => fmt(v * scale).padStart(11)).join("")}`;
  lines.push(row("TTFT ms", x.ttft, 1000));
  lines.push(row("TPOT ms", x.tpot, 1000));
  lines.push(row("end-to-end s", x.e2e, 1));
  lines.push(
    `  throughput ${fmt(x.outputTokensPerSecond)} output tokens/s (${fmt(x.outputTokensPerSecond / sv.devices)} per device), ${fmt(x.inputTokensPerSecond)} input, ${fmt(x.requestsPerSecond)} requests/s`,
  );
  const running = Number.isFinite(e.maxRunningRequests) ? `${e.maxRunningRequests}` : "KV-limited";
  lines.push(
    `  scheduler: ${e.policy === "mixed" ? "prefill chunks and decodes share each iteration" : "prefill first, decodes paused for new prompts"}; ${e.maxBatchedTokens} tokens per iteration, ${running} running, graphs up to ${e.graphMaxBatch >= 1e8 ? "any batch" : e.graphMaxBatch}, KV cache ${fmt(e.kvCapacityTokens)} tokens per attention group (${e.kvReservation === "whole-request" ? "reserved per request" : "on demand, preempting"})`,
  );
  lines.push(
    `  mean decode batch ${fmt(x.meanDecodeBatch)} per instance, prompt tokens in ${(100 * x.prefillIterationShare).toFixed(1)} % of iterations, ${x.preemptions} preemptions, ${x.stepEvaluations} distinct step times`,
  );
  return lines;
}

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
  const en = r.engine;
  lines.push(
    `engine: ${en.name}${en.version ? ` ${en.version}` : ""}, ${en.entry}${en.isDefault ? " (no infer.engine given: the default)" : ""}${r.speculative ? `; speculative ${r.speculative.method}, ${r.speculative.draftTokens} draft tokens, accept length ${fmt(r.speculative.acceptLength, 3)}` : ""}`,
  );
  lines.push("");
  if (r.serving) {
    lines.push(...servingLines(r));
    lines.push("");
  }
  const shown = Object.entries(r.metrics).filter(
    ([k, v]) => v !== undefined && !(r.serving && IN_TABLE.test(k)),
  );
  const width = Math.max(...shown.map(([k]) => k.length), 10);
  if (r.serving) lines.push("metrics (latencies: the simulated means; throughput: the simulated window):");
  for (const [k, v] of shown) lines.push(`  ${k.padEnd(width)}  ${fmt(v!)} ${UNITS[k] ?? ""}`);
  if (r.costBasis) lines.push(`  cost basis: ${r.costBasis.split("\n").join("\n  ")}`);
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
    `batch ${fmt(b.batchPerDevice)} sequences per device (${why}; at most ${fmt(b.maxBatchPerDevice)} fit), ${fmt(b.concurrency)} in flight${r.tokensPerStep > 1 ? `, ${fmt(r.tokensPerStep)} tokens per step with speculative decoding` : ""}`,
  );
  if (r.serving)
    lines.push(
      "the iteration and the curve below are steady-state points of the model at that batch, not simulated:",
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
