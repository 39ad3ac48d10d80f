// Tensor-parallel all-reduce inside one scale-up domain as inference engines run it (the
// custom all-reduce kernels of TensorRT-LLM and vLLM; NCCL's low-latency protocols): one-shot,
// each device reading its n-1 peers' buffers in a single step, for small messages; two-shot
// (reduce-scatter + all-gather, ring volume, two steps) for large ones. A step costs the
// fabric latency once, not once per peer as a ring does, which is what decode's small
// messages are made of. Across domains: the hierarchical ring of collectives.ts.
import { COLLECTIVES } from "../collectives/collectives.ts";
import type { Group } from "../collectives/group.ts";

export function tpAllReduceSeconds(bytes: number, g: Group): number {
  if (g.n <= 1 || bytes <= 0) return 0;
  if (g.inter > 1 || g.kind === "pcie") return COLLECTIVES.allReduce(bytes, g);
  const oneShot = g.latencySeconds + (bytes * (g.n - 1)) / g.upBytesPerSecond;
  const twoShot = 2 * g.latencySeconds + (2 * bytes * (g.n - 1)) / g.n / g.upBytesPerSecond;
  return Math.min(oneShot, twoShot);
}
