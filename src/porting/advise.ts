// The porting advisor: what changes when a model's setup moves to another device kind. Pure:
// each check reads the architecture, the device record and the setup, and returns findings
// (errors first) with a number and a suggestion.
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
