// The achieved rates one device offers an inference step: each dtype's dense peak times the
// family's efficiency, HBM at its achieved share, the fixed per-kernel cost and the per-step
// framework cost (catalog/calibration.yaml, provenance there).
import type { FamilyCalibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import { matmulEngine, memoryBytesPerSecond, peakFlopsPerSecond } from "../train/engines.ts";
import { mlaDecodeEfficiency } from "./infer-calibration.ts";
import type { InferPrecision } from "./precision.ts";

export interface InferRates {
  /** FLOP/s of the quantised matmuls (the activation format's peak) */
  matmulFlopsPerSecond: number;
  /** FLOP/s of 16-bit matmuls (LM head, MLA's latent products when unquantised) */
  halfFlopsPerSecond: number;
  /** FLOP/s of the attention kernels */
  attentionFlopsPerSecond: number;
  /** FLOP/s of absorbed-MLA generation kernels */
  mlaDecodeFlopsPerSecond: number;
  /** achieved HBM bytes per second */
  memoryBytesPerSecond: number;
  /** fixed cost of one kernel, seconds */
  kernelSeconds: number;
  /** per-iteration framework cost (scheduler, sampling, launches), seconds */
  stepOverheadSeconds: number;
}

/** Fallback when a family gives no decode step overhead: the default family's value. */
export const DEFAULT_STEP_OVERHEAD_SECONDS = 3e-3;

export function inferRates(
  device: Device,
  family: FamilyCalibration,
  p: InferPrecision,
): InferRates | undefined {
  const mm = matmulEngine(device, family, p.matmulDtype);
  const half = matmulEngine(device, family, p.halfDtype);
  const attPeak = peakFlopsPerSecond(device, p.attentionDtype);
  if (!mm || !half || attPeak === undefined) return undefined;
  return {
    matmulFlopsPerSecond: mm.matmulFlopsPerSecond,
    halfFlopsPerSecond: half.matmulFlopsPerSecond,
    attentionFlopsPerSecond: attPeak * family.attention,
    mlaDecodeFlopsPerSecond: attPeak * mlaDecodeEfficiency(family),
    memoryBytesPerSecond: memoryBytesPerSecond(device) * family.memory,
    kernelSeconds: mm.kernelSeconds,
    stepOverheadSeconds: family.decodeStepOverheadSeconds ?? DEFAULT_STEP_OVERHEAD_SECONDS,
  };
}
