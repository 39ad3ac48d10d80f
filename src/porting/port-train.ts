// A training port as a full evaluation: the scenario's layout (or, when it gives none, the
// source's best plan) evaluated on the source and, unchanged, on the target (fit, time, money);
// the target's own best plan from the same search `plan` and `compare` run; what the move costs
// in days, device-hours and money, and why. Findings never advise what the scenario already does.
import { scenarioCatalogs } from "../economics/scenario-catalog.ts";
import { defaultEngine, deviceFamily } from "../export/engine-support.ts";
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import { engineInputs } from "../scenario/engine-inputs.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { StackSpec } from "../scenario/stack.ts";
import { compareDevices } from "../search/compare.ts";
import type { Objective } from "../search/objective.ts";
import { planTraining } from "../search/plan-training.ts";
import type { PlannedParallel } from "../search/plan-types.ts";
import { supportsPrecision, type TrainPrecision } from "../search/space.ts";
import { evaluateTraining, type TrainReport } from "../train/evaluate.ts";
import { portingAdvice } from "./advise.ts";
import type { Finding } from "./finding.ts";
import { memoryFinding, speedFinding, stackFinding } from "./port-findings.ts";
import type { PortResult, PortSide } from "./port-types.ts";

export interface PortTrainInput {
  scenario: Scenario;
  catalogs: Catalogs;
  arch: Arch;
  from: Device;
  to: Device;
  objective?: Objective;
  reliability?: { catalog: ReliabilityCatalog };
}

const layoutText = (p: Partial<PlannedParallel>, precision: string) =>
  `tp ${p.tp ?? 1} pp ${p.pp ?? 1} dp ${p.dp ?? "-"} cp ${p.cp ?? 1} ep ${p.ep ?? 1}, ${p.schedule ?? "1f1b"}${p.schedule === "interleaved" ? ` x${p.vpp}` : ""}, mb ${p.microBatch ?? 1}, recompute ${p.recompute ?? "none"}, ZeRO ${p.zero ?? 1}, ${precision}`;

function side(
  d: Device,
  devices: number,
  label: string,
  precision: string,
  parallel: Partial<PlannedParallel>,
  r: TrainReport,
): PortSide {
  return {
    deviceId: d.id,
    devices,
    label,
    precision,
    layout: layoutText(
      { ...parallel, dp: r.layout.dp, microBatch: r.layout.microBatch, vpp: r.layout.vpp },
      precision,
    ),
    fits: r.fits,
    memoryGiB: r.memory.totalGiB,
    capacityGiB: d.memory.capacityGB?.value,
    stepSeconds: r.step.stepSeconds,
    days: r.metrics.days,
    deviceHours: r.metrics.deviceHours,
    mfu: r.metrics.mfu,
    costUSD: r.cost?.totalUSD.value,
    cost: r.cost,
    issues: r.issues,
  };
}

