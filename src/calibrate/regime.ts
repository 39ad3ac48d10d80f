// The regime of a prediction, for its interval: the kind of answer (training, serving, reliability),
// the vendor family (NVIDIA, Huawei Ascend, other) and dense or mixture-of-experts. Cross-validated
// residuals are pooled per regime; a regime with too few of them borrows its kind's pool.
import type { Resolved } from "../scenario/resolve.ts";

export function vendorGroup(vendor: string): string {
  const v = vendor.toLowerCase();
  if (v.includes("nvidia")) return "nvidia";
  if (v.includes("huawei") || v.includes("ascend")) return "ascend";
  return "other";
}

export function regimeOf(kind: string, r: Pick<Resolved, "arch" | "device">): string {
  return `${kind}/${vendorGroup(r.device.vendor)}/${r.arch.moe ? "moe" : "dense"}`;
}
