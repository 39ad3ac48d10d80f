// The catalog records a posttrain block names besides the scenario's own: the rollout fleet's
// device kind and the reward model. Errors name the key and suggest the closest ids, as
// src/scenario/resolve.ts does for the scenario's model and hardware.
import { closest } from "../catalog/closest.ts";
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import type { Catalogs, ResolveError } from "../scenario/resolve.ts";
import type { PosttrainSpec } from "./schema.ts";

export interface PosttrainRefs {
  rolloutDevice?: Device;
  rewardArch?: Arch;
}

export function resolvePosttrainRefs(
  spec: PosttrainSpec,
  cat: Pick<Catalogs, "devices" | "models">,
): { ok: true; value: PosttrainRefs } | { ok: false; errors: ResolveError[] } {
  const errors: ResolveError[] = [];
  const value: PosttrainRefs = {};
  if (spec.kind !== "rl") return { ok: true, value };
  const hw = spec.rollout.hardware;
  if (hw !== undefined) {
    const d = cat.devices.find((x) => x.id === hw);
    if (d) value.rolloutDevice = d;
    else {
      const near = closest(
        hw,
        cat.devices.map((x) => x.id),
      );
      errors.push({
        path: ["posttrain", "rollout", "hardware"],
        message: `unknown hardware id "${hw}"; closest: ${near.join(", ")}`,
      });
    }
  }
  const rm = spec.rewardModel;
  if (typeof rm === "string") {
    const m = cat.models.find((x) => x.id === rm);
    if (m) value.rewardArch = m.arch;
    else {
      const near = closest(
        rm,
        cat.models.map((x) => x.id),
      );
      errors.push({
        path: ["posttrain", "rewardModel"],
        message: `unknown model id "${rm}"; closest: ${near.join(", ")}`,
      });
    }
  } else if (rm) value.rewardArch = rm;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
