// What the emitters read: a training plan (from planTraining, or a scenario's fixed layout) or a
// serving deployment (from src/infer's planner), reduced to the sizes an engine is told.
import type { PlanCandidate } from "../infer/plan.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import type { PlannedParallel, TrainingPlan } from "../search/plan-types.ts";
import type { TrainPrecision } from "../search/space.ts";

export const ENGINES = ["megatron", "mindspeed", "vllm", "sglang", "mindie"] as const;
export type Engine = (typeof ENGINES)[number];
export const TRAIN_ENGINES: readonly Engine[] = ["megatron", "mindspeed"];
export const SERVE_ENGINES: readonly Engine[] = ["vllm", "sglang", "mindie"];

export interface TrainEmitPlan {
  kind: "train";
  arch: Arch;
  parallel: PlannedParallel;
  precision: TrainPrecision;
  seqLen: number;
  globalBatch: number;
  devices: number;
  devicesPerNode: number;
}

export type ServeFormat = "bf16" | "fp16" | "fp8" | "int8" | "int4" | "fp4";

/**
 * One serving instance (replica): attention runs tensor-parallel over tp devices; when ep > tp
 * the ep/tp attention groups serve their own sequences (data-parallel attention) and the MoE
 * layers spread experts over all ep devices; `replicas` independent instances carry the load.
 */
export interface ServeEmitPlan {
  kind: "infer";
  arch: Arch;
  tp: number;
  ep: number;
  pp: number;
  replicas: number;
  devicesPerNode: number;
  /** concurrent sequences per device at the chosen operating point */
  batchPerDevice: number;
  /** prompt + generated tokens of the longest request */
  maxModelLen: number;
  maxInputTokens: number;
  weights: ServeFormat;
  activations?: ServeFormat;
  kvCache: ServeFormat;
  /** MTP draft tokens per step, if speculative decoding with MTP heads */
  mtpDraftTokens?: number;
  /** disaggregated serving: separate prefill and decode pools of instances of this shape
   * (prefill runs without MTP); `replicas` is then the decode pool's */
  pools?: { prefill: { replicas: number }; decode: { replicas: number } };
}

export type EmitPlan = TrainEmitPlan | ServeEmitPlan;

/** One process kind to launch: the whole instance, or the prefill or decode pool of a
 * disaggregated deployment, with how many copies of it to run. */
export interface EmittedCommand {
  role: "train" | "serve" | "prefill" | "decode";
  replicas: number;
  /** flags and values, one token each (args), or empty (json) */
  args: string[];
  /** what to paste: a command line, or the JSON */
  text: string;
}

export interface Emitted {
  engine: Engine;
  /** args: command-line flags; json: a config fragment to merge */
  format: "args" | "json";
  /** the first command's flags (the only command unless the plan splits prefill and decode) */
  args: string[];
  /** what to paste: every command, one after the other */
  text: string;
  commands: EmittedCommand[];
  /** plan settings the engine cannot express (names of layout keys); the rest round-trips */
  unexpressed: string[];
  /** where the plan and the engine do not line up, and what was assumed */
  notes: string[];
}

/** An Emitted from its commands: args and text of the first, all texts joined. */
export function emitted(
  engine: Engine,
  format: Emitted["format"],
  commands: EmittedCommand[],
  unexpressed: string[],
  notes: string[],
): Emitted {
  const text =
    commands.length === 1
      ? commands[0].text
      : commands
          .map((c) => `# ${c.role}: ${c.replicas} instance${c.replicas > 1 ? "s" : ""}\n${c.text}`)
          .join("\n\n");
  return { engine, format, args: commands[0]?.args ?? [], text, commands, unexpressed, notes };
}

/** A plan from planTraining, ready to emit. */
export function trainEmitPlan(
  plan: TrainingPlan,
  arch: Arch,
  train: { seqLen: number; globalBatch: number },
): TrainEmitPlan {
  return {
    kind: "train",
    arch,
    parallel: plan.parallel,
    precision: plan.precision,
    seqLen: train.seqLen,
    globalBatch: train.globalBatch,
    devices: plan.devices,
    devicesPerNode: plan.devicesPerNode,
  };
}

/** Devices one serving instance spans. */
export const instanceDevices = (p: ServeEmitPlan) => Math.max(p.tp, p.ep) * p.pp;

/** Attention data-parallel groups inside one instance (ep > tp: DP attention). */
export const attentionGroups = (p: ServeEmitPlan) => Math.max(1, Math.floor(Math.max(p.tp, p.ep) / p.tp));

/** A candidate of src/infer's serving planner (planInference), ready to emit. */
export function serveEmitPlan(
  c: PlanCandidate,
  arch: Arch,
  infer: Pick<InferSpec, "inputTokens" | "outputTokens" | "mtp">,
  devicesPerNode: number,
): ServeEmitPlan {
  return {
    kind: "infer",
    arch,
    tp: c.tp,
    ep: c.ep,
    pp: 1,
    replicas: c.pools ? c.pools.decodeDp : c.dp,
    devicesPerNode,
    batchPerDevice: c.batchPerDevice,
    maxModelLen: infer.inputTokens + infer.outputTokens,
    maxInputTokens: infer.inputTokens,
    weights: c.weights,
    activations: c.activations,
    kvCache: c.kvCache,
    mtpDraftTokens: infer.mtp?.draftTokens,
    ...(c.pools
      ? { pools: { prefill: { replicas: c.pools.prefillDp }, decode: { replicas: c.pools.decodeDp } } }
      : {}),
  };
}

/** A scenario's own infer block (its tp/ep/dp/pp and batch), ready to emit. */
export function serveEmitPlanFromSpec(
  infer: InferSpec,
  arch: Arch,
  devicesPerNode: number,
  batchPerDevice: number,
): ServeEmitPlan {
  return {
    kind: "infer",
    arch,
    tp: infer.tp,
    ep: infer.ep,
    pp: infer.pp,
    replicas: infer.dp,
    devicesPerNode,
    batchPerDevice,
    maxModelLen: infer.inputTokens + infer.outputTokens,
    maxInputTokens: infer.inputTokens,
    weights: infer.weights,
    activations: infer.activations,
    kvCache: infer.kvCache,
    mtpDraftTokens: infer.mtp?.draftTokens,
  };
}
