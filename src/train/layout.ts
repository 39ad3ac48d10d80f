// The parallel layout of a training run: defaults filled in, checked against the device count
// and the model's divisibility rules (Megatron-LM's own checks), and layers placed on stages.
import { type Issue, issue } from "../issues.ts";
import type { RecomputeModule } from "../model/activation-bytes.ts";
import type { Arch } from "../model/arch.ts";
import type { ParallelSpec, TrainSpec } from "../scenario/schema.ts";

export interface Layout {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  /** expert tensor parallel: each expert's FFN split over this many devices */
  etp: number;
  vpp: number;
  microBatch: number;
  schedule: "1f1b" | "interleaved" | "dualpipe" | "zero-bubble";
  recompute: "none" | "selective" | "full";
  /** with selective recompute: which modules (default DEFAULT_SELECTIVE) */
  recomputeModules?: readonly RecomputeModule[];
  zero: 0 | 1 | 2 | 3;
  sequenceParallel: boolean;
  /** micro-batches per step per pipeline */
  microBatches: number;
}

/** Fill defaults: dp takes whatever devices tp·pp·cp leave. */
export function resolveLayout(
  p: ParallelSpec | undefined,
  devices: number,
  /** the engine's default expert tensor parallelism: "tp" (Megatron-Core) or 1 (MoE parallel folding) */
  etpDefault: "tp" | 1 = "tp",
): { layout: Omit<Layout, "microBatches">; issues: Issue[] } {
  const issues: Issue[] = [];
  const tp = p?.tp ?? 1;
  const pp = p?.pp ?? 1;
  const cp = p?.cp ?? 1;
  const model = tp * pp * cp;
  const dp = p?.dp ?? Math.max(1, Math.floor(devices / model));
  if (tp * pp * cp * dp !== devices) {
    issues.push(
      issue(
        "layout_mismatch",
        ["parallel"],
        `tp·pp·cp·dp = ${tp}·${pp}·${cp}·${dp} = ${tp * pp * cp * dp}, but devices is ${devices}`,
        { need: devices, have: tp * pp * cp * dp },
      ),
    );
  }
  const vpp = p?.vpp ?? 1;
  const schedule = p?.schedule ?? (vpp > 1 ? "interleaved" : "1f1b");
  return {
    layout: {
      tp,
      pp,
      dp,
      cp,
      ep: p?.ep ?? 1,
      etp: p?.etp ?? (etpDefault === "tp" ? tp : 1),
      vpp,
      microBatch: p?.microBatch ?? 1,
      schedule,
      recompute: p?.recompute ?? "none",
      ...(p?.recomputeModules ? { recomputeModules: p.recomputeModules } : {}),
      zero: p?.zero ?? 1,
      sequenceParallel: p?.sequenceParallel ?? tp > 1,
    },
    issues,
  };
}

/** Divisibility and fit checks; returns the layout with micro-batches per step. */
export function checkLayout(
  l: Omit<Layout, "microBatches">,
  arch: Arch,
  train: TrainSpec,
): { layout: Layout; issues: Issue[] } {
  const issues: Issue[] = [];
  const per = l.dp * l.microBatch;
  const microBatches = Math.max(1, Math.round(train.globalBatch / per));
  if (train.globalBatch % per !== 0) {
    issues.push(
      issue(
        "not_divisible",
        ["train", "globalBatch"],
        `globalBatch ${train.globalBatch} is not a multiple of dp·microBatch = ${per}`,
      ),
    );
  }
  if (arch.heads % l.tp !== 0) {
    issues.push(
      issue("not_divisible", ["parallel", "tp"], `${arch.heads} attention heads do not divide by tp ${l.tp}`),
    );
  }
  if (arch.kvHeads < l.tp ? l.tp % arch.kvHeads !== 0 : arch.kvHeads % l.tp !== 0) {
    issues.push(
      issue(
        "not_divisible",
        ["parallel", "tp"],
        `${arch.kvHeads} key/value heads do not split over tp ${l.tp}`,
      ),
    );
  }
  if (l.pp * l.vpp > arch.layers) {
    issues.push(
      issue(
        "not_divisible",
        ["parallel", "pp"],
        `pp·vpp = ${l.pp * l.vpp} exceeds the ${arch.layers} layers`,
      ),
    );
  }
  if (arch.moe) {
    if (arch.moe.experts % l.ep !== 0) {
      issues.push(
        issue("not_divisible", ["parallel", "ep"], `${arch.moe.experts} experts do not divide by ep ${l.ep}`),
      );
    }
    if ((l.dp * l.cp * l.tp) % (l.ep * l.etp) !== 0) {
      issues.push(
        issue(
          "not_divisible",
          ["parallel", "ep"],
          `ep·etp = ${l.ep}·${l.etp} must divide dp·cp·tp = ${l.dp * l.cp * l.tp}`,
        ),
      );
    }
    if (arch.moe.expertFfn % l.etp !== 0) {
      issues.push(
        issue(
          "not_divisible",
          ["parallel", "etp"],
          `the expert FFN of ${arch.moe.expertFfn} does not divide by etp ${l.etp}`,
        ),
      );
    }
  } else if (l.ep > 1) {
    issues.push(issue("not_divisible", ["parallel", "ep"], `ep ${l.ep} > 1 on a model without experts`));
  }
  if (train.seqLen % l.cp !== 0) {
    issues.push(
      issue("not_divisible", ["parallel", "cp"], `seqLen ${train.seqLen} does not divide by cp ${l.cp}`),
    );
  }
  if (l.schedule === "dualpipe" && l.pp % 2 !== 0) {
    issues.push(issue("not_divisible", ["parallel", "pp"], `DualPipe needs an even pp (got ${l.pp})`));
  }
  return { layout: { ...l, microBatches }, issues };
}

/**
 * Layers per virtual stage, as the engines balance them: an even share, the remainder one
 * each on the first stages (Megatron-LM's uneven split puts no extra layer on the last stage,
 * which also carries the LM head, when it can avoid it).
 */
export function layersPerStage(layers: number, stages: number): number[] {
  const base = Math.floor(layers / stages);
  const rem = layers - base * stages;
  return Array.from({ length: stages }, (_, i) => base + (i < rem ? 1 : 0));
}

/** Devices an expert's parameters are replicated over (they reduce its gradients): dp·cp·tp
 * over the expert-parallel and expert-tensor-parallel split. */
export function expertDataParallel(l: Pick<Layout, "dp" | "cp" | "tp" | "ep" | "etp">): number {
  return Math.max(1, (l.dp * l.cp * l.tp) / (l.ep * l.etp));
}
