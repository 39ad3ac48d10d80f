// The policy update of one RL step in PPO's epochs × mini-batches (Schulman et al. 2017,
// arXiv:1707.06347 Sec. 5, Algorithm 1) as training steps (src/train/evaluate.ts) over the B·G
// samples: packed into sequences of seqLen (verl's remove-padding / NeMo-RL's sequence packing,
// first-fit decreasing fills bins almost fully) or each padded to seqLen.
// The batch is rounded up to whole micro-batches on every data-parallel rank.
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateTraining, type TrainReport } from "../train/evaluate.ts";
import { resolveLayout } from "../train/layout.ts";
import type { UpdateSpec } from "./schema.ts";

export interface UpdateInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devices: number;
  devicesPerNode?: number;
  parallel?: ParallelSpec;
  spec: UpdateSpec;
  samples: number;
  promptTokens: number;
  meanResponseTokens: number;
  maxResponseTokens: number;
}

export interface UpdatePlan {
  seqLen: number;
  /** sequences per RL step (all mini-batches) */
  sequences: number;
  miniBatches: number;
  epochs: number;
  /** sequences per optimizer step */
  miniBatchSequences: number;
  /** prompt + response tokens of the samples (padding excluded) */
  sampleTokens: number;
  seconds: number;
  /** one optimizer step (one mini-batch) */
  train: TrainReport;
}

export type UpdateResult = { ok: true; value: UpdatePlan } | { ok: false; issues: Issue[] };

export function policyUpdate(inp: UpdateInput): UpdateResult {
  const s = inp.spec;
  const longest = inp.promptTokens + Math.ceil(inp.maxResponseTokens);
  const cp = inp.parallel?.cp ?? 1;
  const seqLen = s.seqLen ?? Math.ceil(longest / cp) * cp;
  if (longest > seqLen) {
    return {
      ok: false,
      issues: [
        issue(
          "sequence_too_long",
          ["posttrain", "update", "seqLen"],
          `prompt ${inp.promptTokens} + longest response ${Math.ceil(inp.maxResponseTokens)} = ${longest} tokens exceed seqLen ${seqLen}`,
          { need: longest, have: seqLen },
        ),
      ],
    };
  }
  const sampleTokens = inp.samples * (inp.promptTokens + inp.meanResponseTokens);
  const needed = s.packing ? Math.ceil(sampleTokens / seqLen) : inp.samples;
  const { layout } = resolveLayout(inp.parallel, inp.devices);
  const unit = layout.dp * layout.microBatch * s.miniBatches;
  const sequences = Math.ceil(needed / unit) * unit;
  const miniBatchSequences = sequences / s.miniBatches;
  const t = evaluateTraining({
    arch: inp.arch,
    device: inp.device,
    calibration: inp.calibration,
    devices: inp.devices,
    devicesPerNode: inp.devicesPerNode,
    train: { seqLen, globalBatch: miniBatchSequences, precision: s.precision },
    parallel: inp.parallel,
  });
  if (!t.ok) return t;
  return {
    ok: true,
    value: {
      seqLen,
      sequences,
      miniBatches: s.miniBatches,
      epochs: s.epochs,
      miniBatchSequences,
      sampleTokens,
      seconds: s.epochs * s.miniBatches * t.report.metrics.stepTimeSeconds,
      train: t.report,
    },
  };
}
