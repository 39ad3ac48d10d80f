// Which measured kernel tables stand for a device: its own, else those of a device with the same
// compute die, clocks and HBM generation (the export variants H800 and A800 differ from the H100
// and A100 only in NVLink bandwidth, NVIDIA H800/A800 product briefs; the A100 40 GB has the 80 GB's
// SMs and clocks). Communication is never read from a sibling's tables (its fabric differs).
import type { Device } from "../hardware/device.ts";
import { peakFlopsPerSecond } from "../hardware/kernel-table-efficiency.ts";
import type { DeviceKernelTables } from "../hardware/kernel-table-schema.ts";

const SIBLING: Record<string, string> = {
  "nvidia-h800-sxm": "nvidia-h100-sxm",
  "nvidia-a800-80gb-sxm": "nvidia-a100-80gb-sxm",
  "nvidia-a100-40gb-sxm": "nvidia-a100-80gb-sxm",
};

export function computeTablesFor(
  kernels: readonly DeviceKernelTables[] | undefined,
  deviceId: string,
): DeviceKernelTables | undefined {
  if (!kernels) return undefined;
  const own = kernels.find((s) => s.device === deviceId);
  if (own) return own;
  const sibling = SIBLING[deviceId];
  return sibling ? kernels.find((s) => s.device === sibling) : undefined;
}

/** The table dtype of a training precision and FP8 recipe. The 128-wide block scaling of DeepSeek's
 * recipe is applied by the kernel (DeepGEMM-class, AIConfigurator's fp8-block tables); MXFP8's
 * 32-element scales are applied by Blackwell's tensor cores themselves (block-scaled MMA at the FP8
 * rate, NVIDIA Blackwell architecture brief), so an MX GEMM runs as the per-tensor FP8 kernel does. */
export function trainTableDtype(precision: string, recipe: string): string {
  if (precision === "fp8") return recipe === "blockwise" ? "fp8-block" : "fp8";
  if (precision === "fp4") return "nvfp4";
  return "bf16";
}

/** The tables with their device's dense catalog peak per table dtype (TFLOP/s), so that a family's
 * devices can be compared on what their kernels measured rather than on their datasheets. Tables
 * of a device the catalog lacks stay as they are. */
export function withPeaks(
  kernels: readonly DeviceKernelTables[],
  devices: readonly Device[],
): DeviceKernelTables[] {
  return kernels.map((set) => {
    const d = devices.find((x) => x.id === set.device);
    if (!d) return set;
    const peakTflops: Record<string, number> = {};
    for (const t of set.tables) {
      const p = peakFlopsPerSecond(d, t.dtype);
      if (p !== undefined) peakTflops[t.dtype] = p / 1e12;
    }
    return { ...set, peakTflops };
  });
}
