// Recovery-cost defaults used when the scenario's reliability block leaves a key out. Each one
// carries its source, so a report can list exactly which figures were assumed and from where.

export interface SourcedDefault {
  value: number;
  unit: string;
  source: string;
  confidence: "official" | "paper" | "analyst";
  note: string;
}

export const RELIABILITY_DEFAULTS = {
  /** aggregate checkpoint write (and read) bandwidth of the training cluster's storage, GB/s */
  storageGBps: {
    value: 2000,
    unit: "GB/s",
    source:
      "Llama 3 Herd of Models (arXiv 2407.21783) Sec 3.3.1: Tectonic, 240 PB on 7,500 SSD servers, 2 TB/s sustained, 7 TB/s peak",
    confidence: "paper",
    note: "the sustained figure; checkpoint bursts saturated the fabric, so the peak is not assumed",
  },
  /** device-to-host copy bandwidth per device: what an asynchronous snapshot blocks on, GB/s */
  hostCopyGBps: {
    value: 32,
    unit: "GB/s per device",
    source: "PCI Express 4.0 x16, one direction (16 GT/s x 16 lanes, 128b/130b): PCI-SIG base specification",
    confidence: "official",
    note: "Gen4 nominal rate, shared by A100/910B-class parts; Gen5 parts (H100) copy up to twice as fast",
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
