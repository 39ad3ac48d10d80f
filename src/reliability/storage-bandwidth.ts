// Checkpoint bandwidth to shared storage for a job: each node writes at what the storage gives a
// node, and the whole job at most what the storage system gives one job (Llama 3 Sec 3.3.1:
// 2 TB/s sustained for 16k GPUs; a 63-node cluster on NFS got 0.35-2.6 GB/s a node). A scenario's
// aggregate `storageGBps` overrides both. Sixty-four devices do not get a 2,000 GB/s file system.

export type StorageBasis = "scenario" | "per-node" | "capped";

export interface StorageBandwidth {
  gbps: number;
  basis: StorageBasis;
  nodes: number;
  perNodeGBps: number;
  capGBps: number;
}

export function storageBandwidth(s: {
  nodes: number;
  perNodeGBps: number;
  capGBps: number;
  scenarioGBps?: number;
}): StorageBandwidth {
  if (!(s.nodes >= 1)) throw new Error(`storage: nodes must be >= 1, got ${s.nodes}`);
  if (!(s.perNodeGBps > 0)) throw new Error(`storage: per-node bandwidth must be > 0, got ${s.perNodeGBps}`);
  if (!(s.capGBps > 0)) throw new Error(`storage: cap must be > 0, got ${s.capGBps}`);
  const base = { nodes: s.nodes, perNodeGBps: s.perNodeGBps, capGBps: s.capGBps };
  if (s.scenarioGBps !== undefined) return { ...base, gbps: s.scenarioGBps, basis: "scenario" };
  const scaled = s.nodes * s.perNodeGBps;
  return scaled > s.capGBps
    ? { ...base, gbps: s.capGBps, basis: "capped" }
    : { ...base, gbps: scaled, basis: "per-node" };
}
