// What a port reports: the source setup on its own device, the same setup on the target, the
// target's own best plan, what the move costs (days, device-hours, money) and why, each finding
// with its number.
import type { JobCost } from "../economics/types.ts";
import type { Issue } from "../issues.ts";
import type { Finding } from "./finding.ts";

export interface PortSide {
  deviceId: string;
  devices: number;
  /** how this side was set: the scenario's own settings, or a search's best */
  label: string;
  precision: string;
  /** "tp 1 pp 16 dp 128 cp 1 ep 64, dualpipe, mb 1, recompute selective, ZeRO 1" */
  layout: string;
  fits: boolean;
  memoryGiB: number;
  capacityGiB?: number;
  // training
  stepSeconds?: number;
  days?: number;
  deviceHours?: number;
  mfu?: number;
  // serving
  outputTokensPerSecond?: number;
  tpotMs?: number;
  ttftMs?: number;
  costPerMillionTokensUSD?: number;
  costUSD?: number;
  cost?: JobCost;
  issues: Issue[];
}

export interface PortMove {
  /** target's best minus the source: positive costs more */
  days?: number;
  deviceHours?: number;
  costUSD?: number;
  devices: number;
  costPerMillionTokensUSD?: number;
}

export interface PortResult {
  kind: "train" | "infer";
  from: string;
  to: string;
  source: PortSide;
  sameOnTarget?: PortSide;
  bestOnTarget?: PortSide;
  move?: PortMove;
  findings: Finding[];
  notes: string[];
}
