// The host processor a device's servers carry, when the scenario does not say: GB200 pairs two
// Blackwell GPUs with one Grace (Arm Neoverse V2) CPU (NVIDIA GB200 NVL72 product page); Ascend
// 910B/910C servers carry Kunpeng 920 (Arm) processors (Huawei Atlas 800T A2 / Atlas 900 A3
// specifications). Everything else is assumed to sit in an x86 server.
export function hostCpuOf(deviceId: string): "x86" | "grace" | "arm" {
  if (deviceId === "nvidia-gb200") return "grace";
  if (deviceId.startsWith("huawei-")) return "arm";
  return "x86";
}
