// One deployment: a layout of a model on a device kind at given number formats, with the
// achieved rates, the communication groups on the fabric, the serving engine it runs on, its
// speculative decoding and the memory figures every operating point of it shares. Built once,
// evaluated at many batch sizes.
import { fabricParams, group } from "../collectives/group.ts";
import { computeTablesFor } from "../cost/device-tables.ts";
import type { FamilyCalibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { GiB } from "../units.ts";
import { type EngineConfig, resolveEngine, speculativeFor } from "./engine-config.ts";
import { kernelsPerStep } from "./kernel-count.ts";
import type { StepContext } from "./layer-seconds.ts";
import { type InferLayout, type InferParallel, resolveInferLayout } from "./layout.ts";
import { kvBytesPerTokenPerDevice, weightBytesPerDevice } from "./memory.ts";
import type { InferPrecision } from "./precision.ts";
import { DEFAULT_STEP_OVERHEAD_SECONDS, inferRates } from "./rates.ts";
import type { ServingEngineCatalog } from "./serving-engines.ts";
import { resolveSpeculative, type SpeculativeConfig } from "./speculative.ts";
import { draftKvBytesPerToken, draftWeightBytes } from "./speculative-draft.ts";

export interface Deployment extends StepContext {
  device: Device;
  /** draft tokens per step (0: none) and their conditional acceptance, any speculative method */
  draftTokens: number;
  acceptance: number;
  speculative: SpeculativeConfig | null;
  /** the serving engine's scheduler and fixed costs */
  engine: EngineConfig;
  /** kernels an un-graphed step issues on the busiest device */
  kernelsPerStep: number;
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
  /** any speculative decoding, resolved (speculative.ts); when absent, `mtp` is read */
  speculative?: SpeculativeConfig | null;
  /** the serving engine: the catalog and the scenario's engine keys; absent: the family's step cost */
  serving?: {
    catalog?: ServingEngineCatalog;
    infer: Pick<InferSpec, "engine" | "engineVersion" | "scheduler" | "chunkTokens">;
  };
  path?: (string | number)[];
  /** measured kernel tables of every device (catalog/kernels); the device's own are used */
  kernelTables?: readonly DeviceKernelTables[];
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
  let spec: SpeculativeConfig | null;
  const warnings = [...laid.warnings];
  if (inp.speculative !== undefined) spec = inp.speculative;
  else {
    const r = resolveSpeculative({ mtp: inp.mtp ?? null, speculative: null }, arch);
    if (!r.ok) return r;
    spec = r.value;
    warnings.push(...r.warnings.map((w) => ({ ...w, path: [...path, ...w.path.slice(1)] })));
  }
  const draftTokens = spec?.draftTokens ?? 0;
  const memoryGiB = cap;
  const engine = resolveEngine(inp.serving?.catalog, inp.serving?.infer ?? {}, {
    memoryGiB,
    tp: layout.tp,
    familyStepSeconds: family.decodeStepOverheadSeconds ?? DEFAULT_STEP_OVERHEAD_SECONDS,
  });
  if (inp.serving) warnings.push(...engine.warnings);
  const f = fabricParams(device, family, inp.devicesPerNode);
  const groups = {
    tp: group(f, layout.tp, 1),
    ep: group(f, layout.ep, 1),
    pp: group(f, layout.pp, Math.max(layout.tp, layout.ep)),
  };
  const g1 = group(f, 2, 1);
  // HBM stacks are binary-sized: an "80 GB" H100 has 80 GiB (81,559 MiB) of HBM3.
  const capacityBytes = cap * GiB;
  const useMtp = spec?.method === "mtp";
  return {
    ok: true,
    value: {
      arch,
      layout,
      precision,
      rates,
      groups,
      ...kernelsFor(inp.kernelTables, device.id, engine.value.engine),
      device,
      draftTokens,
      acceptance: spec?.acceptance ?? 0,
      speculative: spec,
      engine: spec ? speculativeFor(engine.value) : engine.value,
      kernelsPerStep: kernelsPerStep(arch, layout),
      weightBytes:
        weightBytesPerDevice(arch, layout, precision, useMtp) +
        draftWeightBytes(arch, layout, precision, spec),
      kvBytesPerToken:
        kvBytesPerTokenPerDevice(arch, layout, precision, useMtp) +
        draftKvBytesPerToken(arch, layout, precision, spec),
      capacityBytes,
      fabric: {
        domainSize: f.domainSize,
        upBytesPerSecond: g1.upBytesPerSecond,
        outBytesPerSecond: g1.outBytesPerSecond,
        latencySeconds: f.latencySeconds,
      },
    },
    warnings,
  };
}

/** The device's measured kernel tables, preferring the serving engine's own where it has some. */
function kernelsFor(
  all: readonly DeviceKernelTables[] | undefined,
  deviceId: string,
  engine: string,
): { kernels?: { tables: DeviceKernelTables; backend?: string } } {
  const tables = computeTablesFor(all, deviceId);
  if (!tables) return {};
  const backend = engine === "trtllm" || engine === "vllm" || engine === "sglang" ? engine : undefined;
  return { kernels: { tables, ...(backend ? { backend } : {}) } };
}
