// Chart specs for the web page (Observable Plot). Data in, an SVG or figure element out; the
// numbers are the engine's, only placed on axes here.
import * as Plot from "@observablehq/plot";
import { formatNumber, type Part } from "../report/format.ts";

const WIDTH = 720;

export function stackedBarChart(
  parts: Part[],
  o: { unit: string; limit?: { value: number; label: string } },
): Element {
  const marks: Plot.Markish[] = [
    Plot.barX(parts, {
      x: "value",
      fill: "label",
      title: (d: Part) => `${d.label}: ${formatNumber(d.value)} ${o.unit}`,
      order: null,
    }),
    Plot.ruleX([0]),
  ];
  if (o.limit) {
    marks.push(Plot.ruleX([o.limit.value], { stroke: "black", strokeWidth: 2, strokeDasharray: "4 2" }));
    marks.push(Plot.text([o.limit], { x: "value", text: "label", dy: -28, textAnchor: "end" }));
  }
  return Plot.plot({
    width: WIDTH,
    height: 100,
    marginTop: 30,
    x: { label: o.unit, grid: true },
    color: { legend: true, domain: parts.map((p) => p.label) },
    marks,
  });
}

export interface GanttEvent {
  name: string;
  cat?: string;
  tid: number;
  ts: number;
  dur: number;
}

/** One step's pipeline schedule: stage rows, forward/backward boxes, time in ms. */
export function ganttChart(events: GanttEvent[]): Element {
  const stages = new Set(events.map((e) => e.tid)).size;
  return Plot.plot({
    width: WIDTH,
    height: 50 + 22 * stages,
    marginLeft: 60,
    x: { label: "time in one step (ms)", grid: true },
    y: {
      label: null,
      domain: [...new Set(events.map((e) => e.tid))].sort((a, b) => a - b).map((t) => `stage ${t}`),
    },
    color: { legend: true, domain: ["forward", "backward"] },
    marks: [
      Plot.barX(events, {
        x1: (e: GanttEvent) => e.ts / 1e3,
        x2: (e: GanttEvent) => (e.ts + e.dur) / 1e3,
        y: (e: GanttEvent) => `stage ${e.tid}`,
        fill: (e: GanttEvent) => e.cat ?? "forward",
        inset: 0.5,
        title: (e: GanttEvent) => `${e.name} on stage ${e.tid}: ${formatNumber(e.dur / 1e3)} ms`,
      }),
    ],
  });
}

export interface CompareDatum {
  name: string;
  vendor: string;
  value: number;
  /** the same plan at the ends of the device's ranged (rumored, estimated) figures */
  low?: number;
  high?: number;
}

/** One bar per device, whiskers where the catalog's figures are ranges. */
export function compareChart(rows: CompareDatum[], label: string): Element {
  const ranged = rows.filter((d) => d.low !== undefined && d.high !== undefined);
  return Plot.plot({
    width: WIDTH,
    height: 50 + 28 * rows.length,
    marginLeft: 150,
    marginRight: 60,
    x: { label, grid: true },
    y: { label: null, domain: [...rows].sort((a, b) => b.value - a.value).map((d) => d.name) },
    color: { legend: true },
    marks: [
      Plot.barX(rows, {
        y: "name",
        x: "value",
        fill: "vendor",
        title: (d: CompareDatum) => `${d.name}: ${formatNumber(d.value)}`,
      }),
      Plot.ruleY(ranged, { y: "name", x1: "low", x2: "high", stroke: "black", strokeWidth: 1.5 }),
      Plot.tickX(ranged, { y: "name", x: "low", stroke: "black" }),
      Plot.tickX(ranged, { y: "name", x: "high", stroke: "black" }),
      Plot.text(rows, {
        y: "name",
        x: (d: CompareDatum) => Math.max(d.value, d.high ?? d.value),
        text: (d: CompareDatum) => formatNumber(d.value),
        dx: 4,
        textAnchor: "start",
      }),
      Plot.ruleX([0]),
    ],
  });
}

export interface HistogramDatum {
  lowDays: number;
  highDays: number;
  count: number;
}

export function histogramChart(bins: HistogramDatum[], deadline?: number | null): Element {
  const marks: Plot.Markish[] = [
    Plot.rectY(bins, { x1: "lowDays", x2: "highDays", y: "count", inset: 0.5 }),
    Plot.ruleY([0]),
  ];
  if (deadline) {
    marks.push(Plot.ruleX([deadline], { stroke: "#e15759", strokeWidth: 2, strokeDasharray: "4 2" }));
    marks.push(
      Plot.text([deadline], {
        x: (d: number) => d,
        text: () => "deadline",
        frameAnchor: "top",
        dy: -4,
        fill: "#e15759",
      }),
    );
  }
  return Plot.plot({
    width: WIDTH,
    height: 260,
    x: { label: "completion time (days)" },
    y: { label: "trials", grid: true },
    marks,
  });
}

export interface CurvePoint {
  /** x: throughput, y: latency, label: batch or concurrency */
  x: number;
  y: number;
  label?: string;
}

/** Latency against throughput, with the SLO as a horizontal line. */
export function curveChart(
  points: CurvePoint[],
  o: { xLabel: string; yLabel: string; slo?: number | null },
): Element {
  const marks: Plot.Markish[] = [Plot.line(points, { x: "x", y: "y", marker: "circle" })];
  if (o.slo) {
    marks.push(Plot.ruleY([o.slo], { stroke: "#e15759", strokeWidth: 2, strokeDasharray: "4 2" }));
    marks.push(
      Plot.text([o.slo], {
        y: (d: number) => d,
        text: () => "SLO",
        frameAnchor: "right",
        dy: -6,
        fill: "#e15759",
      }),
    );
  }
  return Plot.plot({
    width: WIDTH,
    height: 300,
    grid: true,
    x: { label: o.xLabel },
    y: { label: o.yLabel },
    marks,
  });
}
