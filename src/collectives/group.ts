// Where a communication group sits on a two-tier fabric: how many members share a scale-up
// domain (NVSwitch node, HCCS mesh, CloudMatrix384 / NVL72 supernode) and how many domains the
// group spans over the scale-out NICs. Megatron rank order (tp fastest, then cp, ep/dp, pp) sets
// the stride between members.
import type { FamilyCalibration } from "../hardware/calibration.ts";
import type { Device, FabricKind } from "../hardware/device.ts";

export interface Group {
  /** members */
  n: number;
  /** members inside one scale-up domain */
  intra: number;
  /** scale-up domains the group spans */
  inter: number;
  kind: FabricKind;
  /** achieved bytes/s per device for a collective among the intra members */
  upBytesPerSecond: number;
  /** achieved bytes/s of one scale-up link to a single peer (full mesh: the per-peer limit) */
  peerBytesPerSecond: number;
  /** achieved bytes/s per device over its scale-out NIC */
  outBytesPerSecond: number;
  latencySeconds: number;
}

export interface FabricParams {
  kind: FabricKind;
  domainSize: number;
  /** spec, one direction, per device */
  upGBps: number;
  perPeerGBps: number;
  nicGbps: number;
  upEfficiency: number;
  outEfficiency: number;
  latencySeconds: number;
  /** measured all-reduce bus bandwidth by group size on a full mesh, GB/s (calibration) */
  meshBusGBps?: { members: number; busGBps: number }[];
}

export function fabricParams(d: Device, cal: FamilyCalibration, devicesPerNode?: number): FabricParams {
  const kind = d.scaleUp.kind;
  let domain = d.scaleUp.domainSize;
  // A scenario may build smaller nodes than the reference system; a supernode keeps its domain.
  if (devicesPerNode !== undefined && kind !== "supernode") domain = Math.min(domain, devicesPerNode);
  const upGBps = d.scaleUp.bandwidthGBps?.value ?? 32;
  return {
    kind,
    domainSize: Math.max(1, domain),
    upGBps,
    perPeerGBps: d.scaleUp.perPeerGBps?.value ?? upGBps,
    nicGbps: d.scaleOut.gbpsPerDevice?.value ?? 100,
    upEfficiency: cal.scaleUp,
    outEfficiency: cal.scaleOut,
    latencySeconds: cal.latencySeconds,
    ...(kind === "full-mesh" && cal.scaleUpMeasured ? { meshBusGBps: cal.scaleUpMeasured } : {}),
  };
}

/** A group of `n` members whose consecutive members are `stride` ranks apart. */
export function group(f: FabricParams, n: number, stride: number): Group {
  const intra = stride >= f.domainSize ? 1 : Math.max(1, Math.min(n, Math.floor(f.domainSize / stride)));
  const inter = Math.ceil(n / intra);
  const peer = f.perPeerGBps * 1e9 * f.upEfficiency;
  let up = f.upGBps * 1e9 * f.upEfficiency;
  // Full mesh: a member reaches its peers over one link each, so a small group cannot use
  // the device's whole scale-up bandwidth (HCCS: 7 links of ~28 GB/s on a 910B); where the
  // family has measured bus bandwidths by group size, those are what a collective achieves.
  if (f.kind === "full-mesh") {
    up =
      f.meshBusGBps && intra > 1
        ? meshBus(f.meshBusGBps, intra) * 1e9
        : Math.min(up, Math.max(1, intra - 1) * peer);
  }
  return {
    n,
    intra,
    inter,
    kind: f.kind,
    upBytesPerSecond: up,
    peerBytesPerSecond: f.kind === "full-mesh" ? peer : up,
    outBytesPerSecond: (f.nicGbps * 1e9 * f.outEfficiency) / 8,
    latencySeconds: f.latencySeconds,
  };
}

/** Measured bus bandwidth at `n` members: linear between the measured sizes, flat beyond them. */
export function meshBus(points: { members: number; busGBps: number }[], n: number): number {
  const ps = [...points].sort((a, b) => a.members - b.members);
  if (n <= ps[0].members) return ps[0].busGBps;
  for (let i = 1; i < ps.length; i++) {
    if (n <= ps[i].members) {
      const a = ps[i - 1];
      const b = ps[i];
      return a.busGBps + ((b.busGBps - a.busGBps) * (n - a.members)) / (b.members - a.members);
    }
  }
  return ps[ps.length - 1].busGBps;
}
