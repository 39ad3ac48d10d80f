// Human text for a post-training report: fine-tuning (full or LoRA: metrics, what LoRA changes
// in the step and in memory) or an RL step (metrics, where the step goes with the bottleneck,
// each fleet's busy share, then the rollout, update, transfer and swap in one line each).

import type { Issue } from "../issues.ts";
import type { PostTrainReport } from "../posttrain/evaluate.ts";
import type { FinetuneReport } from "../posttrain/finetune.ts";
import type { RlReport } from "../posttrain/rl.ts";
import { PHASE_NAMES, PHASES } from "../posttrain/rl-step.ts";

const fmt = (x: number, digits = 3) =>
  !Number.isFinite(x)
    ? "–"
    : Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : Number(x.toPrecision(digits)).toLocaleString("en-US");
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const bar = (share: number, width = 30) => "█".repeat(Math.max(0, Math.round(share * width)));

const UNITS: Record<string, string> = {
  stepTimeSeconds: "s",
  stepSeconds: "s",
  tokensPerSecondPerDevice: "tokens/s/device",
  usefulTokensPerSecondPerDevice: "sample tokens/s/device",
  tflopsPerDevice: "TFLOP/s/device",
  memoryPerDeviceGiB: "GiB",
  trainableParams: "parameters",
  steps: "steps",
  hours: "h",
  deviceHours: "device-hours",
  costUSD: "USD",
  samplesPerSecond: "samples/s",
  responseTokensPerSecond: "generated tokens/s",
};

function metricLines(m: object): string[] {
  const entries = Object.entries(m).filter(([, v]) => typeof v === "number") as [string, number][];
  const width = Math.max(...entries.map(([k]) => k.length), 10);
  return entries.map(([k, v]) => {
    const shown = k === "mfu" || k.endsWith("Fraction") ? pct(v) : `${fmt(v)} ${UNITS[k] ?? ""}`;
    return `  ${k.padEnd(width)}  ${shown}`.trimEnd();
  });
}

function issueLines(issues: Issue[], warnings: Issue[]): string[] {
  return [
    ...issues.map((i) => `error [${i.code}] ${i.path.join(".")}: ${i.message}`),
    ...warnings.map((w) => `warning [${w.code}] ${w.path.join(".")}: ${w.message}`),
  ];
}

function formatFinetune(r: FinetuneReport): string[] {
  const lines: string[] = [];
  const l = r.lora;
  const what = l
    ? `LoRA rank ${l.rank} on ${l.targets.join(",")}${l.experts ? " (routed experts too)" : ""}, ${l.baseWeights === "nf4" ? "QLoRA NF4" : l.baseWeights} frozen base`
    : "full fine-tuning";
  lines.push(
    `${what} on ${r.devices} × ${r.hardware}: ${int(r.globalBatch)} sequences of ${int(r.seqLen)} tokens per step`,
  );
  lines.push("");
  lines.push(...metricLines(r.metrics));
  lines.push("");
  const t = r.train;
  const lay = t.layout;
  lines.push(
    `layout: tp ${lay.tp} · pp ${lay.pp} · dp ${lay.dp} · cp ${lay.cp} · ep ${lay.ep}, micro-batch ${lay.microBatch} × ${lay.microBatches}, recompute ${lay.recompute}, ZeRO ${lay.zero}`,
  );
  if (l) {
    lines.push(
      `trainable ${int(l.adapterParams)} parameters (${(100 * l.trainableFraction).toPrecision(3)} % of the model); ${fmt(l.flops.total)} FLOP per token, ${pct(l.flops.ratio)} of full fine-tuning's ${fmt(l.flops.fullTotal)}`,
    );
    lines.push(
      `step ${fmt(r.metrics.stepTimeSeconds)} s against ${fmt(l.step.fullSeconds)} s for full fine-tuning: compute −${fmt(l.step.computeSaved)} s, adapter gradients ${fmt(l.step.dpComm)} s, adapter optimizer ${fmt(l.step.optimizer)} s`,
    );
    const m = l.memory;
    lines.push(
      `memory per device ${fmt(m.totalGiB)} GiB: base weights ${fmt(m.baseWeightsGiB)}, adapters with optimizer ${fmt(m.adapterStateGiB)}, activations ${fmt(m.activationsGiB)}, logits ${fmt(m.logitsGiB)}, workspace ${fmt(m.workspaceGiB)} (full fine-tuning: ${fmt(t.memory.totalGiB)} GiB)`,
    );
  } else {
    const m = t.memory;
    lines.push(
      `memory per device ${fmt(m.totalGiB)} GiB: weights ${fmt(m.weightsGiB)}, gradients ${fmt(m.gradientsGiB)}, optimizer ${fmt(m.optimizerGiB)}, activations ${fmt(m.activationsGiB)}, logits ${fmt(m.logitsGiB)}, workspace ${fmt(m.workspaceGiB)}`,
    );
  }
  lines.push(...issueLines(r.issues, r.warnings));
  return lines;
}

