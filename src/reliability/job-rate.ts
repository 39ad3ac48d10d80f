// A job's interruption rate from what it holds: accelerators (and their HBM and software stack)
// per device, host and storage faults per node, NIC and switch/cable faults per scale-out link. The catalog's
// rates were measured on fleets of `referenceDevicesPerNode` devices per node with one NIC port
// per device (Grand Teton, DGX, Atlas 800T: 8 and 8), so a plan with other node sizes or link
// counts scales those components, not the total. Failures in series: the job stops when any part
// does (Kokolis et al. 2025 fit job MTTF as inverse in the nodes held; Schroeder and Gibson 2006
// find failure rates growing with system size).
import { COMPONENTS, type Component } from "./catalog-schema.ts";

export interface JobRateInput {
  /** unexpected interruptions per device-hour, all components, at the reference node size */
  perDeviceHour: number;
  componentShares: Record<Component, number>;
  referenceDevicesPerNode: number;
  devices: number;
  devicesPerNode: number;
  /** scale-out links per device of this plan, relative to the reference fleets' one */
  linksPerDevice?: number;
  failureRateMultiplier?: number;
}

export interface JobRate {
  /** interruptions per hour of the whole job */
  perHour: number;
  byUnit: { devices: number; nodes: number; links: number };
  byComponent: Record<Component, number>;
}

const UNIT: Record<Component, "devices" | "nodes" | "links"> = {
  accelerator: "devices",
  hbm: "devices",
  software: "devices",
  host: "nodes",
  // local SSDs and the node's mounts of shared storage
  storage: "nodes",
  nic: "links",
  switchCable: "links",
};

export function jobRate(j: JobRateInput): JobRate {
  const mult = j.failureRateMultiplier ?? 1;
  const nodes = Math.ceil(j.devices / j.devicesPerNode);
  const units = {
    devices: j.devices,
    // host faults per node-hour at the reference size, times the plan's nodes
    nodes: nodes * j.referenceDevicesPerNode,
    links: j.devices * (j.linksPerDevice ?? 1),
  };
  const byComponent = Object.fromEntries(
    COMPONENTS.map((c) => [c, j.perDeviceHour * mult * j.componentShares[c] * units[UNIT[c]]]),
  ) as Record<Component, number>;
  const byUnit = { devices: 0, nodes: 0, links: 0 };
  for (const c of COMPONENTS) byUnit[UNIT[c]] += byComponent[c];
  return { perHour: byUnit.devices + byUnit.nodes + byUnit.links, byUnit, byComponent };
}
