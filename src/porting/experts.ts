// Experts against devices: an expert group must hold a whole number of experts per device
// (Megatron-LM: experts % ep == 0, ep | dp·cp·tp). When the device count does not divide the
// experts, the large-EP deployments replicate the hottest experts to fill the spare devices
// (DeepSeek-V3 report Sec. 3.4 inference: redundant experts; Huawei's CloudMatrix384 serving of
// DeepSeek-V3/R1 runs EP320 with redundant experts).
import type { Finding, PortingInput } from "./finding.ts";

export function expertFindings(inp: PortingInput): Finding[] {
  const moe = inp.arch.moe;
  if (!moe) return [];
  const E = moe.experts;
  const out: Finding[] = [];
  const eps: { ep: number; path: (string | number)[] }[] = [];
  if (inp.parallel?.ep) eps.push({ ep: inp.parallel.ep, path: ["parallel", "ep"] });
  if (inp.infer?.ep) eps.push({ ep: inp.infer.ep, path: ["infer", "ep"] });
  for (const { ep, path } of eps) {
    if (E % ep === 0) continue;
    const most = Math.ceil(E / ep);
    const mean = E / ep;
    out.push({
      code: "not_divisible",
      severity: path[0] === "parallel" ? "error" : "warning",
      message: `${E} experts do not divide over ep ${ep}: ${ep - (E % ep)} devices would hold ${Math.floor(E / ep)} experts and the rest ${most}${path[0] === "parallel" ? " (Megatron-LM refuses it)" : ""}`,
      number: most / mean,
      unit: "busiest device's experts over the mean",
      suggestion: `use ep ${largestDivisorAtMost(E, ep)}, or (serving) fill the ${ep - (E % ep)} spare slots with ${ep * most - E} redundant copies of the hottest experts`,
      path,
    });
  }
  const devices = inp.devices;
  if (eps.length === 0 && devices && devices > 1 && E % devices !== 0 && devices % E !== 0) {
    const fit = largestDivisorAtMost(E, devices);
    out.push({
      code: "not_divisible",
      severity: "info",
      message: `${E} experts do not divide over ${devices} devices: an expert group of all of them is uneven`,
      number: devices,
      unit: "devices",
      suggestion: `use ep ${fit} (${E / fit} experts per device) replicated over the rest, or ep ${devices} with ${devices - (E % devices)} redundant experts`,
    });
  }
  return out;
}

function largestDivisorAtMost(n: number, max: number): number {
  for (let d = Math.min(n, max); d >= 1; d--) if (n % d === 0) return d;
  return 1;
}
