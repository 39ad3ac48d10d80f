// Porting: a move of a scenario to another device evaluated in full (same setup there, the
// target's best plan, the move's cost and why), and the advisor's FP8, fabric, matrix-unit and
// expert findings. Re-exports only.
export { portingAdvice, scenarioAdvice } from "./advise.ts";
export { expertFindings } from "./experts.ts";
export { fabricFindings } from "./fabric.ts";
export type { Finding, PortingInput } from "./finding.ts";
export { fp8Findings } from "./fp8.ts";
export { portScenario } from "./port.ts";
export { portServing } from "./port-serve.ts";
export { portTraining } from "./port-train.ts";
export type { PortMove, PortResult, PortSide } from "./port-types.ts";
export { HARD_ALIGN, TILE, tileFindings, WASTE_THRESHOLD } from "./tiles.ts";
