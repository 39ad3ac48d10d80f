// FP8 on the target: no Ascend part before the 950 has FP8 matmuls (catalog dtypeNotes), so FP8
// recipes (DeepSeek-V3's FP8 training, FP8 checkpoints and KV caches) run in BF16 there. The
// numbers: BF16 weights take 2 bytes per parameter where FP8 took 1, and a training layout is
// re-evaluated in BF16 for its step time and memory (src/train/evaluate.ts).
import { paramCounts } from "../model/param-counts.ts";
import { evaluateTraining } from "../train/evaluate.ts";
import { GiB } from "../units.ts";
import type { Finding, PortingInput } from "./finding.ts";

export function fp8Findings(inp: PortingInput): Finding[] {
  const { device, arch } = inp;
  if (device.peakTflops.fp8 != null) return [];
  const half = device.peakTflops.bf16 != null ? "bf16" : "fp16";
  const wanted =
    inp.train?.precision === "fp8" ||
    inp.infer?.weights === "fp8" ||
    inp.infer?.activations === "fp8" ||
    inp.infer?.kvCache === "fp8";
  // A scenario that uses no FP8 has nothing to change on a target without it: no advice.
  if ((inp.train !== undefined || inp.infer !== undefined) && !wanted) return [];
  const params = paramCounts(arch).totalWithMtp;
  const weightsGiB = (params * 2) / GiB;
  const why = device.dtypeNotes?.fp8 ? ` (${device.dtypeNotes.fp8})` : "";
  const out: Finding[] = [];
  const { train, parallel, calibration, devices } = inp;
  if (train && parallel && calibration && devices) {
    const r = evaluateTraining({
      arch,
      device,
      calibration,
      devices,
      devicesPerNode: inp.devicesPerNode,
      train: { ...train, precision: half },
      parallel,
    });
    if (r.ok) {
      const m = r.report.metrics;
      out.push({
        code: "fp8_unavailable",
        severity: wanted ? "warning" : "info",
        message: `${device.name} has no FP8 matmul${why}; in ${half} this layout takes ${m.stepTimeSeconds.toFixed(2)} s per step at MFU ${(m.mfu * 100).toFixed(1)}% and needs ${m.memoryPerDeviceGiB.toFixed(1)} GiB per device${r.report.fits ? "" : `, more than the device has`}`,
        number: m.memoryPerDeviceGiB,
        unit: "GiB per device (bf16)",
        suggestion: r.report.fits
          ? `train in ${half} (set train.precision: ${half}); plan the layout again for ${half}, its memory and time differ`
          : `train in ${half} with a layout that fits: run the planner with train.precision: ${half}`,
        path: ["train", "precision"],
      });
      return out;
    }
  }
  out.push({
    code: "fp8_unavailable",
    severity: wanted ? "warning" : "info",
    message: `${device.name} has no FP8 matmul${why}; the weights in ${half} take ${weightsGiB.toFixed(0)} GiB (${(weightsGiB / 2).toFixed(0)} GiB in FP8), and matmuls run at the ${half} peak of ${device.peakTflops[half]?.value ?? "?"} TFLOP/s`,
    number: weightsGiB,
    unit: `GiB of ${half} weights`,
    suggestion: `convert FP8 checkpoints to ${half} (or int8 for serving, where the device has int8), and plan for twice the weight memory`,
    path: inp.train ? ["train", "precision"] : inp.infer ? ["infer", "weights"] : undefined,
  });
  return out;
}
