// One deployment: a layout of a model on a device kind at given number formats, with the
// achieved rates, the communication groups on the fabric and the memory figures every
// operating point of it shares. Built once, evaluated at many batch sizes.
import { fabricParams, group } from "../collectives/group.ts";
import type { FamilyCalibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { GiB } from "../units.ts";
import type { StepContext } from "./layer-seconds.ts";
import { type InferLayout, type InferParallel, resolveInferLayout } from "./layout.ts";
import { kvBytesPerTokenPerDevice, weightBytesPerDevice } from "./memory.ts";
import type { InferPrecision } from "./precision.ts";
import { inferRates } from "./rates.ts";

export interface Deployment extends StepContext {
  device: Device;
  /** MTP draft tokens per step (0: none) and their acceptance */
  draftTokens: number;
  acceptance: number;
  weightBytes: number;
  kvBytesPerToken: number;
  capacityBytes: number;
  /** scale-up domain size (devices) and per-device bytes/s up and out, for KV transfer */
  fabric: { domainSize: number; upBytesPerSecond: number; outBytesPerSecond: number; latencySeconds: number };
}

export interface DeploymentInput {
  arch: Arch;
  device: Device;
  family: FamilyCalibration;
  precision: InferPrecision;
  parallel: InferParallel;
  devices?: number;
  devicesPerNode?: number;
  mtp?: { draftTokens: number; acceptance: number } | null;
  path?: (string | number)[];
}

export function buildDeployment(
  inp: DeploymentInput,
): { ok: true; value: Deployment; warnings: Issue[] } | { ok: false; issues: Issue[] } {
  const { arch, device, family, precision } = inp;
  const path = inp.path ?? ["infer"];
  const laid = resolveInferLayout(arch, inp.parallel, inp.devices, path);
  if (!laid.ok) return laid;
  const layout: InferLayout = laid.value;
  const issues: Issue[] = [];
  const rates = inferRates(device, family, precision);
  if (!rates) {
    return {
      ok: false,
      issues: [
        issue(
          "dtype_unsupported",
          [...path, "activations"],
          `${device.name} has no ${precision.matmulDtype} peak`,
        ),
      ],
    };
  }
  const cap = device.memory.capacityGB?.value;
  if (cap === undefined || !device.memory.bandwidthTBps) {
    issues.push(
      issue("device_not_plannable", ["hardware"], `${device.id} has no memory capacity or bandwidth figure`),
    );
    return { ok: false, issues };
  }
  const draftTokens = inp.mtp?.draftTokens ?? 0;
  if (draftTokens > 0 && !(arch.mtp && arch.mtp > 0)) {
    issues.push(
      issue(
        "missing_key",
        [...path, "mtp"],
        "MTP speculative decoding needs a model with MTP modules (model.mtp)",
      ),
    );
    return { ok: false, issues };
  }
  const f = fabricParams(device, family, inp.devicesPerNode);
  const groups = {
    tp: group(f, layout.tp, 1),
    ep: group(f, layout.ep, 1),
    pp: group(f, layout.pp, Math.max(layout.tp, layout.ep)),
  };
  const g1 = group(f, 2, 1);
  // HBM stacks are binary-sized: an "80 GB" H100 has 80 GiB (81,559 MiB) of HBM3.
  const capacityBytes = cap * GiB;
  const useMtp = draftTokens > 0;
  return {
    ok: true,
    value: {
      arch,
      layout,
      precision,
      rates,
      groups,
      device,
      draftTokens,
      acceptance: inp.mtp?.acceptance ?? 0,
      weightBytes: weightBytesPerDevice(arch, layout, precision, useMtp),
      kvBytesPerToken: kvBytesPerTokenPerDevice(arch, layout, precision, useMtp),
      capacityBytes,
      fabric: {
        domainSize: f.domainSize,
        upBytesPerSecond: g1.upBytesPerSecond,
        outBytesPerSecond: g1.outBytesPerSecond,
        latencySeconds: f.latencySeconds,
      },
    },
    warnings: laid.warnings,
  };
}