function formatRl(r: RlReport): string[] {
  const lines: string[] = [];
  const f = r.fleets;
  const ro = f.rollout.layout;
  const mode = r.step.overlapped
    ? "one step off-policy"
    : r.offPolicySteps > 0
      ? "off-policy, timed synchronous"
      : "synchronous";
  const w = r.workload;
  lines.push(
    r.placement === "colocated"
      ? `GRPO, colocated, ${mode}: ${f.trainer.devices} × ${f.trainer.hardware} generate (tp ${ro.tp} · ep ${ro.ep} · dp ${ro.dp} · pp ${ro.pp}) and train in turn`
      : `GRPO, disaggregated, ${mode}: trainer ${f.trainer.devices} × ${f.trainer.hardware}, rollout ${f.rollout.devices} × ${f.rollout.hardware} (tp ${ro.tp} · ep ${ro.ep} · dp ${ro.dp} · pp ${ro.pp})`,
  );
  lines.push(
    `${int(r.samplesPerStep)} samples per step (${w.promptsPerStep} prompts × ${w.samplesPerPrompt}), prompts ${int(w.promptTokens)} tokens, responses mean ${int(r.lengths.meanResponseTokens)}, longest ${int(r.lengths.longestTokens)} of at most ${int(r.lengths.maxResponseTokens)}`,
  );
  lines.push("");
  lines.push(...metricLines(r.metrics));
  lines.push("");
  const step = r.metrics.stepSeconds;
  lines.push(
    `one step ${fmt(step)} s, bottleneck: ${PHASE_NAMES[r.step.bottleneck]}${r.step.overlapped ? " (generation overlaps scoring, update and transfer: the step is the longer of the two)" : ""}`,
  );
  for (const k of PHASES) {
    const s = r.phases[k];
    if (s <= 0) continue;
    lines.push(
      `  ${PHASE_NAMES[k].padEnd(36)} ${fmt(s).padStart(8)} s ${pct(s / step).padStart(8)}  ${bar(s / step)}`,
    );
  }
  lines.push(
    r.placement === "colocated"
      ? `devices: generating ${pct(r.metrics.rolloutBusyFraction)} of the step, training ${pct(r.metrics.trainerBusyFraction)}`
      : `fleets busy: rollout ${pct(r.metrics.rolloutBusyFraction)}, trainer ${pct(r.metrics.trainerBusyFraction)}`,
  );
  const x = r.rollout;
  lines.push(
    `rollout: ${int(x.groups)} engine groups × ${int(x.sequencesPerGroup)} samples (at most ${int(x.capacityPerGroup)} at once): prefill ${fmt(x.prefillSeconds)} s, full batch ${fmt(x.saturatedSeconds)} s, shrinking batch ${fmt(x.drainSeconds)} s; ${fmt(x.outputTokensPerSecond)} tokens/s; memory ${fmt(x.memory.weightsGiB)} GiB weights + ${fmt(x.memory.kvCacheGiB)} GiB KV of ${fmt(x.memory.capacityGiB)} GiB`,
  );
  const u = r.update;
  lines.push(
    `update: ${int(u.sequences)} sequences of ${int(u.seqLen)} tokens in ${u.miniBatches} optimizer step${u.miniBatches > 1 ? "s" : ""} × ${u.epochs} epoch${u.epochs > 1 ? "s" : ""}, ${fmt(u.train.metrics.stepTimeSeconds)} s each, MFU ${pct(u.train.metrics.mfu)}, ${fmt(u.train.memory.totalGiB)} GiB per device; ${r.scoring.logProbPasses} log-prob pass${r.scoring.logProbPasses === 1 ? "" : "es"}`,
  );
  lines.push(
    `transfer: ${fmt(r.transfer.bytes / 1e9)} GB of weights over the ${r.transfer.over} at ${fmt(r.transfer.bytesPerSecond / 1e9)} GB/s, ${fmt(r.transfer.seconds)} s`,
  );
  if (r.swap) {
    lines.push(
      `swap: ${fmt(r.swap.bytesPerDevice / 1e9)} GB of optimizer state and gradients per device to the host and back at ${fmt(r.swap.hostLinkGBps)} GB/s, ${fmt(r.swap.seconds)} s`,
    );
  }
  lines.push(...issueLines(r.issues, r.warnings));
  return lines;
}

export function formatPostTraining(report: PostTrainReport): string {
  const lines = report.kind === "rl" ? formatRl(report.rl) : formatFinetune(report.finetune);
  return lines.join("\n");
}
