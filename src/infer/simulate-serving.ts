// The serving simulation of a deployment (co-located) or of two pools (disaggregated: prompts
// on the prefill pool, each request's KV cache moved to the decode pool, DistServe/Splitwise):
// one simulated engine instance per data-parallel replica and pipeline micro-batch stream, one
// scheduler per attention group, the engine's rules and the KV cache the memory model leaves.
import type { Deployment } from "./deployment.ts";
import type { EngineConfig } from "./engine-config.ts";
import { activationBytes, INFER_WORKSPACE_BYTES, KV_MEMORY_FRACTION } from "./memory.ts";
import { servingPoint, type Workload } from "./serving-point.ts";
import { type SimInstance, type SimLoad, type SimulationResult, simulateServing } from "./simulate.ts";
import type { GroupRules } from "./simulate-group.ts";
import { stepTimer } from "./simulate-step.ts";

export interface ServingEngineSummary {
  id: EngineConfig["engine"];
  name: string;
  version?: string;
  entry: string;
  isDefault: boolean;
  policy: EngineConfig["policy"];
  maxBatchedTokens: number;
  maxRunningRequests: number;
  graphMaxBatch: number;
  kvReservation: EngineConfig["kvReservation"];
  overlap: boolean;
  /** KV-cache tokens one attention group holds */
  kvCapacityTokens: number;
  sources: EngineConfig["sources"];
}

export interface ServingSimulation {
  load: { mode: "closed-loop"; concurrency: number } | { mode: "open-loop"; requestsPerSecond: number };
  engine: ServingEngineSummary;
  /** the decode pool's engine when it differs (disaggregated) */
  decodeEngine?: ServingEngineSummary;
  devices: number;
  seed: number;
  result: SimulationResult;
}

/** KV-cache tokens one attention group of one micro-batch stream holds next to weights and the largest batch. */
export function kvCapacityTokens(d: Deployment): number {
  const e = d.engine;
  const rows = Math.min(
    e.maxBatchedTokens,
    Number.isFinite(e.maxRunningRequests) ? e.maxRunningRequests : e.maxBatchedTokens,
  );
  const act = activationBytes(d.arch, d.layout, e.maxBatchedTokens, rows);
  const free = d.capacityBytes - d.weightBytes - INFER_WORKSPACE_BYTES - act;
  const tokens = (KV_MEMORY_FRACTION * Math.max(0, free)) / d.kvBytesPerToken;
  return Math.floor(tokens / d.layout.pp);
}

function rules(d: Deployment, role: GroupRules["role"]): GroupRules {
  const e = d.engine;
  const spec = d.speculative;
  return {
    policy: e.policy,
    role,
    maxBatchedTokens: e.maxBatchedTokens,
    maxRunning: e.maxRunningRequests,
    maxPrefillRequests: e.maxPrefillRequests,
    kvCapacityTokens: kvCapacityTokens(d),
    wholeRequest: e.kvReservation === "whole-request",
    decodeQuery: 1 + d.draftTokens,
    tokensPerStep: spec ? spec.acceptLength : 1,
  };
}

export function engineSummary(d: Deployment): ServingEngineSummary {
  const e = d.engine;
  return {
    id: e.engine,
    name: e.name,
    ...(e.version ? { version: e.version } : {}),
    entry: e.entry,
    isDefault: e.isDefault,
    policy: e.policy,
    maxBatchedTokens: e.maxBatchedTokens,
    maxRunningRequests: e.maxRunningRequests,
    graphMaxBatch: e.graphMaxBatch,
    kvReservation: e.kvReservation,
    overlap: e.overlap,
    kvCapacityTokens: kvCapacityTokens(d),
    sources: e.sources,
  };
}

function instances(d: Deployment, role: GroupRules["role"], replicas: number): SimInstance[] {
  const timer = stepTimer(d);
  const r = rules(d, role);
  return Array.from({ length: replicas * d.layout.pp }, () => ({
    timer,
    groups: d.layout.attentionGroups,
    rules: r,
  }));
}

export interface SimulateDeploymentInput {
  w: Workload;
  load: SimLoad;
  seed: number;
  measured?: number;
  /** co-located: the deployment; disaggregated: the prefill and decode pools and the KV transfer */
  colocated?: Deployment;
  pools?: { prefill: Deployment; decode: Deployment; transferSeconds: number };
}

export function simulateDeployment(inp: SimulateDeploymentInput): ServingSimulation {
  const { w } = inp;
  const cached = Math.min(w.inputTokens - 1, Math.round(w.inputTokens * w.prefixCacheHitRate));
  const d = inp.colocated ?? inp.pools!.decode;
  const insts = inp.colocated
    ? instances(inp.colocated, "mixed", inp.colocated.layout.dp)
    : [
        ...instances(inp.pools!.prefill, "prefill", inp.pools!.prefill.layout.dp),
        ...instances(inp.pools!.decode, "decode", inp.pools!.decode.layout.dp),
      ];
  const spec = d.speculative;
  // Closed-loop clients start at random phases of one request's life at that load (steady-state
  // estimate), so the measured window sees requests at every stage rather than in lockstep.
  let stagger = 0;
  if (inp.load.kind === "closed") {
    const l = d.layout;
    const perGroup = inp.load.clients / (l.dp * l.pp * l.attentionGroups);
    const p = servingPoint(d, w, "mixed", Math.max(1, Math.min(perGroup, 1e6)));
    stagger = p.ttftSeconds + (w.outputTokens - 1) * p.tpotSeconds;
  }
  const result = simulateServing({
    instances: insts,
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens,
    cachedTokens: cached,
    load: inp.load,
    transferSeconds: inp.pools?.transferSeconds ?? 0,
    requestSeconds: (inp.pools?.prefill ?? d).engine.requestSeconds,
    staggerSeconds: stagger,
    speculative: spec ? { draftTokens: spec.draftTokens, acceptance: spec.acceptance } : null,
    seed: inp.seed,
    ...(inp.measured ? { measured: inp.measured } : {}),
  });
  const front = inp.pools?.prefill ?? d;
  return {
    load:
      inp.load.kind === "closed"
        ? { mode: "closed-loop", concurrency: inp.load.clients }
        : { mode: "open-loop", requestsPerSecond: inp.load.requestsPerSecond },
    engine: engineSummary(front),
    ...(inp.pools ? { decodeEngine: engineSummary(inp.pools.decode) } : {}),
    devices: inp.pools
      ? inp.pools.prefill.layout.devices + inp.pools.decode.layout.devices
      : d.layout.devices,
    seed: inp.seed,
    result,
  };
}
