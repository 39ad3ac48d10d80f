// A post-training phase of the lifecycle (fine-tuning, LoRA, an RL run of `steps` steps) on one
// trainer device kind: the post-training model's hours, device-hours and cost, and energy from the
// same utilisation-based power model as training (idle ~30% of TDP, the rest in proportion to
// how busy each fleet is; src/train/evaluate.ts).
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { Issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { evaluatePostTraining, type PostTrainReport } from "../posttrain/evaluate.ts";
import { resolvePosttrainRefs } from "../posttrain/resolve.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { PosttrainPhase } from "./schema.ts";

export interface PosttrainChoice {
  ok: boolean;
  devices?: number;
  days?: number;
  deviceHours?: number;
  costUSD?: number;
  energyMWh?: number;
  report?: PostTrainReport;
  issues: Issue[];
  notes: string[];
}

const power = (d: Device | undefined, busy: number) =>
  (d?.tdpWatts?.value ?? Number.NaN) * (0.3 + 0.7 * busy);

export function posttrainPhase(
  p: PosttrainPhase,
  arch: Arch,
  device: Device,
  devices: number,
  cat: Pick<Catalogs, "devices" | "models"> & { calibration: Calibration },
): PosttrainChoice {
  const refs = resolvePosttrainRefs(p.posttrain, cat);
  if (!refs.ok) {
    return {
      ok: false,
      issues: refs.errors.map((e) => ({
        code: "unknown_id",
        path: ["lifecycle", ...e.path],
        message: e.message,
        severity: "error",
      })),
      notes: [],
    };
  }
  const r = evaluatePostTraining({
    arch,
    device,
    devices,
    devicesPerNode: device.devicesPerNode,
    parallel: p.parallel,
    calibration: cat.calibration,
    posttrain: p.posttrain,
    rolloutDevice: refs.value.rolloutDevice,
    rewardArch: refs.value.rewardArch,
  });
  if (!r.ok) return { ok: false, issues: r.issues, notes: [] };
  const notes: string[] = [];
  let hours: number | undefined;
  let deviceHours: number | undefined;
  let costUSD: number | undefined;
  let energyWh = Number.NaN;
  let fits: boolean;
  let issues: Issue[];
  if (r.report.kind === "rl") {
    const rl = r.report.rl;
    ({ hours, deviceHours, costUSD } = rl.metrics);
    fits = rl.fits;
    issues = rl.issues;
    if (hours !== undefined) {
      const rollout = cat.devices.find((d) => d.id === rl.fleets.rollout.hardware);
      energyWh =
        rl.placement === "colocated"
          ? power(device, Math.min(1, rl.metrics.rolloutBusyFraction + rl.metrics.trainerBusyFraction)) *
            rl.fleets.totalDevices *
            hours
          : (power(device, rl.metrics.trainerBusyFraction) * rl.fleets.trainer.devices +
              power(rollout, rl.metrics.rolloutBusyFraction) * rl.fleets.rollout.devices) *
            hours;
    } else {
      notes.push("set posttrain.steps for the phase's hours, cost and energy");
    }
  } else {
    const f = r.report.finetune;
    ({ hours, deviceHours, costUSD } = f.metrics);
    fits = f.fits;
    issues = f.issues;
    if (deviceHours !== undefined) energyWh = power(device, Math.min(1, f.metrics.mfu / 0.7)) * deviceHours;
    else notes.push("set posttrain.tokens (or samples) for the phase's hours, cost and energy");
  }
  return {
    ok: fits && hours !== undefined,
    devices,
    days: hours !== undefined ? hours / 24 : undefined,
    deviceHours,
    costUSD,
    energyMWh: Number.isFinite(energyWh) ? energyWh / 1e6 : undefined,
    report: r.report,
    issues,
    notes,
  };
}
