// Weight transfer trainer → rollout each RL step (HybridFlow, Sheng et al. 2024, arXiv:2409.19256;
// StreamRL, arXiv:2504.15930). Disaggregated (separate fleets): one copy of the weights, in the
// rollout's number format, crosses the link between the fleets (a given achieved GB/s, else the
// scale-out NICs of the slower side: devices × achieved NIC rate) and is relayed among the rollout
// instances, each device receiving its own shard over its NIC; the two pipeline, so the slower sets
// the time. Colocated (verl's 3D-HybridEngine in HybridFlow; NeMo-RL refit over CUDA IPC): each
// device gathers its inference shard from the training shards over the scale-up fabric.
export interface FleetLinks {
  devices: number;
  /** achieved scale-out bytes/s per device */
  outBytesPerSecond: number;
  /** achieved scale-up bytes/s per device */
  upBytesPerSecond: number;
  /** devices of one scale-up domain */
  domainSize: number;
}

export interface WeightTransferInput {
  /** one full copy of the policy in the rollout's stored format */
  weightBytes: number;
  placement: "colocated" | "disaggregated";
  trainer: FleetLinks;
  rollout: FleetLinks & { devicesPerInstance: number };
  /** achieved bytes/s between the fleets, when known */
  crossFleetBytesPerSecond?: number;
  latencySeconds: number;
}

export interface WeightTransfer {
  seconds: number;
  bytes: number;
  over: "cross-fleet link" | "scale-up fabric" | "scale-out NICs";
  /** the bytes/s the slowest leg offers one copy */
  bytesPerSecond: number;
}

export function weightTransfer(inp: WeightTransferInput): WeightTransfer {
  const W = inp.weightBytes;
  const r = inp.rollout;
  const shard = W / r.devicesPerInstance;
  if (inp.placement === "colocated") {
    const inside = r.devicesPerInstance <= r.domainSize;
    const bw = inside ? r.upBytesPerSecond : r.outBytesPerSecond;
    return {
      seconds: shard / bw + inp.latencySeconds,
      bytes: W,
      over: inside ? "scale-up fabric" : "scale-out NICs",
      bytesPerSecond: bw * r.devicesPerInstance,
    };
  }
  const link =
    inp.crossFleetBytesPerSecond ??
    Math.min(inp.trainer.devices * inp.trainer.outBytesPerSecond, r.devices * r.outBytesPerSecond);
  const fanOut = r.devicesPerInstance * r.outBytesPerSecond;
  const bw = Math.min(link, fanOut);
  return {
    seconds: W / bw + inp.latencySeconds,
    bytes: W,
    over: link <= fanOut ? "cross-fleet link" : "scale-out NICs",
    bytesPerSecond: bw,
  };
}
