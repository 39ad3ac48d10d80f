// A device's figures at the ends of their ranges. Catalog figures keep low/high where sources
// disagree or a chip is rumored (src/hardware/figure.ts); a prediction on such a device is an
// interval, not a point (DESIGN.md, modelling principles). The pessimistic device takes every
// performance figure (peaks, memory capacity and bandwidth, links) at its low end and power and
// money (price, node overhead, PUE, electricity: src/economics/pricing-bound.ts) at their high
// end; the optimistic device the reverse.
import { allInHourlyUSD } from "../economics/job-cost.ts";
import { pricingAt, pricingIsRange } from "../economics/pricing-bound.ts";
import type { Device, Figure } from "../hardware/device.ts";
import { isRange } from "../hardware/figure.ts";

export type Side = "pessimistic" | "optimistic";

const at = (f: Figure | null | undefined, end: "low" | "high"): Figure | null | undefined =>
  f ? { ...f, value: (end === "low" ? f.low : f.high) ?? f.value } : f;

export function deviceBound(d: Device, side: Side): Device {
  const perf = side === "pessimistic" ? "low" : "high";
  const spend = side === "pessimistic" ? "high" : "low";
  const peakTflops = Object.fromEntries(
    Object.entries(d.peakTflops).map(([k, f]) => [k, at(f, perf)]),
  ) as Device["peakTflops"];
  const bounded: Device = {
    ...d,
    peakTflops,
    memory: {
      ...d.memory,
      capacityGB: at(d.memory.capacityGB, perf) ?? null,
      bandwidthTBps: at(d.memory.bandwidthTBps, perf) ?? null,
    },
    scaleUp: {
      ...d.scaleUp,
      bandwidthGBps: at(d.scaleUp.bandwidthGBps, perf) ?? null,
      perPeerGBps: at(d.scaleUp.perPeerGBps, perf),
    },
    scaleOut: { ...d.scaleOut, gbpsPerDevice: at(d.scaleOut.gbpsPerDevice, perf) ?? null },
  };
  const tdpWatts = at(d.tdpWatts, spend) ?? null;
  if (!isRange(d.tdpWatts) && !pricingIsRange(d.pricing)) return { ...bounded, tdpWatts };
  const pricing = pricingAt(d.pricing, spend);
  const allIn = allInHourlyUSD(pricing, tdpWatts?.value);
  return {
    ...bounded,
    tdpWatts,
    pricing,
    pricePerDeviceHourUSD:
      allIn && d.pricePerDeviceHourUSD
        ? { ...d.pricePerDeviceHourUSD, value: allIn.value }
        : d.pricePerDeviceHourUSD,
  };
}

/** The figures planning reads that are ranges, by name (peaks only for the dtypes given). */
export function rangedFigures(d: Device, dtypes: string[] = Object.keys(d.peakTflops)): string[] {
  const out: string[] = [];
  for (const t of dtypes)
    if (isRange(d.peakTflops[t as keyof Device["peakTflops"]])) out.push(`peakTflops.${t}`);
  if (isRange(d.memory.capacityGB)) out.push("memory.capacityGB");
  if (isRange(d.memory.bandwidthTBps)) out.push("memory.bandwidthTBps");
  if (isRange(d.scaleUp.bandwidthGBps)) out.push("scaleUp.bandwidthGBps");
  if (isRange(d.scaleUp.perPeerGBps)) out.push("scaleUp.perPeerGBps");
  if (isRange(d.scaleOut.gbpsPerDevice)) out.push("scaleOut.gbpsPerDevice");
  if (isRange(d.tdpWatts)) out.push("tdpWatts");
  if (pricingIsRange(d.pricing)) out.push("price");
  return out;
}
