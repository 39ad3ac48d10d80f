// Checkpoint cost from bytes and bandwidths, for three tiers. sync: training waits for the write
// to storage (bytes / aggregate storage bandwidth). async (CheckFreq, FAST'21; Megatron/NeMo async
// save; ByteCheckpoint, arXiv 2407.20143): training waits only for each device's shard to reach
// host memory; the checkpoint is durable one storage write later. memory (GEMINI, SOSP'23): the
// host snapshot is replicated to a peer node's memory over the scale-out network, a failure
// restores from there, and storage is written in the background for disasters (losing a node and
// its peer together, not modelled).
import type { Bytes, BytesPerSecond, Seconds } from "../units.ts";

export type CheckpointTier = "sync" | "async" | "memory";

export interface CheckpointInput {
  /** whole training state: params x (weight bytes + optimizer bytes) */
  checkpointBytes: Bytes;
  /** devices holding the state; each snapshots its 1/devices shard */
  devices: number;
  /** aggregate write and read bandwidth of the storage */
  storageBytesPerSecond: BytesPerSecond;
  /** per-device device-to-host copy bandwidth (asynchronous snapshot) */
  hostCopyBytesPerSecond: BytesPerSecond;
  /** per-device scale-out bandwidth (in-memory replica to a peer); needed for tier memory */
  scaleOutBytesPerSecond?: BytesPerSecond;
  tier: CheckpointTier;
}

export interface CheckpointCost {
  /** one full write to storage */
  saveSeconds: Seconds;
  /** what training waits for per checkpoint: the save (sync) or the host snapshot (async, memory) */
  blockingSeconds: Seconds;
  /** after the blocking part, how long until the checkpoint survives a failure */
  durabilityLagSeconds: Seconds;
  /** reading it back on restart: from storage, or from a peer's memory (tier memory) */
  reloadSeconds: Seconds;
}

export function checkpointCost(input: CheckpointInput): CheckpointCost {
  const { checkpointBytes, devices, storageBytesPerSecond, hostCopyBytesPerSecond } = input;
  if (!(checkpointBytes > 0))
    throw new Error(`checkpoint: checkpointBytes must be > 0, got ${checkpointBytes}`);
  if (!(devices >= 1)) throw new Error(`checkpoint: devices must be >= 1, got ${devices}`);
  if (!(storageBytesPerSecond > 0))
    throw new Error(`checkpoint: storage bandwidth must be > 0, got ${storageBytesPerSecond}`);
  if (!(hostCopyBytesPerSecond > 0))
    throw new Error(`checkpoint: host copy bandwidth must be > 0, got ${hostCopyBytesPerSecond}`);
  const saveSeconds = checkpointBytes / storageBytesPerSecond;
  const shard = checkpointBytes / devices;
  const snapshotSeconds = shard / hostCopyBytesPerSecond;
  if (input.tier === "sync")
    return { saveSeconds, blockingSeconds: saveSeconds, durabilityLagSeconds: 0, reloadSeconds: saveSeconds };
  if (input.tier === "async") {
    return {
      saveSeconds,
      blockingSeconds: snapshotSeconds,
      durabilityLagSeconds: saveSeconds,
      reloadSeconds: saveSeconds,
    };
  }
  const net = input.scaleOutBytesPerSecond;
  if (!(net !== undefined && net > 0))
    throw new Error(`checkpoint: tier memory needs a scale-out bandwidth > 0, got ${net}`);
  // every device sends its shard to a peer at once; the restore also lands in device memory
  const replicate = shard / net;
  return {
    saveSeconds,
    blockingSeconds: snapshotSeconds,
    durabilityLagSeconds: replicate,
    reloadSeconds: Math.max(replicate, snapshotSeconds),
  };
}
