// Operating points of a deployment at a batch size, in steady state:
// - prefill: a batch of prompts computed together (optionally in chunks);
// - decode: a batch of sequences generating at a mean context of prompt + output/2;
// - mixed (continuous batching, phase `both`, as trtllm-bench / vLLM benchmark_throughput):
//   each iteration generates for the running sequences and prefills the prompts that replace
//   the finished ones, S·tokensPerStep/outputTokens prompts per iteration on average, so
//   weights are read once for both (Orca, Yu et al. 2022; Sarathi-Serve, Agrawal et al. 2024);
//   a new prompt's TTFT is its own chunks' iterations next to the running decodes.
// Sizes are per attention group per pipeline micro-batch (S); a device holds S/tp sequences.
import type { Deployment } from "./deployment.ts";
import type { IterationSeconds } from "./iteration-seconds.ts";
import type { StepLoad } from "./layer-seconds.ts";
import { activationBytes, type InferMemory, inferenceMemory } from "./memory.ts";
import { expectedMaxPoisson } from "./moe-routing.ts";
import { tokensPerStep } from "./mtp.ts";
import { stepSeconds } from "./step-seconds.ts";

export type ServingMode = "prefill" | "decode" | "mixed";

export interface Workload {
  inputTokens: number;
  outputTokens: number;
  prefixCacheHitRate: number;
  chunkTokens?: number;
}

export interface ServingPoint {
  /** sequences per device (S / tp) */
  batchPerDevice: number;
  /** sequences per attention group per micro-batch */
  sequencesPerGroup: number;
  /** sequences in flight in the whole deployment (all instances) */
  concurrency: number;
  iteration: IterationSeconds;
  /** iterations per batch (chunked prefill) */
  iterations: number;
  tokensPerStep: number;
  ttftSeconds: number;
  tpotSeconds: number;
  /** generated tokens per second, whole deployment */
  outputTokensPerSecond: number;
  prefillTokensPerSecondPerDevice: number;
  decodeTokensPerSecondPerDevice: number;
  memory: InferMemory;
  fits: boolean;
}

interface Shape {
  load: StepLoad;
  iterations: number;
  /** prompts completed per iteration per group */
  prompts: number;
  /** generated tokens per iteration per group */
  generated: number;
  tokensPerSequence: number;
}

function shape(d: Deployment, w: Workload, mode: ServingMode, S: number): Shape {
  const I = w.inputTokens;
  const cached = Math.min(I - 1, Math.round(I * w.prefixCacheHitRate));
  const fresh = I - cached;
  const tps = tokensPerStep(d.draftTokens, d.acceptance);
  const keys = cached + fresh / 2;
  const none: StepLoad = {
    decodeSequences: 0,
    queryTokensPerSequence: 1 + d.draftTokens,
    contextTokens: 0,
    prefillTokens: 0,
    prefillKeysPerToken: keys,
    prefillSequences: 0,
    prefillKvReadTokens: 0,
  };
  if (mode === "prefill") {
    const tokens = S * fresh;
    const n = w.chunkTokens && tokens > w.chunkTokens ? Math.ceil(tokens / w.chunkTokens) : 1;
    const chunkReread = n > 1 ? S * (fresh / 2) : 0;
    return {
      load: {
        ...none,
        prefillTokens: tokens / n,
        prefillSequences: S / n,
        prefillKvReadTokens: (S * cached + chunkReread) / n,
      },
      iterations: n,
      prompts: S / n,
      generated: S / n,
      tokensPerSequence: I + 1,
    };
  }
  const decode: StepLoad = { ...none, decodeSequences: S, contextTokens: I + w.outputTokens / 2 };
  const tokensPerSequence = I + w.outputTokens + d.draftTokens;
  if (mode === "decode")
    return { load: decode, iterations: 1, prompts: 0, generated: S * tps, tokensPerSequence };
  const prompts = (S * tps) / w.outputTokens;
  const chunks = w.chunkTokens ? Math.max(1, Math.ceil(fresh / w.chunkTokens)) : 1;
  // Data-parallel attention: each group admits whole prompts (or chunks) as its sequences
  // finish, independently, so per iteration the groups' prompt counts scatter like Poisson
  // draws and the busiest one sets the pace (TensorRT-LLM tech blog 10, "ADP Balance").
  const unit = fresh / chunks;
  const groups = d.layout.attentionGroups;
  const busiest = groups > 1 ? expectedMaxPoisson(groups, (prompts * fresh) / unit) * unit : prompts * fresh;
  return {
    load: {
      ...decode,
      busiestPrefillTokens: busiest,
      prefillTokens: prompts * fresh,
      prefillSequences: prompts,
      prefillKvReadTokens: prompts * (cached + (chunks > 1 ? fresh / 2 : 0)),
    },
    iterations: chunks,
    prompts,
    generated: S * tps,
    tokensPerSequence,
  };
}