export function portTraining(inp: PortTrainInput): PortResult {
  const s = inp.scenario;
  const train = s.train!;
  const cat = scenarioCatalogs(inp.catalogs, s.costs);
  const from = cat.devices.find((d) => d.id === inp.from.id) ?? inp.from;
  const to = cat.devices.find((d) => d.id === inp.to.id) ?? inp.to;
  const notes: string[] = [];
  const findings: Finding[] = [];
  const tokens = train.tokens ?? 1e12;
  if (train.tokens === undefined) notes.push("no train.tokens: days and money are per 1e12 tokens");
  // the same engine inputs and software as `eval` and `plan`: the source side is the eval's answer
  const base = {
    arch: inp.arch,
    ...engineInputs(cat),
    devices: s.devices,
    devicesPerNode: s.devicesPerNode,
    stack: s.stack,
  };

  // The source: the scenario's own layout, or the source's best plan when it leaves the layout open.
  let parallel: Partial<PlannedParallel> | undefined = s.parallel;
  let precision: TrainPrecision = train.precision ?? "bf16";
  let label = "the scenario's layout";
  if (!parallel) {
    const best = planTraining({ ...base, device: from, train, objective: inp.objective ?? "time", top: 1 });
    if (!best.ok)
      throw new Error(`port: no plan fits ${s.devices} x ${from.id}: ${best.issues[0]?.message ?? ""}`);
    parallel = best.plans[0].parallel;
    precision = best.plans[0].precision;
    label = "the source's best plan (the scenario gives no layout)";
  }
  // The software moves with the device: within a vendor family the scenario's stack runs as given;
  // across families (H800 -> 910C) the source's engine and its choices (DeepEP, FP8 caching) do not
  // exist there, and the target runs its own engine's documented defaults.
  const crossFamily = deviceFamily(from.id) !== deviceFamily(to.id);
  const targetEngine = defaultEngine(to.id, "train");
  const targetStack: StackSpec | undefined = crossFamily
    ? targetEngine === "mindspeed"
      ? { engine: "mindspeed-llm" }
      : targetEngine === "megatron"
        ? { engine: "megatron-core" }
        : undefined
    : s.stack;
  const evalOn = (d: Device, prec: TrainPrecision) =>
    evaluateTraining({
      ...base,
      stack: d.id === from.id ? s.stack : targetStack,
      device: d,
      train: { ...train, precision: prec, tokens },
      parallel,
    });
  const src = evalOn(from, precision);
  if (!src.ok) throw new Error(`port: the source layout does not evaluate: ${src.issues[0]?.message ?? ""}`);
  const source = side(from, s.devices, label, precision, parallel, src.report);

  // The same layout on the target; a precision the target lacks falls back to its 16-bit one.
  let targetPrecision = precision;
  if (!supportsPrecision(to, precision)) targetPrecision = to.peakTflops.bf16 ? "bf16" : "fp16";
  const same = evalOn(to, targetPrecision);

  // The target's own best plan: the search compare runs (each kind at its best legal precision).
  const { parallel: _dropped, stack: _source, ...rest } = s;
  const open = { ...rest, ...(targetStack ? { stack: targetStack } : {}) };
  const row = compareDevices(open as Scenario, cat, [to.id], inp.objective ?? "time", {
    reliability: inp.reliability,
  }).rows[0];
  const bestText = row.plan
    ? `${row.devices} devices, ${layoutText(row.plan.parallel, row.plan.precision)}`
    : undefined;
  const bestOnTarget: PortSide | undefined = row.plan
    ? {
        ...side(
          to,
          row.devices,
          "the target's best plan",
          row.plan.precision,
          row.plan.parallel,
          row.plan.report,
        ),
        costUSD: row.costUSD,
        cost: row.cost,
      }
    : undefined;
  let sameOnTarget: PortSide | undefined;
  if (same.ok) {
    sameOnTarget = side(
      to,
      s.devices,
      `the same layout${targetPrecision !== precision ? ` in ${targetPrecision}` : ""}`,
      targetPrecision,
      parallel,
      same.report,
    );
    const m = memoryFinding(to, same.report, bestText);
    if (m) findings.push(m);
    const sp = speedFinding(
      from,
      to,
      src.report,
      same.report,
      { from: precision, to: targetPrecision },
      bestText,
    );
    if (sp) findings.push(sp);
  } else
    findings.push(
      ...same.issues.map((i) => ({
        code: i.code,
        severity: "error" as const,
        message: i.message,
        number: i.need ?? 0,
        unit: "",
        suggestion: bestText ? `run the target's own plan: ${bestText}` : "",
      })),
    );
  if (targetPrecision !== precision) {
    findings.push({
      code: "fp8_unavailable",
      severity: "warning",
      message: `${to.name} has no ${precision} matmul${to.dtypeNotes?.[precision] ? ` (${to.dtypeNotes[precision]})` : ""}: the layout runs in ${targetPrecision}${same.ok ? ` at ${same.report.memory.totalGiB.toFixed(1)} GiB per device` : ""}`,
      number: same.ok ? same.report.memory.totalGiB : 0,
      unit: `GiB per device (${targetPrecision})`,
      // never advise what the scenario already does: an open precision already lets each device take its best
      suggestion:
        train.precision === undefined
          ? `nothing to set: train.precision is open, so the target's plan is in its best legal precision`
          : `set train.precision: ${targetPrecision} for ${to.id} (or leave it out: each device then takes its best)`,
      path: ["train", "precision"],
    });
  }
  // Fabric, tiles, experts on the target with the source layout (the fp8 check is above).
  findings.push(
    ...portingAdvice({
      arch: inp.arch,
      device: to,
      devices: s.devices,
      devicesPerNode: s.devicesPerNode,
      train: { ...train, precision },
      parallel,
    }).filter((f) => f.code !== "fp8_unavailable"),
  );
  if (row.plan) {
    const st = stackFinding(from, to, inp.arch, row.plan, train);
    if (st) findings.push(st);
  }
  const move = bestOnTarget && {
    devices: bestOnTarget.devices - source.devices,
    days: diff(bestOnTarget.days, source.days),
    deviceHours: diff(bestOnTarget.deviceHours, source.deviceHours),
    costUSD: diff(bestOnTarget.costUSD, source.costUSD),
  };
  if (bestOnTarget?.costUSD === undefined || source.costUSD === undefined)
    notes.push("money left out where a device has no price: give one in the scenario's costs: block");
  return {
    kind: "train",
    from: from.id,
    to: to.id,
    source,
    sameOnTarget,
    bestOnTarget,
    move,
    findings: order(findings),
    notes,
  };
}

const diff = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a - b : undefined);

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then information, each group in the order found. */
function order(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
