// α-β costs of the collectives on a two-tier fabric (Thakur, Rabenseifner & Gropp 2005,
// "Optimization of Collective Communication Operations in MPICH"; NCCL's bus-bandwidth
// convention: all-reduce moves 2(n-1)/n of the buffer, reduce-scatter and all-gather (n-1)/n).
// Across domains the algorithms are hierarchical: inside the domain first, then over the NICs
// on 1/intra of the data, each member using its own NIC.
import { log2 as portableLog2 } from "../portable-math.ts";
import type { Group } from "./group.ts";

export type CollectiveKind = "allReduce" | "reduceScatter" | "allGather" | "allToAll" | "p2p";

/** `bytes`: all-reduce: the buffer; reduce-scatter: the full input; all-gather: the full
 * output; all-to-all: everything one member sends (its own share included); p2p: the message. */
export type Collective = (bytes: number, g: Group) => number;

// src/portable-math.ts: the same last digit on every engine (the web app shows what the API says)
const log2 = (x: number) => (x <= 1 ? 0 : portableLog2(x));

function ringPhase(bytes: number, members: number, bytesPerSecond: number, latency: number): number {
  if (members <= 1 || bytes <= 0) return 0;
  return ((members - 1) / members) * (bytes / bytesPerSecond) + (members - 1) * latency;
}

const reduceScatter: Collective = (bytes, g) => {
  if (g.n <= 1 || bytes <= 0) return 0;
  const inside = ringPhase(bytes, g.intra, g.upBytesPerSecond, g.latencySeconds);
  const across =
    g.inter > 1
      ? ((g.inter - 1) / g.inter) * (bytes / g.intra / g.outBytesPerSecond) +
        log2(g.inter) * g.latencySeconds * 2
      : 0;
  return inside + across;
};

const allGather: Collective = reduceScatter;

const allReduce: Collective = (bytes, g) => 2 * reduceScatter(bytes, g);

const allToAll: Collective = (bytes, g) => {
  if (g.n <= 1 || bytes <= 0) return 0;
  const inside = (bytes * (g.intra - 1)) / g.n / g.upBytesPerSecond;
  const across = (bytes * (g.n - g.intra)) / g.n / g.outBytesPerSecond;
  return Math.max(inside, across) + g.latencySeconds * (1 + log2(g.n));
};

/** One message to the next member (pipeline stages). */
const p2p: Collective = (bytes, g) => {
  if (bytes <= 0) return 0;
  const bw = g.inter > 1 ? g.outBytesPerSecond : g.peerBytesPerSecond;
  return bytes / bw + g.latencySeconds;
};

export const COLLECTIVES: Record<CollectiveKind, Collective> = {
  allReduce,
  reduceScatter,
  allGather,
  allToAll,
  p2p,
};
