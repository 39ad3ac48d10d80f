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
  /** how layers are placed on stages (Megatron's pipeline-split options); undefined: even split */
  pipelineSplit?: PipelineSplit;
  /** micro-batches per step per pipeline */
  microBatches: number;
}

export interface PipelineSplit {
  embedding?: boolean;
  loss?: boolean;
  firstStageLayers?: number;
  lastStageLayers?: number;
}

/** Fill defaults: dp takes whatever devices tp·pp·cp leave. */
export function resolveLayout(
  p: ParallelSpec | undefined,
  devices: number,
  /** the engine's default expert tensor parallelism: "tp" (Megatron-Core) or 1 (MoE parallel folding) */
  etpDefault: "tp" | 1 = "tp",
): { layout: Omit<Layout, "microBatches">; issues: Issue[]; warnings: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
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
  const ep = p?.ep ?? 1;
  // Expert tensor parallelism as the engine defaults it, unless that cannot place the experts:
  // an ep·tp that does not divide dp·cp·tp ran with the experts folded apart from the attention's
  // tensor parallelism (Megatron-Core's --expert-tensor-parallel-size 1, MoE parallel folding).
  let etp = p?.etp ?? (etpDefault === "tp" ? tp : 1);
  if (p?.etp === undefined && etp > 1 && (dp * cp * tp) % (ep * etp) !== 0) {
    warnings.push(
      issue(
        "layout_adjusted",
        ["parallel", "etp"],
        `etp ${etp} (the engine's default, = tp) cannot place ep ${ep} in dp·cp·tp = ${dp * cp * tp}; using etp 1 (MoE parallel folding)`,
        { severity: "warning" },
      ),
    );
    etp = 1;
  }
  const vpp = p?.vpp ?? 1;
  const schedule = p?.schedule ?? (vpp > 1 ? "interleaved" : "1f1b");
  return {
    layout: {
      tp,
      pp,
      dp,
      cp,
      ep,
      etp,
      vpp,
      microBatch: p?.microBatch ?? 1,
      schedule,
      recompute: p?.recompute ?? "none",
      ...(p?.recomputeModules ? { recomputeModules: p.recomputeModules } : {}),
      zero: p?.zero ?? 1,
      sequenceParallel: p?.sequenceParallel ?? tp > 1,
      ...(p?.pipelineSplit ? { pipelineSplit: p.pipelineSplit } : {}),
    },
    issues,
    warnings,
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
  const split = stageSplit(arch.layers, l);
  if (!split.ok) issues.push(issue("not_divisible", ["parallel", "pp"], split.why));
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

/** Transformer layers on each of the pp·vpp (virtual) stages, in pipeline order, as Megatron-LM
 * places them: an even split of the layers, or of layers + 1 or 2 when the embedding and the loss
 * count as layers of the first and last stage (--account-for-embedding/loss-in-pipeline-split;
 * taken when pp·vpp exceeds the layers by one or two, the only way such a layout runs), or the
 * first and last stages' explicit counts with the rest split evenly (--decoder-first/last-
 * pipeline-num-layers). A stage may then hold only the embedding or only the loss. */
export function stageSplit(
  layers: number,
  l: Pick<Layout, "pp" | "vpp" | "pipelineSplit">,
): { ok: true; split: number[] } | { ok: false; why: string } {
  const S = l.pp * l.vpp;
  const ps = l.pipelineSplit ?? {};
  const first = ps.firstStageLayers;
  const last = ps.lastStageLayers;
  if (first !== undefined || last !== undefined) {
    const ends = (first === undefined ? 0 : 1) + (last === undefined ? 0 : 1);
    const rest = layers - (first ?? 0) - (last ?? 0);
    const middle = S - ends;
    if (rest < 0 || (middle === 0 && rest !== 0) || (middle > 0 && rest < middle))
      return {
        ok: false,
        why: `the first/last stage layers (${first ?? "even"}, ${last ?? "even"}) leave ${rest} layers for ${middle} other stages of pp·vpp = ${S}`,
      };
    const mid = middle > 0 ? layersPerStage(rest, middle) : [];
    return {
      ok: true,
      split: [...(first === undefined ? [] : [first]), ...mid, ...(last === undefined ? [] : [last])],
    };
  }
  const auto = S > layers && S <= layers + 2;
  const emb = ps.embedding ?? (auto && S - layers >= 1);
  const loss = ps.loss ?? (auto && S - layers >= 2);
  const units = layers + (emb ? 1 : 0) + (loss ? 1 : 0);
  if (S > units)
    return {
      ok: false,
      why: `pp·vpp = ${S} exceeds the ${layers} layers${emb || loss ? " with the embedding and loss counted as layers" : ""}`,
    };
  const split = layersPerStage(units, S);
  // the embedding takes a layer's place on the first stage, the loss on the last
  if (emb) split[0] -= 1;
  if (loss) split[S - 1] -= 1;
  if (split.some((n) => n < 0)) return { ok: false, why: `pp·vpp = ${S} leaves a stage with no room` };
  return { ok: true, split };
}

/** Devices an expert's parameters are replicated over (they reduce its gradients): dp·cp·tp
 * over the expert-parallel and expert-tensor-parallel split. */
export function expertDataParallel(l: Pick<Layout, "dp" | "cp" | "tp" | "ep" | "etp">): number {
  return Math.max(1, (l.dp * l.cp * l.tp) / (l.ep * l.etp));
}
