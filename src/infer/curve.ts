// The latency/throughput curve of a deployment: operating points at batch sizes doubling from
// one sequence per attention group to the largest that fits, plus the chosen one.
import type { Deployment } from "./deployment.ts";
import { type ServingMode, servingPoint, type Workload } from "./serving-point.ts";

export interface CurvePoint {
  batchPerDevice: number;
  concurrency: number;
  tpotSeconds: number;
  ttftSeconds: number;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerDevice: number;
  prefillTokensPerSecondPerDevice: number;
  memoryPerDeviceGiB: number;
}

export function batchCurve(
  d: Deployment,
  w: Workload,
  mode: ServingMode,
  maxS: number,
  chosenS?: number,
): CurvePoint[] {
  const sizes = new Set<number>();
  for (let s = 1; s < maxS; s *= 2) sizes.add(s);
  if (maxS >= 1) sizes.add(maxS);
  if (chosenS !== undefined && chosenS > 0) sizes.add(chosenS);
  return [...sizes]
    .sort((a, b) => a - b)
    .map((S) => {
      const p = servingPoint(d, w, mode, S);
      return {
        batchPerDevice: p.batchPerDevice,
        concurrency: p.concurrency,
        tpotSeconds: p.tpotSeconds,
        ttftSeconds: p.ttftSeconds,
        outputTokensPerSecond: p.outputTokensPerSecond,
        outputTokensPerSecondPerDevice: p.outputTokensPerSecond / d.layout.devices,
        prefillTokensPerSecondPerDevice: p.prefillTokensPerSecondPerDevice,
        memoryPerDeviceGiB: p.memory.totalGiB,
      };
    });
}
