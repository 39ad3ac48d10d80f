// Time of an MoE dispatch or combine over the expert-parallel group, as DeepEP's normal kernels
// move it (DeepSeek-V3, arXiv:2412.19437 Sec. 3.2.2; github.com/deepseek-ai/DeepEP): a token
// crosses the NICs once per remote scale-up domain holding one of its experts (then fans out
// over the scale-up fabric), at most `routedNodes` domains with node-limited routing, and
// reaches each GPU of its own domain holding one of its experts once.
import type { Group } from "../collectives/group.ts";

/** Expected distinct bins hit by k picks spread uniformly over n bins. */
const distinct = (n: number, k: number) => (n <= 0 ? 0 : n * (1 - (1 - 1 / n) ** k));

/** `tokens` sent by one device, `bytesPerToken` each copy, top-k routing over the group. */
export function expertDispatchSeconds(
  g: Group,
  tokens: number,
  bytesPerToken: number,
  topK: number,
  routedNodes?: number,
): number {
  if (g.n <= 1 || tokens <= 0) return 0;
  const domains = g.inter;
  // Copies to the other devices of the own domain: distinct devices hit there.
  const insideCopies = distinct(g.n, topK) * ((g.intra - 1) / g.n);
  let acrossCopies = 0;
  if (domains > 1) {
    const remote = (domains - 1) * (1 - (1 - 1 / domains) ** topK);
    acrossCopies = routedNodes === undefined ? remote : Math.min(remote, routedNodes * (1 - 1 / domains));
  }
  const inside = (tokens * insideCopies * bytesPerToken) / g.upBytesPerSecond;
  const across = (tokens * acrossCopies * bytesPerToken) / g.outBytesPerSecond;
  return Math.max(inside, across) + g.latencySeconds * (1 + Math.log2(g.n));
}
