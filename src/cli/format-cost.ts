// Text for money: a job's cost with its basis, its parts and its range, in US dollars (and in the
// scenario's own currency when its costs: block is in yuan). Pure: the engine computed it all.
import type { JobCost, Span } from "../economics/index.ts";

/** $1.23M, $45.6k, $789 */
export function usd(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `$${(x / 1e9).toPrecision(3)}B`;
  if (a >= 1e6) return `$${(x / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `$${(x / 1e3).toPrecision(3)}k`;
  return `$${Number(x.toPrecision(3))}`;
}

/** "$1.23M ($1.02M-1.48M)", or the point when it is one. */
export function usdSpan(s: Span): string {
  return s.low === s.high ? usd(s.value) : `${usd(s.value)} (${usd(s.low)}-${usd(s.high).slice(1)})`;
}

function local(c: JobCost, x: number): string {
  if (c.display.currency === "USD") return "";
  const v = x * c.display.perUSD;
  return ` = ¥${(v / 1e6).toPrecision(3)}M at ${c.display.perUSD} CNY/USD`;
}

export function formatJobCost(c: JobCost): string[] {
  const parts = [`capital or rent ${usdSpan(c.capitalUSD)}`];
  if (c.energyUSD.value > 0) {
    const mwh = c.facilityEnergyMWh
      ? ` for ${Math.round(c.facilityEnergyMWh.value).toLocaleString("en-US")} MWh at the meter`
      : "";
    parts.push(`energy ${usdSpan(c.energyUSD)}${mwh}`);
  }
  if (c.interruptionUSD && c.lostDeviceHours)
    parts.push(
      `interruptions ${usdSpan(c.interruptionUSD)} (${Math.round(c.lostDeviceHours.value).toLocaleString("en-US")} device-hours of lost work)`,
    );
  return [
    `cost ${usdSpan(c.totalUSD)}${local(c, c.totalUSD.value)}`,
    `  basis: ${c.label}`,
    `  ${parts.join("; ")}`,
    ...c.notes.map((n) => `  note: ${n}`),
  ];
}
