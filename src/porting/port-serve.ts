// A serving port as a full evaluation: the scenario's serving setup on the source and, unchanged,
// on the target (fit, throughput, latency, money per million tokens); with infer.requestsPerSecond
// the target's own fleet from the serving planner; the move's cost and why, each with its number.

import { scenarioCatalogs } from "../economics/scenario-catalog.ts";
import { defaultEngine, engineName } from "../export/index.ts";
import type { Device } from "../hardware/device.ts";
import { evaluateInference, type InferReport } from "../infer/evaluate.ts";
import { planInference } from "../infer/plan.ts";
import type { Arch } from "../model/arch.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import { portingAdvice } from "./advise.ts";
import type { Finding } from "./finding.ts";
import type { PortResult, PortSide } from "./port-types.ts";

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function side(d: Device, label: string, r: InferReport): PortSide {
  const l = r.layout;
  return {
    deviceId: d.id,
    devices: r.devices,
    label,
    precision: `weights ${r.precision.weights}, KV ${r.precision.kvCache}`,
    layout: l
      ? `tp ${l.tp} ep ${l.ep} dp ${l.dp} pp ${l.pp}, batch ${f1(r.batch.batchPerDevice)} per device`
      : "prefill/decode pools",
    fits: r.memory.totalGiB <= r.memory.capacityGiB,
    memoryGiB: r.memory.totalGiB,
    capacityGiB: r.memory.capacityGiB,
    outputTokensPerSecond: r.metrics.outputTokensPerSecond,
    tpotMs: r.metrics.tpotSeconds !== undefined ? r.metrics.tpotSeconds * 1000 : undefined,
    ttftMs: r.metrics.ttftSeconds !== undefined ? r.metrics.ttftSeconds * 1000 : undefined,
    costPerMillionTokensUSD: r.metrics.costPerMillionTokensUSD,
    issues: [],
  };
}

export function portServing(inp: {
  scenario: Scenario;
  catalogs: Catalogs;
  arch: Arch;
  from: Device;
  to: Device;
}): PortResult {
  const s = inp.scenario;
  const infer = s.infer!;
  const cat = scenarioCatalogs(inp.catalogs, s.costs);
  const from = cat.devices.find((d) => d.id === inp.from.id) ?? inp.from;
  const to = cat.devices.find((d) => d.id === inp.to.id) ?? inp.to;
  // The instance itself at its own best rate: the request rate sizes the fleet below, and one
  // instance need not carry it alone (under it, the simulation would call it overloaded).
  const { requestsPerSecond: _rate, ...instance } = infer;
  const base = {
    arch: inp.arch,
    ...engineInputs(cat),
    devices: s.devices,
    devicesPerNode: s.devicesPerNode,
    infer: instance,
  };
  const src = evaluateInference({ ...base, device: from });
  if (!src.ok)
    throw new Error(
      `port: the serving setup does not evaluate on ${from.id}: ${src.issues[0]?.message ?? ""}`,
    );
  const source = side(from, "the scenario's serving setup", src.report);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const same = evaluateInference({ ...base, device: to });
  let sameOnTarget: PortSide | undefined;
  if (same.ok) {
    sameOnTarget = side(to, "the same setup", same.report);
    if (!sameOnTarget.fits)
      findings.push({
        code: "hbm_overflow",
        severity: "error",
        message: `the same setup needs ${f1(sameOnTarget.memoryGiB)} GiB per device on ${to.name}, which has ${f1(sameOnTarget.capacityGiB ?? 0)} GiB`,
        number: sameOnTarget.memoryGiB,
        unit: "GiB per device needed",
        suggestion: "more devices per instance (tp or ep), or smaller weights (int8) or KV cache",
      });
    const a = source.outputTokensPerSecond;
    const b = sameOnTarget.outputTokensPerSecond;
    if (a && b && a / b > 1.05)
      findings.push({
        code: "slower_on_target",
        severity: "warning",
        message: `the same setup generates ${f1(b)} tokens/s against ${f1(a)} (${f1(a / b)}x fewer); TPOT ${f1(sameOnTarget.tpotMs ?? 0)} ms against ${f1(source.tpotMs ?? 0)} ms`,
        number: a / b,
        unit: "x fewer output tokens per second",
        suggestion: infer.requestsPerSecond
          ? "size the fleet with the target's plan below"
          : "give infer.requestsPerSecond to size the target's fleet",
      });
  } else {
    for (const i of same.issues)
      findings.push({
        code: i.code,
        severity: "error",
        message: i.message,
        number: i.need ?? 0,
        unit: "",
        suggestion: "see the target's plan",
      });
  }
  let bestOnTarget: PortSide | undefined;
  if (infer.requestsPerSecond) {
    const plan = planInference({
      arch: inp.arch,
      device: to,
      ...engineInputs(cat),
      devicesPerNode: s.devicesPerNode ?? to.devicesPerNode,
      infer,
    });
    if (plan.ok) {
      const b = plan.plan.best;
      bestOnTarget = {
        deviceId: to.id,
        devices: b.devices,
        label: "the target's fleet for the request rate",
        precision: `weights ${b.weights}, KV ${b.kvCache}`,
        layout: `tp ${b.tp} ep ${b.ep}, ${b.pools ? `${b.pools.prefillDp} prefill + ${b.pools.decodeDp} decode instances` : `${b.dp} instances`}`,
        fits: true,
        memoryGiB: 0,
        tpotMs: b.tpotSeconds * 1000,
        ttftMs: b.ttftSeconds * 1000,
        costPerMillionTokensUSD: b.costPerMillionTokensUSD,
        issues: [],
      };
    } else notes.push(`no fleet of ${to.id} serves the request rate: ${plan.issues[0]?.message ?? ""}`);
  } else notes.push("give infer.requestsPerSecond for the target's own fleet and the move's cost in devices");
  findings.push(...portingAdvice({ arch: inp.arch, device: to, devices: s.devices, infer }));
  const ea = defaultEngine(from.id, "infer");
  const eb = defaultEngine(to.id, "infer");
  if (eb && (ea !== eb || from.id.split("-")[0] !== to.id.split("-")[0]))
    findings.push({
      code: "engine_unavailable",
      severity: "info",
      message: `on ${to.id} the serving engines are ${to.id.startsWith("huawei") ? "MindIE and vLLM-Ascend (and SGLang)" : `${engineName(eb)} and the others that run there`}; ${ea ? engineName(ea) : "the source engine"} settings carry over flag for flag only within one engine`,
      number: 0,
      unit: "settings to translate",
      suggestion: `xpuplan plan --emit ${to.id.startsWith("huawei") ? "mindie" : eb} on the target scenario`,
    });
  const move = bestOnTarget && {
    devices: bestOnTarget.devices - source.devices,
    costPerMillionTokensUSD:
      bestOnTarget.costPerMillionTokensUSD !== undefined && source.costPerMillionTokensUSD !== undefined
        ? bestOnTarget.costPerMillionTokensUSD - source.costPerMillionTokensUSD
        : undefined,
  };
  return {
    kind: "infer",
    from: from.id,
    to: to.id,
    source,
    sameOnTarget,
    bestOnTarget,
    move,
    findings,
    notes,
  };
}
