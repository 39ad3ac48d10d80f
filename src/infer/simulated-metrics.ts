// From a serving simulation to the report: the load a scenario states, the engine it names, the
// issues of an overloaded or stuck run, and the metrics of the simulated requests (means and
// percentiles, throughput counting every device of every pool).
import type { Device } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { InferSpec } from "../scenario/schema.ts";
import type { Deployment } from "./deployment.ts";
import type { InferMetrics, InferReport } from "./evaluate.ts";
import { latencyMetrics, throughputMetrics } from "./serving-metrics.ts";
import type { SimLoad } from "./simulate.ts";
import type { ServingSimulation } from "./simulate-serving.ts";

/** The load a scenario states for whole requests: closed loop (concurrency) or open loop (rate). */
export function loadOf(infer: InferSpec): SimLoad | undefined {
  if (infer.phase !== "both" || infer.batchPerDevice) return undefined;
  if (infer.concurrency) return { kind: "closed", clients: infer.concurrency };
  if (infer.requestsPerSecond) return { kind: "open", requestsPerSecond: infer.requestsPerSecond };
  return undefined;
}

export function engineOf(d: Deployment): InferReport["engine"] {
  const e = d.engine;
  return {
    id: e.engine,
    name: e.name,
    ...(e.version ? { version: e.version } : {}),
    entry: e.entry,
    isDefault: e.isDefault,
  };
}

/** Overloaded or stuck simulations are issues; a served one gives its metrics. */
export function simulationIssues(sim: ServingSimulation, path: (string | number)[]): Issue[] {
  const r = sim.result;
  if (!r.finished) {
    return [
      issue(
        "kv_overflow",
        path,
        "requests never finished: one request's prompt and output do not fit the KV cache the engine leaves",
      ),
    ];
  }
  if (!r.stable && sim.load.mode === "open-loop") {
    return [
      issue(
        "overloaded",
        [...path, "requestsPerSecond"],
        `${sim.load.requestsPerSecond} requests/s exceed what the deployment serves (${r.requestsPerSecond.toPrecision(3)} requests/s while they arrive); the queue grows without bound (${r.backlog} waiting at the end)`,
        { need: sim.load.requestsPerSecond, have: r.requestsPerSecond },
      ),
    ];
  }
  return [];
}

/** The metrics a simulation gives for `devices` devices (all pools). */
export function simulatedMetrics(
  sim: ServingSimulation,
  device: Device,
  devices: number,
  price?: (devices: number, tokensPerSecond: number) => number | undefined,
): InferMetrics {
  const r = sim.result;
  return {
    ...latencyMetrics(r.ttft, r.tpot, r.e2e),
    ...throughputMetrics({
      device,
      devices,
      outputTokensPerSecond: r.outputTokensPerSecond,
      inputTokensPerSecond: r.inputTokensPerSecond,
      requestsPerSecond: r.requestsPerSecond,
      tpotSeconds: r.tpot.mean,
      busy: r.busyFraction,
      ...(price ? { price } : {}),
    }),
    prefillTokensPerSecondPerDevice: r.inputTokensPerSecond / devices,
    decodeTokensPerSecondPerDevice: r.outputTokensPerSecond / devices,
  };
}