function pointMemory(d: Deployment, sh: Shape, S: number) {
  const rows = sh.load.decodeSequences * sh.load.queryTokensPerSequence;
  return inferenceMemory({
    weightBytes: d.weightBytes,
    kvBytesPerToken: d.kvBytesPerToken,
    sequences: S * d.layout.pp,
    tokensPerSequence: sh.tokensPerSequence,
    activationBytes: activationBytes(
      d.arch,
      d.layout,
      rows + sh.load.prefillTokens,
      rows + sh.load.prefillSequences,
    ),
    capacityBytes: d.capacityBytes,
  });
}

/**
 * TTFT of one new prompt among S running sequences: its chunks under the engine's token budget,
 * each iteration also carrying the running decodes (mixed scheduling; prefill-first engines pause
 * them), so it is never below the prompt's own prefill.
 */
function promptSeconds(d: Deployment, w: Workload, S: number): number {
  const I = w.inputTokens;
  const cached = Math.min(I - 1, Math.round(I * w.prefixCacheHitRate));
  const fresh = I - cached;
  const mixed = d.engine.policy === "mixed";
  const decodes = mixed ? Math.max(0, S - 1) : 0;
  const budget = Math.max(1, d.engine.maxBatchedTokens - decodes * (1 + d.draftTokens));
  const n = Math.max(1, Math.ceil(fresh / budget));
  const load: StepLoad = {
    decodeSequences: decodes,
    queryTokensPerSequence: 1 + d.draftTokens,
    contextTokens: decodes > 0 ? I + w.outputTokens / 2 : 0,
    prefillTokens: fresh / n,
    prefillKeysPerToken: cached + fresh / 2,
    prefillSequences: 1 / n,
    prefillKvReadTokens: cached + (n > 1 ? fresh / 2 : 0),
  };
  return n * stepSeconds(d, load, decodes > 0).latencySeconds;
}

/** Whether S sequences per group fit the device's memory. */
export function fitsMemory(d: Deployment, w: Workload, mode: ServingMode, S: number): boolean {
  return pointMemory(d, shape(d, w, mode, S), S).fits;
}

export function servingPoint(d: Deployment, w: Workload, mode: ServingMode, S: number): ServingPoint {
  const l = d.layout;
  const sh = shape(d, w, mode, S);
  const it = stepSeconds(d, sh.load, mode !== "prefill");
  const tps = tokensPerStep(d.draftTokens, d.acceptance);
  const mem = pointMemory(d, sh, S);
  const instances = l.dp;
  const groupsTotal = l.attentionGroups * instances;
  // Per instance, pp micro-batches each advance once per pp·stage time.
  const perSecond = (x: number) => (x * groupsTotal) / it.seconds;
  let outputTokensPerSecond: number;
  let prefillPerSecond: number;
  let ttftSeconds: number;
  let tpotSeconds: number;
  if (mode === "prefill") {
    outputTokensPerSecond = perSecond(sh.prompts);
    prefillPerSecond = perSecond(sh.prompts * w.inputTokens);
    ttftSeconds = sh.iterations * it.latencySeconds;
    tpotSeconds = Number.NaN;
  } else {
    outputTokensPerSecond = perSecond(sh.generated);
    prefillPerSecond = perSecond(sh.prompts * w.inputTokens);
    tpotSeconds = it.latencySeconds / tps;
    ttftSeconds = mode === "mixed" ? promptSeconds(d, w, S) : Number.NaN;
  }
  const { fits, kvBudgetBytes: _, ...memory } = mem;
  return {
    batchPerDevice: S / l.tp,
    sequencesPerGroup: S,
    concurrency: S * groupsTotal * l.pp,
    iteration: it,
    iterations: sh.iterations,
    tokensPerStep: tps,
    ttftSeconds,
    tpotSeconds,
    outputTokensPerSecond,
    prefillTokensPerSecondPerDevice: prefillPerSecond / l.devices,
    decodeTokensPerSecondPerDevice: mode === "prefill" ? 0 : outputTokensPerSecond / l.devices,
    memory,
    fits,
  };
}

/** Largest S (sequences per group per micro-batch) that fits; 0 when not even one does. */
export function maxSequencesPerGroup(d: Deployment, w: Workload, mode: ServingMode): number {
  const fits = (S: number) => fitsMemory(d, w, mode, S);
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (fits(hi) && hi < 1 << 24) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
