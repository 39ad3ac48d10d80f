// Every figure of a device as rows (group, name, figure, unit), in the order `xpuplan devices ID`
// prints them, for tables in the web page and reports. A missing figure keeps its reason.
import { type Device, DTYPES, type Figure } from "../hardware/device.ts";

export interface FigureRow {
  group: string;
  label: string;
  figure: Figure | null;
  unit: string;
  /** why the figure is absent (unsupported / unknown), when it is */
  missing?: string;
}

export function deviceFigures(d: Device): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const dtype of DTYPES) {
    const why = d.dtypeNotes?.[dtype];
    const missing = why?.startsWith("unsupported")
      ? `not supported${why.replace(/^unsupported:?/, "") ? ` (${why.replace(/^unsupported:\s*/, "")})` : ""}`
      : `unknown${why ? ` (${why.replace(/^unknown:\s*/, "")})` : ""}`;
    rows.push({
      group: "dense peak",
      label: dtype,
      figure: d.peakTflops[dtype] ?? null,
      unit: dtype.startsWith("int") ? "TOPS" : "TFLOP/s",
      missing,
    });
  }
  rows.push({
    group: "memory",
    label: "capacity",
    figure: d.memory.capacityGB,
    unit: "GB",
    missing: "unknown",
  });
  rows.push({
    group: "memory",
    label: "bandwidth",
    figure: d.memory.bandwidthTBps,
    unit: "TB/s",
    missing: "unknown",
  });
  if (d.l2MB !== undefined)
    rows.push({ group: "memory", label: "L2", figure: d.l2MB, unit: "MB", missing: "unknown" });
  rows.push({
    group: `scale-up (${d.scaleUp.kind}, domain ${d.scaleUp.domainSize})`,
    label: "per device",
    figure: d.scaleUp.bandwidthGBps,
    unit: "GB/s one direction",
    missing: "unknown",
  });
  if (d.scaleUp.perPeerGBps !== undefined) {
    rows.push({
      group: `scale-up (${d.scaleUp.kind}, domain ${d.scaleUp.domainSize})`,
      label: "per peer",
      figure: d.scaleUp.perPeerGBps,
      unit: "GB/s one direction",
      missing: "unknown",
    });
  }
  rows.push({
    group: "scale-out",
    label: "per device",
    figure: d.scaleOut.gbpsPerDevice,
    unit: "Gb/s",
    missing: "unknown",
  });
  rows.push({ group: "operation", label: "TDP", figure: d.tdpWatts, unit: "W", missing: "unknown" });
  rows.push({
    group: "operation",
    label: "price",
    figure: d.pricePerDeviceHourUSD ?? null,
    unit: "USD per device-hour",
    missing: "unknown",
  });
  const p = d.pricing;
  if (p && p.basis !== "unknown" && p.purchaseUSD)
    rows.push({
      group: "operation",
      label: "purchase",
      figure: {
        value: p.purchaseUSD.value,
        low: p.purchaseUSD.low,
        high: p.purchaseUSD.high,
        sources: p.sources,
        confidence: p.confidence === "user" ? "derived" : p.confidence,
      },
      unit: "USD per device",
      missing: "unknown",
    });
  if (d.failuresPerDeviceHour !== undefined) {
    rows.push({
      group: "operation",
      label: "failures",
      figure: d.failuresPerDeviceHour,
      unit: "per device-hour",
      missing: "unknown",
    });
  }
  return rows;
}
