// Parallel groups against the target's scale-up fabric (src/collectives/group.ts): a tensor-
// parallel group wider than the scale-up domain runs its per-layer all-reduces over the NICs; on
// a full mesh (HCCS on the 910B: 7 point-to-point links of ~28 GB/s) a group of n devices
// reaches only (n-1) links' worth; a supernode (CloudMatrix384) keeps 384 devices in one domain,
// so expert groups beyond it leave the Unified Bus.
import type { Finding, PortingInput } from "./finding.ts";

export function fabricFindings(inp: PortingInput): Finding[] {
  const out: Finding[] = [];
  const { device } = inp;
  const up = device.scaleUp;
  const domain =
    up.kind === "supernode" || inp.devicesPerNode === undefined
      ? up.domainSize
      : Math.min(up.domainSize, inp.devicesPerNode);
  const total = up.bandwidthGBps?.value;
  const peer = up.perPeerGBps?.value;
  const groups: { name: string; size: number; path: (string | number)[] }[] = [];
  if (inp.parallel?.tp) groups.push({ name: "tp", size: inp.parallel.tp, path: ["parallel", "tp"] });
  if (inp.infer?.tp) groups.push({ name: "tp", size: inp.infer.tp, path: ["infer", "tp"] });
  for (const g of groups) {
    if (g.size > domain) {
      out.push({
        code: "fabric_limit",
        severity: "warning",
        message: `${g.name} ${g.size} spans ${Math.ceil(g.size / domain)} scale-up domains of ${domain} on ${device.name}: every layer's tensor-parallel all-reduce crosses the NICs`,
        number: g.size,
        unit: "devices in the group",
        suggestion: `keep ${g.name} <= ${domain}; take the rest in pipeline or expert parallelism`,
        path: g.path,
      });
    } else if (up.kind === "full-mesh" && peer && total && g.size > 1 && (g.size - 1) * peer < total) {
      const reach = (g.size - 1) * peer;
      out.push({
        code: "fabric_limit",
        severity: "info",
        message: `${device.name}'s ${up.technology ?? "full mesh"} links each peer directly at ${peer} GB/s: a ${g.name} group of ${g.size} reaches ${reach} GB/s of the device's ${total} GB/s`,
        number: reach,
        unit: "GB/s per device in the group",
        suggestion: `use ${g.name} ${domain} (all ${domain - 1} links busy) or ${g.name} 1 with expert/pipeline parallelism; a switched fabric gives any group the full bandwidth`,
        path: g.path,
      });
    }
  }
  const ep = inp.parallel?.ep ?? inp.infer?.ep;
  if (ep && ep > domain && up.kind === "supernode") {
    out.push({
      code: "fabric_limit",
      severity: "info",
      message: `ep ${ep} is wider than the ${domain}-device ${up.technology ?? "supernode"} domain: the MoE all-to-all leaves it for the scale-out network`,
      number: ep,
      unit: "devices in the expert group",
      suggestion: `keep the expert group within ${domain} devices (one supernode) and replicate it with data parallelism`,
      path: inp.parallel?.ep ? ["parallel", "ep"] : ["infer", "ep"],
    });
  }
  return out;
}
