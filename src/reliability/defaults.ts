// Recovery-cost defaults used when the scenario's reliability block leaves a key out. Each one
// carries its source, so a report can list exactly which figures were assumed and from where.

export interface SourcedDefault {
  value: number;
  unit: string;
  source: string;
  confidence: "official" | "paper" | "derived" | "analyst";
  note: string;
}

export const RELIABILITY_DEFAULTS = {
  /** checkpoint write (and read) bandwidth to shared storage per compute node, GB/s */
  storageGBpsPerNode: {
    value: 1,
    unit: "GB/s per node",
    source:
      "Llama 3 (arXiv 2407.21783) Sec 3.3.1: Tectonic sustains 2 TB/s for a 24k-GPU (~3,000-node) cluster, ~0.7 GB/s a node; a 63-node B200 cluster checkpoints to NFS at 1.4-10.4% of its 200 Gb/s NICs, 0.35-2.6 GB/s a node (arXiv 2605.09370); DeepSeek 3FS reads 6.6 TiB/s over 500+ client nodes, ~14.5 GB/s a node (github.com/deepseek-ai/3FS README)",
    confidence: "derived",
    note: "range 0.35-14.5 GB/s a node; storage, not the GPUs, sets it: a small job gets a small share, so no fixed aggregate",
  },
  /** the most a training job's checkpoint traffic gets from the storage system, GB/s */
  storageCapGBps: {
    value: 2000,
    unit: "GB/s",
    source:
      "Llama 3 Sec 3.3.1: Tectonic 240 PB on 7,500 SSD servers, 2 TB/s sustained, 7 TB/s peak; Huawei MindCluster recommends >= 173 GB/s write and 288 GB/s read for a 10k-card cluster (hiascend resumable-training guide); 3FS 6.6 TiB/s read on 180 storage nodes",
    confidence: "paper",
    note: "the sustained figure of the largest published training storage; checkpoint bursts saturated Meta's fabric, so the peak is not assumed",
  },
  /** device-to-host copy bandwidth per device: what an asynchronous snapshot blocks on, GB/s */
  hostCopyGBps: {
    value: 32,
    unit: "GB/s per device",
    source: "PCI Express 4.0 x16, one direction (16 GT/s x 16 lanes, 128b/130b): PCI-SIG base specification",
    confidence: "official",
    note: "Gen4 nominal rate, shared by A100/910B-class parts; Gen5 parts (H100) copy up to twice as fast",
  },
  /** scale-out bandwidth per device when the device catalog gives none: in-memory checkpoint replicas, GB/s */
  scaleOutGBps: {
    value: 25,
    unit: "GB/s per device",
    source: "one 200 Gb/s NIC port per device (Atlas 800T A2 integrated RoCE; HDR InfiniBand A100 nodes)",
    confidence: "official",
    note: "used only for an in-memory checkpoint tier; the device catalog's scale-out figure wins when it has one",
  },
  /** failure to detection: a crashed rank is seen at once, a hang only when a timeout fires, s */
  detectSeconds: {
    value: 300,
    unit: "s",
    source:
      "NVIDIA Resiliency Extension (NeMo/Megatron fault tolerance) default rank_heartbeat_timeout 300 s; Meta RSC health checks every 5 min (Kokolis et al., arXiv 2410.21680)",
    confidence: "official",
    note: "two independent 5-minute figures; crash-type failures are found sooner, NCCL hangs with default timeouts later",
  },
  /** drain the failed node, allocate a healthy one from the pool, start containers, s */
  rescheduleSeconds: {
    value: 300,
    unit: "s",
    source:
      "analyst estimate: one scheduler cycle plus container start; Huawei states < 10 min for the whole recovery (vendor claim, June 2025)",
    confidence: "analyst",
    note: "the least well sourced default; set restartMinutes when the cluster's figure is known",
  },
  /** with a hot spare: swap the failed node for a standby one already provisioned, s */
  spareSwapSeconds: {
    value: 20,
    unit: "s",
    source:
      "TrainMover (arXiv 2412.12636): ~20 s downtime per interruption at 1,024 GPUs with standby machines",
    confidence: "paper",
    note: "replaces rescheduleSeconds when hotSpares >= 1",
  },
  /** process start, communicator initialisation and first iterations after reload, s */
  warmupSeconds: {
    value: 30,
    unit: "s",
    source:
      "MegaScale (NSDI'24, arXiv 2402.15627) Sec 3.5: job initialisation under 30 s at > 10,000 GPUs after optimisation (1,047 s unoptimised at 2,048 GPUs)",
    confidence: "paper",
    note: "an optimised stack, as Meta's was (the Llama 3 paper reports work to cut job start-up time)",
  },
} as const satisfies Record<string, SourcedDefault>;

export type ReliabilityDefaultName = keyof typeof RELIABILITY_DEFAULTS;

/** Monte Carlo trials when the scenario gives none. */
export const DEFAULT_TRIALS = 10_000;
/** Histogram bins of the completion-time distribution. */
export const DEFAULT_HISTOGRAM_BINS = 20;
