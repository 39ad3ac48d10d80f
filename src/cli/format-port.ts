// Text for `xpuplan port`: the source, the same setup on the target, the target's own plan, what
// the move costs, and the findings with their numbers. Pure: the engine computed it all.
import type { PortResult, PortSide } from "../porting/port-types.ts";
import { usd } from "./format-cost.ts";
import { formatNumber } from "./format-devices.ts";
import { formatFindings, table } from "./format-plan.ts";

const opt = (x: number | undefined, f: (n: number) => string = formatNumber) =>
  x === undefined ? "-" : f(x);
const pct = (x: number | undefined) => (x === undefined ? "-" : `${(x * 100).toFixed(1)}%`);
const signed = (x: number | undefined, f: (n: number) => string = formatNumber) =>
  x === undefined ? "-" : x >= 0 ? `+${f(x)}` : `-${f(-x)}`;

function row(s: PortSide, train: boolean): string[] {
  const mem = `${formatNumber(s.memoryGiB)}${s.capacityGiB ? ` / ${formatNumber(s.capacityGiB)}` : ""}${s.fits ? "" : " (over)"}`;
  return train
    ? [
        s.label,
        s.deviceId,
        String(s.devices),
        opt(s.days),
        opt(s.deviceHours, (n) => Math.round(n).toLocaleString("en-US")),
        opt(s.costUSD, usd),
        pct(s.mfu),
        mem,
      ]
    : [
        s.label,
        s.deviceId,
        String(s.devices),
        opt(s.outputTokensPerSecond),
        opt(s.tpotMs),
        opt(s.costPerMillionTokensUSD, usd),
        mem,
      ];
}

export function formatPort(r: PortResult): string {
  const train = r.kind === "train";
  const head = train
    ? ["", "device", "devices", "days", "device-h", "cost", "MFU", "GiB/dev"]
    : ["", "device", "devices", "tok/s", "TPOT ms", "$/M tok", "GiB/dev"];
  const sides = [r.source, r.sameOnTarget, r.bestOnTarget].filter((s): s is PortSide => s !== undefined);
  const out = [
    `Porting from ${r.from} to ${r.to}`,
    "",
    table(
      head,
      sides.map((s) => row(s, train)),
      2,
    ),
  ];
  for (const s of sides) out.push(`  ${s.label}: ${s.layout}`);
  const bases = [...new Set(sides.flatMap((s) => (s.cost ? [`${s.deviceId}: ${s.cost.label}`] : [])))];
  if (bases.length > 0) out.push(`  cost basis: ${bases.join("; ")}`);
  if (r.move) {
    out.push(
      "",
      train
        ? `the move: ${signed(r.move.days)} days, ${signed(r.move.deviceHours, (n) => Math.round(n).toLocaleString("en-US"))} device-hours, ${signed(r.move.costUSD, usd)}, ${signed(r.move.devices)} devices (the target's best plan against the source)`
        : `the move: ${signed(r.move.devices)} devices, ${signed(r.move.costPerMillionTokensUSD, usd)} per million tokens`,
    );
  }
  out.push("", formatFindings(r.findings, "Why"));
  if (r.notes.length > 0) out.push("", ...r.notes.map((n) => `note: ${n}`));
  return out.join("\n");
}
