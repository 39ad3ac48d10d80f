// The achieved rates a device offers the training and inference models: the dense peak of the
// dtype times the family's efficiency (catalog/calibration.yaml), HBM at its achieved share.
import { type FamilyCalibration, gemmEfficiency } from "../hardware/calibration.ts";
import type { Device, Dtype } from "../hardware/device.ts";
import type { Engine } from "../hardware/roofline.ts";

export function peakFlopsPerSecond(d: Device, dtype: Dtype): number | undefined {
  const f = d.peakTflops[dtype];
  return f ? f.value * 1e12 : undefined;
}

export function memoryBytesPerSecond(d: Device): number {
  return (d.memory.bandwidthTBps?.value ?? 1) * 1e12;
}

/** The engine for matmuls at `dtype`; undefined when the device has no peak for it. */
export function matmulEngine(d: Device, cal: FamilyCalibration, dtype: Dtype): Engine | undefined {
  const peak = peakFlopsPerSecond(d, dtype);
  const half = peakFlopsPerSecond(d, "bf16") ?? peakFlopsPerSecond(d, "fp16");
  if (peak === undefined || half === undefined) return undefined;
  const g = gemmEfficiency(cal, dtype);
  return {
    matmulFlopsPerSecond: peak * g.max,
    attentionFlopsPerSecond: half * cal.attention,
    memoryBytesPerSecond: memoryBytesPerSecond(d) * cal.memory,
    kernelSeconds: g.overheadSeconds,
  };
}
