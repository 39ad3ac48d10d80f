// Which fitted parameters a measurement informs. Parameters belong to a device family and a
// dtype (the large-matmul efficiency per training precision; the serving-time efficiencies a
// family declares in its `inference:` block), never to a case or a model. A family absent from
// the rows keeps its priors.
import type { Calibration, FamilyCalibration } from "../hardware/calibration.ts";
import { hostCpuOf } from "../stack/host-cpu.ts";
import { resolveTrainStack } from "../stack/train-stack.ts";
import type { FitRow } from "./fit-rows.ts";

export interface Param {
  family: string;
  /** dotted key path inside the family record */
  param: string;
  lo: number;
  hi: number;
  /** how many measurements the prior is worth: the efficiencies' priors are measured kernel
   * rates; the host cost's is an order of magnitude */
  priorWeight: number;
  /** every family the value belongs to (a pooled host cost); absent: `family` alone */
  families?: string[];
  /** the fit's key for the value: the pool's where one is shared, else the family's */
  key?: string;
}

/** The families a parameter's value is written to. */
export function familiesOf(p: Param): string[] {
  return p.families ?? [p.family];
}

/** The key a parameter is fitted under: one value per key. */
export function paramKey(p: Param): string {
  return `${p.key ?? p.family}|${p.param}`;
}

const TRAIN_METRICS = new Set([
  "tokensPerSecondPerDevice",
  "stepTimeSeconds",
  "deviceHours",
  "tflopsPerDevice",
  "mfu",
]);

function trainDtypeKey(f: FamilyCalibration, precision: string): string {
  if (precision === "fp16" || precision === "bf16") return f.gemm.bf16 ? "bf16" : "default";
  return precision;
}

/** The parameters one row informs under calibration `cal` (its priors decide which exist). */
export function targetsOf(row: FitRow, cal: Calibration): Param[] {
  if (!row.counted) return [];
  const f =
    row.family === cal.default.family ? cal.default : cal.families.find((x) => x.family === row.family);
  if (!f) return [];
  const s = row.resolved.scenario;
  const out: Param[] = [];
  if (row.kind === "train" && s.train && TRAIN_METRICS.has(row.metric)) {
    const key = trainDtypeKey(f, s.train.precision ?? "bf16");
    // The matmul level is fitted on dense runs: on MoE runs it would absorb what the routing,
    // dispatch and host cost (their own terms) leave unexplained.
    if (!row.resolved.arch.moe)
      out.push({ family: f.family, param: `gemm.${key}.max`, lo: 0.05, hi: 1, priorWeight: 2 });
    // The host's issue cost per kernel binds where kernels are many and small: fitted on MoE runs
    // only, whose per-expert kernels and synchronised dispatch make it the leading cost; on dense
    // runs it is confounded with the matmul efficiency, so they do not inform it. It belongs to
    // the host and its software, not to the accelerator: families sharing a `pool` (the CUDA
    // generations behind the same x86 or Grace hosts and PyTorch stacks) fit one value on all
    // their MoE runs, so that no generation's value rests on one release's table.
    if (f.host && row.resolved.arch.moe) {
      const pool = f.host.pool;
      const families = pool
        ? [cal.default, ...cal.families].filter((x) => x.host?.pool === pool).map((x) => x.family)
        : undefined;
      out.push({
        family: f.family,
        param: "host.secondsPerKernel",
        lo: 1e-6,
        hi: 300e-6,
        priorWeight: 0.2,
        ...(pool ? { families, key: `pool:${pool}` } : {}),
      });
      // A Grace host's cost over the x86 one, fitted on the MoE runs behind Grace hosts (GB200).
      // Never below 1: Transformer Engine issue #2053 measured a torch Linear's host time at
      // 2.5-2.75x a DGX H100's Xeon on GH200 and GB200, so a fit that would make Grace the faster
      // host is absorbing something else.
      const cpu = resolveTrainStack(s.stack, undefined, false, hostCpuOf(row.resolved.device.id)).hostCpu;
      if (cpu === "grace")
        out.push({
          family: f.family,
          param: "host.grace",
          lo: 1,
          hi: 4,
          priorWeight: 0.2,
          ...(pool ? { families, key: `pool:${pool}` } : {}),
        });
    }
  }
  if (row.kind === "infer" && s.infer && f.inference) {
    const inf = f.inference;
    const act = s.infer.activations ?? s.infer.weights;
    // On a device with measured kernel tables the GEMMs and (non-MLA) attention are timed from
    // them (src/infer/layer-seconds.ts), so those efficiencies do not predict its rows.
    const tables = row.kernelTables;
    if (!tables && inf.gemm && act in inf.gemm)
      out.push({ family: f.family, param: `inference.gemm.${act}`, lo: 0.05, hi: 1, priorWeight: 2 });
    const mla = row.resolved.arch.attention?.kind === "mla";
    if (mla && inf.mlaDecodeAttention !== undefined && s.infer.phase !== "prefill") {
      out.push({ family: f.family, param: "inference.mlaDecodeAttention", lo: 0.02, hi: 1, priorWeight: 2 });
    }
    if (inf.attention !== undefined && (!tables || mla))
      out.push({ family: f.family, param: "inference.attention", lo: 0.02, hi: 1, priorWeight: 2 });
  }
  return out;
}
