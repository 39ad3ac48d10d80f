// The recovery physics of a run from the scenario's reliability block and sourced defaults:
// storage bandwidth scaled with the nodes (storage-bandwidth.ts), the checkpoint tier and its
// costs (checkpoint.ts), the restart phases (restart.ts). Every default used is listed as an
// assumption with its source, and flagged once as a warning.
import { type Issue, issue } from "../issues.ts";
import type { ReliabilitySpec } from "../scenario/schema.ts";
import { type CheckpointCost, type CheckpointTier, checkpointCost } from "./checkpoint.ts";
import { RELIABILITY_DEFAULTS, type ReliabilityDefaultName } from "./defaults.ts";
import type { Assumption } from "./report-types.ts";
import { type RestartCost, restartCost } from "./restart.ts";
import { type StorageBandwidth, storageBandwidth } from "./storage-bandwidth.ts";

export interface Physics {
  storage: StorageBandwidth;
  tier: CheckpointTier;
  ckpt: CheckpointCost;
  restart: RestartCost;
  hotSpares: number;
  assumptions: Assumption[];
  warnings: Issue[];
}

export function reportPhysics(c: {
  spec: ReliabilitySpec;
  devices: number;
  nodes: number;
  checkpointBytes: number;
  scaleOutGbpsPerDevice?: number;
}): Physics {
  const { spec } = c;
  const assumptions: Assumption[] = [];
  const warnings: Issue[] = [];
  /** The scenario's value if given, else the sourced default; either way listed in `assumptions`. */
  const assume = (name: ReliabilityDefaultName, given?: number): number => {
    const d = RELIABILITY_DEFAULTS[name];
    if (given !== undefined) {
      assumptions.push({ name, value: given, unit: d.unit, source: "scenario", confidence: "scenario" });
      return given;
    }
    assumptions.push({ name, value: d.value, unit: d.unit, source: d.source, confidence: d.confidence });
    return d.value;
  };
  const defaulted = (path: string, message: string) =>
    warnings.push(issue("default_used", ["reliability", path], message, { severity: "warning" }));

  const tier: CheckpointTier = spec.inMemoryCheckpoint ? "memory" : spec.asyncCheckpoint ? "async" : "sync";
  let storage: StorageBandwidth;
  if (spec.storageGBps !== undefined) {
    assumptions.push({
      name: "storageGBps",
      value: spec.storageGBps,
      unit: "GB/s",
      source: "scenario",
      confidence: "scenario",
    });
    storage = storageBandwidth({
      nodes: c.nodes,
      perNodeGBps: RELIABILITY_DEFAULTS.storageGBpsPerNode.value,
      capGBps: RELIABILITY_DEFAULTS.storageCapGBps.value,
      scenarioGBps: spec.storageGBps,
    });
  } else {
    storage = storageBandwidth({
      nodes: c.nodes,
      perNodeGBps: assume("storageGBpsPerNode", spec.storageGBpsPerNode),
      capGBps: assume("storageCapGBps"),
    });
    defaulted(
      "storageGBps",
      `storage bandwidth not given; ${c.nodes} nodes x ${storage.perNodeGBps} GB/s${storage.basis === "capped" ? `, capped at ${storage.capGBps}` : ""} = ${storage.gbps} GB/s`,
    );
  }
  const hostCopy = tier === "sync" ? RELIABILITY_DEFAULTS.hostCopyGBps.value : assume("hostCopyGBps");
  let scaleOutGBps: number | undefined;
  if (tier === "memory") {
    if (c.scaleOutGbpsPerDevice !== undefined && c.scaleOutGbpsPerDevice > 0) {
      scaleOutGBps = c.scaleOutGbpsPerDevice / 8;
      assumptions.push({
        name: "scaleOutGBps",
        value: scaleOutGBps,
        unit: "GB/s per device",
        source: "device catalog scale-out NIC rate",
        confidence: "catalog",
      });
    } else scaleOutGBps = assume("scaleOutGBps");
  }
  const ckpt = checkpointCost({
    checkpointBytes: c.checkpointBytes,
    devices: c.devices,
    storageBytesPerSecond: storage.gbps * 1e9,
    hostCopyBytesPerSecond: hostCopy * 1e9,
    scaleOutBytesPerSecond: scaleOutGBps === undefined ? undefined : scaleOutGBps * 1e9,
    tier,
  });

  const hotSpares = spec.hotSpares ?? 0;
  const override = spec.restartMinutes ?? undefined;
  // restart phases count as assumptions only when the scenario does not give the whole restart
  const phase = (name: ReliabilityDefaultName, used = true) =>
    override === undefined && used ? assume(name) : RELIABILITY_DEFAULTS[name].value;
  const restart = restartCost({
    detectSeconds: phase("detectSeconds"),
    rescheduleSeconds: phase("rescheduleSeconds", hotSpares === 0),
    spareSwapSeconds: phase("spareSwapSeconds", hotSpares >= 1),
    reloadSeconds: ckpt.reloadSeconds,
    warmupSeconds: phase("warmupSeconds"),
    hotSpares,
    overrideSeconds: override === undefined ? undefined : override * 60,
  });
  if (override !== undefined) {
    assumptions.push({
      name: "restartMinutes",
      value: override,
      unit: "min",
      source: "scenario",
      confidence: "scenario",
    });
  } else {
    defaulted(
      "restartMinutes",
      `restart time not given; composed from sourced defaults: ${(restart.totalSeconds / 60).toFixed(1)} min`,
    );
  }
  return { storage, tier, ckpt, restart, hotSpares, assumptions, warnings };
}
