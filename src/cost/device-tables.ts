// Which measured kernel tables stand for a device: its own, else those of a device with the same
// compute die, clocks and HBM generation (the export variants H800 and A800 differ from the H100
// and A100 only in NVLink bandwidth, NVIDIA H800/A800 product briefs; the A100 40 GB has the 80 GB's
// SMs and clocks). Communication is never read from a sibling's tables (its fabric differs).
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

/** The table dtype of a training precision and FP8 recipe. */
export function trainTableDtype(precision: string, recipe: string): string {
  if (precision === "fp8") return recipe === "blockwise" || recipe === "mx" ? "fp8-block" : "fp8";
  if (precision === "fp4") return "nvfp4";
  return "bf16";
}
