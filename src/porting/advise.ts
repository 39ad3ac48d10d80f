// The porting advisor: what changes when a model's setup moves to another device kind. Pure:
// each check reads the architecture, the device record and the setup, and returns findings
// (errors first) with a number and a suggestion.

import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { Resolved } from "../scenario/resolve.ts";
import { expertFindings } from "./experts.ts";
import { fabricFindings } from "./fabric.ts";
import type { Finding, PortingInput } from "./finding.ts";
import { fp8Findings } from "./fp8.ts";
import { tileFindings } from "./tiles.ts";

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function portingAdvice(inp: PortingInput): Finding[] {
  const all = [...fp8Findings(inp), ...fabricFindings(inp), ...tileFindings(inp), ...expertFindings(inp)];
  return all
    .map((f, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** The advisor on a resolved scenario moved to `device` (what `port` prints without `--to`, and
 * the API's advice): the scenario's own layout and serving setup, read as the advisor takes them. */
export function scenarioAdvice(r: Resolved, device: Device, calibration: Calibration): Finding[] {
  const s = r.scenario;
  return portingAdvice({
    arch: r.arch,
    device,
    calibration,
    devices: s.devices,
    devicesPerNode: s.devicesPerNode,
    train: s.train,
    parallel: s.parallel,
    infer: s.infer,
  } as PortingInput);
}
