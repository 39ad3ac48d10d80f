// The post-training entry point: one `posttrain:` block (sft, lora or rl) with the scenario's
// model, trainer hardware, devices and parallel layout, to a report or a list of issues.
// Pure: the caller resolves catalog ids to records (resolve.ts) and passes plain data.
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { Issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { ParallelSpec } from "../scenario/schema.ts";
import { evaluateSft, type FinetuneReport } from "./finetune.ts";
import { evaluateLora } from "./lora-finetune.ts";
import { evaluateRl, type RlReport } from "./rl.ts";
import type { PosttrainSpec } from "./schema.ts";

export interface PostTrainInput {
  /** the policy / the model fine-tuned (the scenario's `model`) */
  arch: Arch;
  /** the trainer fleet: the scenario's hardware, devices, devicesPerNode and parallel */
  device: Device;
  devices: number;
  devicesPerNode?: number;
  parallel?: ParallelSpec;
  calibration: Calibration;
  posttrain: PosttrainSpec;
  /** RL: the record of posttrain.rollout.hardware, when it names one */
  rolloutDevice?: Device;
  /** RL: the architecture of posttrain.rewardModel, when it is a catalog id */
  rewardArch?: Arch;
}

export type PostTrainReport =
  | { kind: "sft" | "lora"; finetune: FinetuneReport }
  | { kind: "rl"; rl: RlReport };

export type PostTrainResult = { ok: true; report: PostTrainReport } | { ok: false; issues: Issue[] };

export function evaluatePostTraining(inp: PostTrainInput): PostTrainResult {
  const p = inp.posttrain;
  const base = {
    arch: inp.arch,
    device: inp.device,
    calibration: inp.calibration,
    devices: inp.devices,
    devicesPerNode: inp.devicesPerNode,
    parallel: inp.parallel,
  };
  if (p.kind === "rl") {
    const r = evaluateRl({ ...base, spec: p, rolloutDevice: inp.rolloutDevice, rewardArch: inp.rewardArch });
    return r.ok ? { ok: true, report: { kind: "rl", rl: r.report } } : r;
  }
  const r = p.kind === "sft" ? evaluateSft(base, p) : evaluateLora(base, p);
  return r.ok ? { ok: true, report: { kind: p.kind, finetune: r.report } } : r;
}
