// Serving capacity planner: for a request rate (and latency objectives), the fewest devices of
// one kind, and how to run them. A small exhaustive search over number formats, tensor/expert
// parallel layouts and co-located versus disaggregated pools; each candidate runs at the
// largest batch that fits and meets the SLOs, and enough replicas are stacked to carry the load.
// A co-located candidate's TTFT and TPOT are those of a simulated replica (simulate.ts) under its
// share of the Poisson arrivals, queueing and prefill/decode interference included; replicas are
// added until the simulated means meet the objectives. Infeasible candidates are counted by
// issue code, never silently dropped.

import { type Calibration, calibrationFor } from "../hardware/calibration.ts";
import type { Device, Dtype } from "../hardware/device.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";
import { type Issue, type IssueCode, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { chooseBatch } from "./choose-batch.ts";
import { buildDeployment, type Deployment } from "./deployment.ts";
import { workloadOf } from "./evaluate.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import { kvTransfer } from "./kv-transfer.ts";
import { type InferFormat, resolveInferPrecision } from "./precision.ts";
import type { ServingEngineCatalog } from "./serving-engines.ts";
import { maxSequencesPerGroup, servingPoint, type Workload } from "./serving-point.ts";
import { simulateDeployment } from "./simulate-serving.ts";
import { resolveSpeculative } from "./speculative.ts";

export interface PlanInput {
  arch: Arch;
  device: Device;
  calibration: Calibration;
  devicesPerNode?: number;
  /** inputTokens, outputTokens, requestsPerSecond, SLOs, mtp, prefixCacheHitRate are read */
  infer: InferSpec;
  /** largest fleet considered (default 100,000 devices) */
  maxDevices?: number;
  /** serving engines (catalog/serving-engines.yaml): the engine `infer.engine` names runs every candidate */
  servingEngines?: ServingEngineCatalog;
  /** measured kernel tables (catalog/kernels) */
  kernels?: readonly DeviceKernelTables[];
}

export interface PlanCandidate {
  weights: InferFormat;
  activations: InferFormat;
  kvCache: InferFormat;
  tp: number;
  ep: number;
  devicesPerInstance: number;
  /** co-located: dp replicas; disaggregated: prefill and decode replicas */
  dp: number;
  pools?: { prefillDevices: number; decodeDevices: number; prefillDp: number; decodeDp: number };
  devices: number;
  batchPerDevice: number;
  /** generated tokens per second the fleet can carry */
  capacityOutputTokensPerSecond: number;
  /** share of that capacity the requested load uses */
  utilisation: number;
  tpotSeconds: number;
  ttftSeconds: number;
  costPerMillionTokensUSD?: number;
}

export interface InferPlan {
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  best: PlanCandidate;
  /** feasible candidates, best first (at most 12) */
  candidates: PlanCandidate[];
  /** infeasible candidates by reason */
  rejected: Partial<Record<IssueCode, number>>;
  searched: number;
  warnings: Issue[];
}

const supports = (d: Device, t: Dtype) => (d.peakTflops[t]?.value ?? 0) > 0;

function formatChoices(
  d: Device,
): { weights: InferFormat; activations?: InferFormat; kvCache: InferFormat }[] {
  const half: InferFormat = supports(d, "bf16") ? "bf16" : "fp16";
  const kvq: InferFormat = supports(d, "fp8") ? "fp8" : "int8";
  const out: { weights: InferFormat; activations?: InferFormat; kvCache: InferFormat }[] = [
    { weights: half, kvCache: half },
    { weights: "int4", activations: half, kvCache: kvq },
  ];
  if (supports(d, "fp8")) out.push({ weights: "fp8", kvCache: "fp8" });
  else if (supports(d, "int8")) out.push({ weights: "int8", kvCache: "int8" });
  if (supports(d, "fp4")) out.push({ weights: "fp4", kvCache: kvq });
  return out;
}

function layoutChoices(arch: Arch, d: Device, devicesPerNode: number): { tp: number; ep: number }[] {
  const node = Math.max(1, Math.min(devicesPerNode, d.scaleUp.domainSize));
  const tps = [1, 2, 4, 8, 16].filter((t) => t <= Math.max(node, 1) && arch.heads % t === 0);
  const out: { tp: number; ep: number }[] = tps.map((tp) => ({ tp, ep: 1 }));
  if (arch.moe) {
    for (const ep of [2, 4, 8, 16, 32, 64, 128, 256]) {
      if (ep > arch.moe.experts) continue;
      out.push({ tp: 1, ep });
      if (tps.includes(ep)) out.push({ tp: ep, ep });
    }
  }
  return out;
}

const better = (a: PlanCandidate, b: PlanCandidate) =>
  a.devices - b.devices ||
  (a.costPerMillionTokensUSD ?? 0) - (b.costPerMillionTokensUSD ?? 0) ||
  a.utilisation - b.utilisation;

export function planInference(
  inp: PlanInput,
): { ok: true; plan: InferPlan } | { ok: false; issues: Issue[] } {
  const { arch, device, infer } = inp;
  const R = infer.requestsPerSecond;
  if (!R) {
    return {
      ok: false,
      issues: [issue("missing_key", ["infer", "requestsPerSecond"], "the planner needs a request rate")],
    };
  }
  const found = calibrationFor(inp.calibration, device.id);
  const family = inferenceFamily(found.family);
  const warnings: Issue[] = [];
  if (found.isDefault) {
    warnings.push(
      issue("default_used", ["hardware"], `no calibration for ${device.id}; conservative default`, {
        severity: "warning",
      }),
    );
  }
  const w: Workload = workloadOf(infer);
  const perNode = inp.devicesPerNode ?? device.devicesPerNode;
  const maxDevices = inp.maxDevices ?? 100_000;
  const price = device.pricePerDeviceHourUSD?.value;
  const outRate = R * infer.outputTokens;
  const cost = (devices: number) => (price ? ((price * devices) / (outRate * 3600)) * 1e6 : undefined);
  const rejected: Partial<Record<IssueCode, number>> = {};
  const reject = (issues: Issue[]) => {
    const code = issues[0]?.code ?? "missing_key";
    rejected[code] = (rejected[code] ?? 0) + 1;
  };
  const found2: PlanCandidate[] = [];
  let searched = 0;
  const spec = resolveSpeculative(infer, arch);
  if (!spec.ok) return spec;
  warnings.push(...spec.warnings);
  const serving = { catalog: inp.servingEngines, infer };
  for (const f of formatChoices(device)) {
    const prec = resolveInferPrecision(device, f);
    if (!prec.ok) {
      reject(prec.issues);
      continue;
    }
    for (const { tp, ep } of layoutChoices(arch, device, perNode)) {
      const build = (drafts: boolean) =>
        buildDeployment({
          kernelTables: inp.kernels,
          arch,
          device,
          family,
          precision: prec.value,
          parallel: { tp, ep, dp: 1, pp: 1 },
          devicesPerNode: inp.devicesPerNode,
          speculative: drafts ? spec.value : null,
          serving,
        });
      const co = build(true);
      searched += 2;
      if (!co.ok) {
        reject(co.issues);
        reject(co.issues);
        continue;
      }
      const d = co.value;
      const base = { weights: f.weights, activations: prec.value.activations, kvCache: f.kvCache, tp, ep };
      const per = d.layout.devicesPerInstance;
      // Co-located, continuous batching.
      const c = chooseBatch(d, w, "mixed", infer);
      if (!c.ok) reject(c.issues);
      else {
        const p = servingPoint(d, w, "mixed", c.sequencesPerGroup);
        const sized = replicas(d, w, infer, R, Math.max(1, Math.ceil(outRate / p.outputTokensPerSecond)));
        if (!sized.ok) reject(sized.issues);
        else if (sized.dp * per > maxDevices) reject([issue("hbm_overflow", [], "fleet too large")]);
        else
          found2.push({
            ...base,
            devicesPerInstance: per,
            dp: sized.dp,
            devices: sized.dp * per,
            batchPerDevice: sized.batchPerDevice,
            capacityOutputTokensPerSecond: sized.dp * p.outputTokensPerSecond,
            utilisation: outRate / (sized.dp * p.outputTokensPerSecond),
            tpotSeconds: sized.tpotSeconds,
            ttftSeconds: sized.ttftSeconds,
            costPerMillionTokensUSD: cost(sized.dp * per),
          });
      }
      // Disaggregated: prefill replicas without MTP, decode replicas with it.
      const pre = build(false);
      if (!pre.ok) {
        reject(pre.issues);
        continue;
      }
      const dis = disaggregated(pre.value, d, w, infer, R);
      if (!dis.ok) reject(dis.issues);
      else if (dis.instances * per <= maxDevices) {
        found2.push({
          ...base,
          devicesPerInstance: per,
          dp: dis.prefillDp + dis.decodeDp,
          pools: {
            prefillDevices: dis.prefillDp * per,
            decodeDevices: dis.decodeDp * per,
            prefillDp: dis.prefillDp,
            decodeDp: dis.decodeDp,
          },
          devices: dis.instances * per,
          batchPerDevice: dis.batchPerDevice,
          capacityOutputTokensPerSecond: dis.capacityRps * infer.outputTokens,
          utilisation: R / dis.capacityRps,
          tpotSeconds: dis.tpotSeconds,
          ttftSeconds: dis.ttftSeconds,
          costPerMillionTokensUSD: cost(dis.instances * per),
        });
      }
    }
  }
  if (found2.length === 0) {
    const codes = Object.entries(rejected)
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ");
    return {
      ok: false,
      issues: [issue("slo_unmet", ["infer"], `no configuration of ${device.id} serves the load (${codes})`)],
    };
  }
  found2.sort(better);
  return {
    ok: true,
    plan: {
      requestsPerSecond: R,
      outputTokensPerSecond: outRate,
      best: found2[0],
      candidates: found2.slice(0, 12),
      rejected,
      searched,
      warnings,
    },
  };
}

/**
 * Replicas of a co-located deployment for `R` requests/s: from the steady-state estimate up, the
 * fewest whose simulated replica (its share of the Poisson arrivals) is stable and meets the
 * objectives with queueing included. TTFT can never fall below a prompt's own prefill, so an
 * objective under it is refused at once.
 */
function replicas(
  d: Deployment,
  w: Workload,
  infer: InferSpec,
  R: number,
  start: number,
):
  | { ok: true; dp: number; ttftSeconds: number; tpotSeconds: number; batchPerDevice: number }
  | { ok: false; issues: Issue[] } {
  const alone = servingPoint(d, w, "prefill", 1).ttftSeconds + d.engine.requestSeconds;
  if (infer.ttftSloMs && alone * 1000 > infer.ttftSloMs) {
    return {
      ok: false,
      issues: [issue("slo_unmet", ["ttftSloMs"], `one prompt alone takes ${(alone * 1000).toFixed(0)} ms`)],
    };
  }
  let dp = start;
  for (let tries = 0; tries < 12; tries++) {
    const sim = simulateDeployment({
      colocated: d,
      w,
      load: { kind: "open", requestsPerSecond: R / dp },
      seed: infer.seed ?? 1,
      measured: 300,
    }).result;
    const ok =
      sim.stable &&
      sim.finished &&
      (!infer.ttftSloMs || sim.ttft.mean * 1000 <= infer.ttftSloMs) &&
      (!infer.tpotSloMs || sim.tpot.mean * 1000 <= infer.tpotSloMs);
    if (ok) {
      return {
        ok: true,
        dp,
        ttftSeconds: sim.ttft.mean,
        tpotSeconds: sim.tpot.mean,
        batchPerDevice: sim.meanDecodeBatch / d.layout.attentionGroups / d.layout.tp,
      };
    }
    dp = Math.max(dp + 1, Math.ceil(dp * 1.25));
  }
  return {
    ok: false,
    issues: [issue("slo_unmet", ["infer"], "no replica count meets the objectives with queueing")],
  };
}

function disaggregated(
  pre: Deployment,
  dec: Deployment,
  w: Workload,
  infer: InferSpec,
  R: number,
):
  | {
      ok: true;
      prefillDp: number;
      decodeDp: number;
      instances: number;
      batchPerDevice: number;
      capacityRps: number;
      tpotSeconds: number;
      ttftSeconds: number;
    }
  | { ok: false; issues: Issue[] } {
  const maxP = maxSequencesPerGroup(pre, w, "prefill");
  if (maxP < 1) return { ok: false, issues: [issue("hbm_overflow", ["pools", "prefill"], "no prompt fits")] };
  // Smallest prompt batch within 5% of the best prefill rate (larger ones only add TTFT).
  const best = servingPoint(pre, w, "prefill", maxP).prefillTokensPerSecondPerDevice;
  let S = 1;
  while (S < maxP && servingPoint(pre, w, "prefill", S).prefillTokensPerSecondPerDevice < 0.95 * best)
    S = Math.min(maxP, S * 2);
  const pp = servingPoint(pre, w, "prefill", S);
  const c = chooseBatch(dec, w, "decode", { ...infer, ttftSloMs: null });
  if (!c.ok) return c;
  const dp = servingPoint(dec, w, "decode", c.sequencesPerGroup);
  const per = pre.layout.devicesPerInstance;
  // KV moves over the scale-up fabric when both pools fit one domain, else over the NICs.
  const transfer = (sameDomain: boolean) =>
    kvTransfer({
      arch: pre.arch,
      promptTokens: w.inputTokens,
      kvBytesPerElement: pre.precision.kvBytes,
      senders: pre.layout.tp,
      prefillDevices: per,
      sameDomain,
      upBytesPerSecond: pre.fabric.upBytesPerSecond,
      outBytesPerSecond: pre.fabric.outBytesPerSecond,
      latencySeconds: pre.fabric.latencySeconds,
    });
  const size = (sameDomain: boolean) => {
    const kv = transfer(sameDomain);
    const rp = Math.min(
      (pp.prefillTokensPerSecondPerDevice * per) / w.inputTokens,
      kv.requestsPerSecondLimit,
    );
    const rd = dp.outputTokensPerSecond / w.outputTokens;
    return {
      kv,
      rp,
      rd,
      prefillDp: Math.max(1, Math.ceil(R / rp)),
      decodeDp: Math.max(1, Math.ceil(R / rd)),
    };
  };
  let s = size(false);
  const up = pre.device.scaleUp.kind !== "pcie";
  if (up && (s.prefillDp + s.decodeDp) * per <= pre.fabric.domainSize) s = size(true);
  const { kv, rp, rd, prefillDp, decodeDp } = s;
  const ttft = pp.ttftSeconds + kv.seconds;
  if (infer.ttftSloMs && ttft * 1000 > infer.ttftSloMs) {
    return {
      ok: false,
      issues: [
        issue("slo_unmet", ["ttftSloMs"], `prefill + KV transfer take ${(ttft * 1000).toFixed(0)} ms`),
      ],
    };
  }
  return {
    ok: true,
    prefillDp,
    decodeDp,
    instances: prefillDp + decodeDp,
    batchPerDevice: dp.batchPerDevice,
    capacityRps: Math.min(prefillDp * rp, decodeDp * rd),
    tpotSeconds: dp.tpotSeconds,
    ttftSeconds: ttft,
  };
}
