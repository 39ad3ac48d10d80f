// Disaggregated serving (DistServe, Zhong et al. 2024; Splitwise, Patel et al. 2024): prompts
// run on a prefill pool, generation on a decode pool, each request's KV cache moves between
// them. The system serves the least of the two pools' request rates and the KV links' rate;
// the split that balances them gives each pool devices in inverse proportion to its per-device
// request rate. The prefill pool batches prompts until compute-bound (the smallest batch
// within 5% of its best throughput), since larger batches only add TTFT. Given a load, both
// pools are simulated together (simulate-serving.ts): prompts queue on the prefill pool, each
// KV cache crosses to the decode pool, and the metrics are the simulated requests'.

import type { FamilyCalibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { chooseBatch } from "./choose-batch.ts";
import { batchCurve, type CurvePoint } from "./curve.ts";
import { buildDeployment, type Deployment } from "./deployment.ts";
import type { InferReport } from "./evaluate.ts";
import type { IterationSeconds } from "./iteration-seconds.ts";
import { type KvTransfer, kvTransfer } from "./kv-transfer.ts";
import type { InferLayout } from "./layout.ts";
import type { InferMemory } from "./memory.ts";
import type { InferPrecision } from "./precision.ts";
import type { ServingEngineCatalog } from "./serving-engines.ts";
import { throughputMetrics } from "./serving-metrics.ts";
import { maxSequencesPerGroup, type ServingPoint, servingPoint, type Workload } from "./serving-point.ts";
import type { SimLoad } from "./simulate.ts";
import { type ServingSimulation, simulateDeployment } from "./simulate-serving.ts";
import { engineOf, simulatedMetrics, simulationIssues } from "./simulated-metrics.ts";
import type { SpeculativeConfig } from "./speculative.ts";

export interface PoolReport {
  role: "prefill" | "decode";
  devices: number;
  layout: InferLayout;
  batchPerDevice: number;
  maxBatchPerDevice: number;
  /** requests per second this pool can serve on its own */
  requestsPerSecond: number;
  /** prefill: prompt tokens; decode: generated tokens; per second per device */
  tokensPerSecondPerDevice: number;
  latencySeconds: number;
  iteration: IterationSeconds;
  memory: InferMemory;
  curve: CurvePoint[];
}

export interface DisaggregatedReport {
  prefill: PoolReport;
  decode: PoolReport;
  kvTransfer: KvTransfer;
  requestsPerSecond: number;
  bottleneck: "prefill" | "decode" | "kv-transfer";
  /** the split of the same devices (whole instances) that balances the pools */
  balanced: { prefillDevices: number; decodeDevices: number; requestsPerSecond: number };
}

export interface DisaggregatedInput {
  arch: Arch;
  device: Device;
  family: FamilyCalibration;
  precision: InferPrecision;
  devicesPerNode?: number;
  infer: InferSpec;
  workload: Workload;
  /** speculative decoding on the decode pool (resolved) */
  speculative?: SpeculativeConfig | null;
  serving?: {
    catalog?: ServingEngineCatalog;
    infer: Pick<InferSpec, "engine" | "engineVersion" | "scheduler" | "chunkTokens">;
  };
  /** closed- or open-loop load: simulate both pools */
  load?: SimLoad;
  /** USD per million tokens at a rate on n devices (default: the hourly price) */
  price?: (devices: number, tokensPerSecond: number) => number | undefined;
  /** measured kernel tables (catalog/kernels) */
  kernels?: readonly DeviceKernelTables[];
}

type Built = { d: Deployment; S: number; maxS: number; p: ServingPoint };

function prefillBatch(
  d: Deployment,
  w: Workload,
  ttftSloMs?: number | null,
): { S: number; maxS: number } | undefined {
  const maxS = maxSequencesPerGroup(d, w, "prefill");
  if (maxS < 1) return undefined;
  const best = servingPoint(d, w, "prefill", maxS).prefillTokensPerSecondPerDevice;
  let S = 1;
  while (S < maxS) {
    const p = servingPoint(d, w, "prefill", S);
    if (p.prefillTokensPerSecondPerDevice >= 0.95 * best) break;
    if (ttftSloMs && servingPoint(d, w, "prefill", Math.min(maxS, S * 2)).ttftSeconds * 1000 > ttftSloMs)
      break;
    S = Math.min(maxS, S * 2);
  }
  return { S, maxS };
}

export function evaluateDisaggregated(
  inp: DisaggregatedInput,
):
  | { ok: true; report: Omit<InferReport, "calibrationFamily"> & { warnings: Issue[] } }
  | { ok: false; issues: Issue[] } {
  const { arch, device, family, precision, infer, workload: w } = inp;
  const pools = infer.pools!;
  const warnings: Issue[] = [];
  const build = (role: "prefill" | "decode") => {
    const pool = pools[role];
    return buildDeployment({
      kernelTables: inp.kernels,
      arch,
      device,
      family,
      precision,
      parallel: { tp: pool.tp, ep: pool.ep, dp: pool.dp, pp: 1 },
      devices: pool.devices,
      devicesPerNode: inp.devicesPerNode,
      ...(inp.speculative !== undefined
        ? { speculative: role === "decode" ? inp.speculative : null }
        : { mtp: role === "decode" ? infer.mtp : null }),
      ...(inp.serving ? { serving: inp.serving } : {}),
      path: ["infer", "pools", role],
    });
  };
  const bp = build("prefill");
  const bd = build("decode");
  if (!bp.ok || !bd.ok)
    return { ok: false, issues: [...(bp.ok ? [] : bp.issues), ...(bd.ok ? [] : bd.issues)] };
  warnings.push(...bp.warnings, ...bd.warnings);

  const pb = prefillBatch(bp.value, w, infer.ttftSloMs);
  if (!pb) {
    return {
      ok: false,
      issues: [
        issue(
          "hbm_overflow",
          ["infer", "pools", "prefill"],
          "not one prompt fits a prefill device next to its weights",
        ),
      ],
    };
  }
  const pre: Built = { d: bp.value, S: pb.S, maxS: pb.maxS, p: servingPoint(bp.value, w, "prefill", pb.S) };
  const choice = chooseBatch(bd.value, w, "decode", { ...infer, ttftSloMs: null }, [
    "infer",
    "pools",
    "decode",
  ]);
  if (!choice.ok) return choice;
  const dec: Built = {
    d: bd.value,
    S: choice.sequencesPerGroup,
    maxS: choice.maxSequencesPerGroup,
    p: servingPoint(bd.value, w, "decode", choice.sequencesPerGroup),
  };

  const f = bp.value.fabric;
  const sameDomain =
    device.scaleUp.kind !== "pcie" && pools.prefill.devices + pools.decode.devices <= f.domainSize;
  const kv = kvTransfer({
    arch,
    promptTokens: w.inputTokens,
    kvBytesPerElement: precision.kvBytes,
    senders: bp.value.layout.tp,
    prefillDevices: pools.prefill.devices,
    sameDomain,
    upBytesPerSecond: f.upBytesPerSecond,
    outBytesPerSecond: f.outBytesPerSecond,
    latencySeconds: f.latencySeconds,
  });
  const prefillRps = (pre.p.prefillTokensPerSecondPerDevice * pools.prefill.devices) / w.inputTokens;
  const decodeRps = dec.p.outputTokensPerSecond / w.outputTokens;
  const rps = Math.min(prefillRps, decodeRps, kv.requestsPerSecondLimit);
  const bottleneck =
    rps === kv.requestsPerSecondLimit ? "kv-transfer" : rps === prefillRps ? "prefill" : "decode";
  if (bottleneck === "kv-transfer") {
    warnings.push(
      issue(
        "fabric_limit",
        ["infer", "pools"],
        `the KV transfer over ${kv.over} limits the system to ${rps.toFixed(2)} requests/s`,
        {
          severity: "warning",
        },
      ),
    );
  }
  // Balance: devices in inverse proportion to per-device request rates, whole instances each.
  const total = pools.prefill.devices + pools.decode.devices;
  const rp = prefillRps / pools.prefill.devices;
  const rd = decodeRps / pools.decode.devices;
  const unitP = bp.value.layout.devicesPerInstance;
  const unitD = bd.value.layout.devicesPerInstance;
  let best = {
    prefillDevices: pools.prefill.devices,
    decodeDevices: pools.decode.devices,
    requestsPerSecond: rps,
  };
  for (let np = unitP; np <= total - unitD; np += unitP) {
    const nd = Math.floor((total - np) / unitD) * unitD;
    const r = Math.min(np * rp, nd * rd, (np * kv.requestsPerSecondLimit) / pools.prefill.devices);
    if (r > best.requestsPerSecond) best = { prefillDevices: np, decodeDevices: nd, requestsPerSecond: r };
  }

  const pool = (role: "prefill" | "decode", b: Built, rate: number): PoolReport => ({
    role,
    devices: b.d.layout.devices,
    layout: b.d.layout,
    batchPerDevice: b.p.batchPerDevice,
    maxBatchPerDevice: b.maxS / b.d.layout.tp,
    requestsPerSecond: rate,
    tokensPerSecondPerDevice:
      role === "prefill" ? b.p.prefillTokensPerSecondPerDevice : b.p.decodeTokensPerSecondPerDevice,
    latencySeconds: role === "prefill" ? b.p.ttftSeconds : b.p.tpotSeconds,
    iteration: b.p.iteration,
    memory: b.p.memory,
    curve: batchCurve(b.d, w, role, b.maxS, b.S),
  });
  const ttft = pre.p.ttftSeconds + kv.seconds;
  const outputTokensPerSecond = rps * w.outputTokens;
  const devices = pools.prefill.devices + pools.decode.devices;
  const mem = pre.p.memory.totalGiB > dec.p.memory.totalGiB ? pre.p.memory : dec.p.memory;
  let metrics: InferReport["metrics"] = {
    prefillTokensPerSecondPerDevice: pre.p.prefillTokensPerSecondPerDevice,
    decodeTokensPerSecondPerDevice: dec.p.decodeTokensPerSecondPerDevice,
    ttftSeconds: ttft,
    tpotSeconds: dec.p.tpotSeconds,
    memoryPerDeviceGiB: mem.totalGiB,
    batch: dec.p.batchPerDevice,
    ...throughputMetrics({
      device,
      devices,
      outputTokensPerSecond,
      inputTokensPerSecond: rps * w.inputTokens,
      requestsPerSecond: rps,
      tpotSeconds: dec.p.tpotSeconds,
      busy: 1,
      ...(inp.price ? { price: inp.price } : {}),
    }),
  };
  let sim: ServingSimulation | undefined;
  if (inp.load) {
    sim = simulateDeployment({
      pools: { prefill: bp.value, decode: bd.value, transferSeconds: kv.seconds },
      w,
      load: inp.load,
      seed: infer.seed ?? 1,
    });
    const bad = simulationIssues(sim, ["infer"]);
    if (bad.length > 0) return { ok: false, issues: bad };
    metrics = {
      ...metrics,
      ...simulatedMetrics(sim, device, devices, inp.price),
      prefillTokensPerSecondPerDevice: sim.result.inputTokensPerSecond / pools.prefill.devices,
      decodeTokensPerSecondPerDevice: sim.result.outputTokensPerSecond / pools.decode.devices,
    };
  }
  return {
    ok: true,
    report: {
      phase: infer.phase,
      mode: "disaggregated",
      devices,
      metrics,
      precision,
      batch: {
        batchPerDevice: dec.p.batchPerDevice,
        concurrency: dec.p.concurrency,
        maxBatchPerDevice: dec.maxS / bd.value.layout.tp,
        chosenBy: choice.chosenBy,
      },
      tokensPerStep: dec.p.tokensPerStep,
      ...(sim ? { serving: sim } : {}),
      engine: engineOf(bd.value),
      speculative: bd.value.speculative,
      iteration: dec.p.iteration,
      memory: dec.p.memory,
      curve: batchCurve(dec.d, w, "decode", dec.maxS, dec.S),
      disaggregated: {
        prefill: pool("prefill", pre, prefillRps),
        decode: pool("decode", dec, decodeRps),
        kvTransfer: kv,
        requestsPerSecond: rps,
        bottleneck,
        balanced: best,
      },
      warnings,
    },
  };
}
