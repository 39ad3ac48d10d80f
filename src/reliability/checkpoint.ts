// Checkpoint cost from bytes and bandwidths. Synchronous: training waits for the write to storage
// (time = bytes / aggregate storage bandwidth). Asynchronous (CheckFreq, FAST'21; Megatron/NeMo
// async save): training waits only for the snapshot of each device's shard to host memory, and
// the checkpoint becomes durable one storage-write later, which a failure in between loses.
import type { Bytes, BytesPerSecond, Seconds } from "../units.ts";

export interface CheckpointInput {
  /** whole training state: params x (weight bytes + optimizer bytes) */
  checkpointBytes: Bytes;
  /** devices holding the state; each snapshots its 1/devices shard */
  devices: number;
  /** aggregate write and read bandwidth of the storage */
  storageBytesPerSecond: BytesPerSecond;
  /** per-device device-to-host copy bandwidth (asynchronous snapshot) */
  hostCopyBytesPerSecond: BytesPerSecond;
  async: boolean;
}

export interface CheckpointCost {
  /** one full write to storage */
  saveSeconds: Seconds;
  /** what training waits for per checkpoint: the save (sync) or the host snapshot (async) */
  blockingSeconds: Seconds;
  /** after the blocking part, how long until the checkpoint survives a failure (async only) */
  durabilityLagSeconds: Seconds;
  /** reading it back on restart, at the same aggregate bandwidth */
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
  const snapshotSeconds = checkpointBytes / devices / hostCopyBytesPerSecond;
  return {
    saveSeconds,
    blockingSeconds: input.async ? snapshotSeconds : saveSeconds,
    durabilityLagSeconds: input.async ? saveSeconds : 0,
    reloadSeconds: saveSeconds,
  };
}
