// Why a move costs what it costs, each reason with its number: memory (the same layout's need
// against the target's capacity), compute and communication (the step's parts on each device,
// against the peak at the plan's precision), and the software stack (which engine runs the plan
// on the target, and which of its settings that engine cannot express: src/export).
import { defaultEngine, emit, engineName, trainEmitPlan } from "../export/index.ts";
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import type { TrainingPlan } from "../search/plan-types.ts";
import type { TrainReport } from "../train/evaluate.ts";
import type { Finding } from "./finding.ts";

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function memoryFinding(to: Device, same: TrainReport, best?: string): Finding | undefined {
  if (same.fits) return undefined;
  const have = to.memory.capacityGB?.value ?? 0;
  return {
    code: "hbm_overflow",
    severity: "error",
    message: `the same layout needs ${f1(same.memory.totalGiB)} GiB per device on ${to.name}, which has ${have} GiB`,
    number: same.memory.totalGiB,
    unit: "GiB per device needed",
    suggestion: best ? `run the target's own plan: ${best}` : "more devices, more recomputation or sharding",
  };
}

const PARTS = [
  ["compute", "compute"],
  ["recompute", "recompute"],
  ["tpComm", "tensor-parallel comm"],
  ["cpComm", "context-parallel comm"],
  ["epComm", "expert all-to-all"],
  ["ppComm", "pipeline p2p"],
  ["bubble", "pipeline bubble"],
  ["dpComm", "data-parallel comm"],
  ["optimizer", "optimizer"],
] as const;

export function speedFinding(
  from: Device,
  to: Device,
  src: TrainReport,
  same: TrainReport,
  precisions: { from: string; to: string },
  best?: string,
): Finding | undefined {
  const ratio = same.step.stepSeconds / src.step.stepSeconds;
  if (ratio < 1.05) return undefined;
  const grew = PARTS.map(([k, name]) => ({ name, a: src.step[k], b: same.step[k] }))
    .filter((x) => x.b - x.a > 0.02 * same.step.stepSeconds)
    .sort((x, y) => y.b - y.a - (x.b - x.a))
    .slice(0, 3)
    .map((x) => `${x.name} ${f1(x.a)} s -> ${f1(x.b)} s`);
  const peak = (d: Device, p: string) => d.peakTflops[p as keyof Device["peakTflops"]]?.value;
  const pf = peak(from, precisions.from);
  const pt = peak(to, precisions.to);
  const why: string[] = [];
  if (pf && pt) why.push(`${precisions.to} peak ${pt} vs ${precisions.from} ${pf} TFLOP/s`);
  const bw = (d: Device) => d.memory.bandwidthTBps?.value;
  if (bw(from) && bw(to)) why.push(`HBM ${bw(to)} vs ${bw(from)} TB/s`);
  const up = (d: Device) => d.scaleUp.bandwidthGBps?.value;
  if (up(from) && up(to)) why.push(`scale-up ${up(to)} vs ${up(from)} GB/s`);
  return {
    code: "slower_on_target",
    severity: "warning",
    message: `the same layout takes ${f1(ratio)}x the step time (${f1(src.step.stepSeconds)} s -> ${f1(same.step.stepSeconds)} s): ${grew.join(", ")}; ${why.join(", ")}`,
    number: ratio,
    unit: "x step time",
    suggestion: best ? `run the target's own plan: ${best}` : "search a plan for the target (xpuplan plan)",
  };
}

/** The engine that runs the plan on each side, and what the target's engine cannot express. */
export function stackFinding(
  from: Device,
  to: Device,
  arch: Arch,
  plan: TrainingPlan,
  train: { seqLen: number; globalBatch: number },
): Finding | undefined {
  const a = defaultEngine(from.id, "train");
  const b = defaultEngine(to.id, "train");
  if (!b) {
    return {
      code: "engine_unavailable",
      severity: "error",
      message: `no training engine this tool emits runs on ${to.id}`,
      number: 0,
      unit: "engines",
      suggestion: "use the vendor's own training stack",
    };
  }
  const e = emit(trainEmitPlan(plan, arch, train), b);
  if (a === b && e.unexpressed.length === 0) return undefined;
  const cannot =
    e.unexpressed.length > 0
      ? `; it cannot express: ${e.unexpressed.join(", ")} (${e.notes.slice(0, 1).join("")})`
      : "; the whole plan carries over";
  return {
    code: "engine_unavailable",
    severity: e.unexpressed.length > 0 ? "warning" : "info",
    message: `${a && a !== b ? `${engineName(a)} does not run on ${to.id}; ` : ""}${engineName(b)} runs the target's plan${cannot}`,
    number: e.unexpressed.length,
    unit: "plan settings the engine cannot express",
    suggestion: `xpuplan plan --emit ${b} on the target scenario`,
  };
}
