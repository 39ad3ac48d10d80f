// `xpuplan port`: a move of the scenario from its device to another, evaluated in full — training
// (./port-train.ts) or serving (./port-serve.ts).
import type { Device } from "../hardware/device.ts";
import type { Arch } from "../model/arch.ts";
import type { ReliabilityCatalog } from "../reliability/catalog-schema.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { Objective } from "../search/objective.ts";
import { portServing } from "./port-serve.ts";
import { portTraining } from "./port-train.ts";
import type { PortResult } from "./port-types.ts";

export function portScenario(inp: {
  scenario: Scenario;
  catalogs: Catalogs;
  arch: Arch;
  from: Device;
  to: Device;
  objective?: Objective;
  reliability?: { catalog: ReliabilityCatalog };
}): PortResult {
  if (inp.scenario.train) return portTraining(inp);
  if (inp.scenario.infer) return portServing(inp);
  throw new Error("port: the scenario needs a train: or infer: block");
}
