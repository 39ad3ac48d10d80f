// The porting advisor: FP8, fabric, matrix-unit and expert findings for a model on a target
// device. Re-exports only.
export { portingAdvice } from "./advise.ts";
export { expertFindings } from "./experts.ts";
export { fabricFindings } from "./fabric.ts";
export type { Finding, PortingInput } from "./finding.ts";
export { fp8Findings } from "./fp8.ts";
export { HARD_ALIGN, TILE, tileFindings, WASTE_THRESHOLD } from "./tiles.ts";
