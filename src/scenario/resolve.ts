// Turns a validated scenario into the plain data the engine computes on: the architecture
// (a catalog id or inline) and the device record, or errors that name the key and suggest ids.
import { closest } from "../catalog/closest.ts";
import { priceDevice } from "../economics/price-devices.ts";
import type { PriceCatalog } from "../economics/prices-schema.ts";
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import type { ServingEngineCatalog } from "../infer/serving-engines.ts";
import type { Arch } from "../model/arch.ts";
import type { ModelEntry } from "../model/model-entry.ts";
import { type PosttrainRefs, resolvePosttrainRefs } from "../posttrain/resolve.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { StackCatalog } from "../stack/train-stack.ts";
import { modelArch } from "./model-arch.ts";
import type { Scenario } from "./schema.ts";

export interface Catalogs {
  devices: Device[];
  models: ModelEntry[];
  calibration: Calibration;
  /** failure rates by device kind (catalog/reliability.yaml); reliability metrics need it */
  reliability?: ReliabilityCatalog;
  /** training engines and their documented defaults (catalog/stacks.yaml) */
  stacks?: StackCatalog;
  /** measured kernel-latency tables per device (catalog/kernels); absent in the browser bundle */
  kernels?: DeviceKernelTables[];
  /** prices, node power and site figures (catalog/prices.yaml); the devices above carry them already */
  prices?: PriceCatalog;
  /** serving engines and their schedulers (catalog/serving-engines.yaml); absent: the "other" engine */
  servingEngines?: ServingEngineCatalog;
}

export interface Resolved {
  scenario: Scenario;
  arch: Arch;
  modelId?: string;
  device: Device;
  devicesPerNode: number;
  /** posttrain: the rollout device and reward model the block names */
  posttrainRefs?: PosttrainRefs;
}

export interface ResolveError {
  path: (string | number)[];
  message: string;
}

export function resolveScenario(
  s: Scenario,
  cat: Catalogs,
): { ok: true; value: Resolved } | { ok: false; errors: ResolveError[] } {
  const errors: ResolveError[] = [];
  let arch: Arch | undefined;
  let modelId: string | undefined;
  const ma = modelArch(s.model, cat.models);
  if (ma.ok) {
    arch = ma.arch;
    modelId = ma.modelId;
  } else {
    errors.push({ path: ma.path, message: ma.message });
  }
  const device = cat.devices.find((d) => d.id === s.hardware);
  if (!device) {
    const near = closest(
      s.hardware,
      cat.devices.map((d) => d.id),
    );
    errors.push({
      path: ["hardware"],
      message: `unknown hardware id "${s.hardware}"; closest: ${near.join(", ")}`,
    });
  }
  if (arch) {
    if (arch.hidden % arch.heads !== 0 && arch.headDim === undefined && arch.attention?.kind !== "mla") {
      errors.push({
        path: ["model", "heads"],
        message: `hidden ${arch.hidden} is not a multiple of heads ${arch.heads}; give headDim`,
      });
    }
    if (arch.heads % arch.kvHeads !== 0) {
      errors.push({
        path: ["model", "kvHeads"],
        message: `heads ${arch.heads} is not a multiple of kvHeads ${arch.kvHeads}`,
      });
    }
    if (arch.moe && arch.moe.topK > arch.moe.experts) {
      errors.push({
        path: ["model", "moe", "topK"],
        message: `topK ${arch.moe.topK} exceeds experts ${arch.moe.experts}`,
      });
    }
    if (arch.moe && arch.moe.denseLayers > arch.layers) {
      errors.push({
        path: ["model", "moe", "denseLayers"],
        message: `denseLayers exceeds layers ${arch.layers}`,
      });
    }
  }
  const p = s.parallel;
  if (p && s.train) {
    const tp = p.tp ?? 1;
    const pp = p.pp ?? 1;
    const cp = p.cp ?? 1;
    if (p.dp !== undefined && tp * pp * cp * p.dp !== s.devices) {
      errors.push({
        path: ["parallel"],
        message: `tp·pp·cp·dp = ${tp}·${pp}·${cp}·${p.dp} = ${tp * pp * cp * p.dp} differs from devices ${s.devices}`,
      });
    } else if (p.dp === undefined && s.devices % (tp * pp * cp) !== 0) {
      errors.push({
        path: ["parallel"],
        message: `devices ${s.devices} is not a multiple of tp·pp·cp = ${tp * pp * cp}`,
      });
    }
  }
  const inf = s.infer;
  if (inf) {
    const pp = inf.pp;
    const per = Math.max(inf.tp, inf.ep) * pp;
    if (!inf.pools && inf.dp * per !== s.devices) {
      errors.push({
        path: ["infer"],
        message: `dp·max(tp, ep)·pp = ${inf.dp}·${Math.max(inf.tp, inf.ep)}·${pp} = ${inf.dp * per} differs from devices ${s.devices}`,
      });
    }
    if (inf.pools && inf.pools.prefill.devices + inf.pools.decode.devices !== s.devices) {
      errors.push({
        path: ["infer", "pools"],
        message: `pool devices ${inf.pools.prefill.devices} + ${inf.pools.decode.devices} differ from devices ${s.devices}`,
      });
    }
  }
  for (const id of Object.keys(s.costs?.devices ?? {})) {
    if (!cat.devices.some((d) => d.id === id)) {
      const near = closest(
        id,
        cat.devices.map((d) => d.id),
      );
      errors.push({
        path: ["costs", "devices", id],
        message: `unknown hardware id "${id}"; closest: ${near.join(", ")}`,
      });
    }
  }
  let posttrainRefs: PosttrainRefs | undefined;
  if (s.posttrain) {
    const pr = resolvePosttrainRefs(s.posttrain, cat);
    if (pr.ok) posttrainRefs = pr.value;
    else errors.push(...pr.errors);
  }
  if (errors.length > 0 || !arch || !device) return { ok: false, errors };
  return {
    ok: true,
    value: {
      scenario: s,
      arch,
      modelId,
      // the scenario's own prices win over the catalog's
      device: s.costs && cat.prices ? priceDevice(device, cat.prices, s.costs) : device,
      devicesPerNode: s.devicesPerNode ?? device.devicesPerNode,
      posttrainRefs,
    },
  };
}
