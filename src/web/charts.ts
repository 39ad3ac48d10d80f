// Chart specs for the web page (Observable Plot). Data in, an SVG or figure element out; the
// numbers are the engine's, only placed on axes here. Every chart is drawn at the width it is
// shown at (never scaled down, so its text stays 12 px on a phone), in the page's font stack.
import * as Plot from "@observablehq/plot";
import { formatNumber, type Part } from "../report/format.ts";
import { FONT_STACK, vendorColour, vendorKey } from "../report/palette.ts";
import { timelineLegend } from "../report/timeline-style.ts";
import type { Timeline, TimelineSegment } from "../train/timeline.ts";

/** the width a chart is drawn at when its holder has none yet */
export const DEFAULT_WIDTH = 720;
const STYLE = { fontSize: "12px", fontFamily: FONT_STACK, overflow: "visible" };

export function stackedBarChart(
  parts: Part[],
  o: { unit: string; limit?: { value: number; label: string }; width?: number },
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
    width: o.width ?? DEFAULT_WIDTH,
    style: STYLE,
    height: 100,
    marginTop: 30,
    x: { label: o.unit, grid: true },
    color: { legend: true, domain: parts.map((p) => p.label) },
    marks,
  });
}

/** Lanes shown by name on the axis: all of them, or every k-th when there are too many to read. */
function laneTicks(lanes: string[]): string[] {
  if (lanes.length <= 20) return lanes;
  const every = Math.ceil(lanes.length / 16);
  return lanes.filter((_, i) => i % every === 0 || i === lanes.length - 1);
}

/** One training step on the engine's timeline: a row per pipeline rank and one for the terms
 * after the pipeline; a rule at the step time the metrics give, where the last segment ends. */
export function timelineChart(t: Timeline, o: { stepSeconds: number; width?: number }): Element {
  const width = o.width ?? DEFAULT_WIDTH;
  const segs = t.segments.filter((s) => s.kind !== "idle");
  const legend = timelineLegend(segs);
  const styleOf = new Map(legend.map((l) => [l.key, l]));
  const keyOf = (s: TimelineSegment) => (s.kind === "after" ? (s.term ?? s.label) : s.kind);
  const rowH = Math.max(8, Math.min(22, Math.floor(440 / t.lanes.length)));
  const narrow = width < 560;
  return Plot.plot({
    width,
    height: 60 + rowH * t.lanes.length,
    marginLeft: narrow ? 78 : 130,
    marginRight: 16,
    marginTop: 24,
    style: STYLE,
    x: { label: "time in the step (s)", grid: true, domain: [0, Math.max(t.endSeconds, o.stepSeconds)] },
    y: { label: null, domain: t.lanes, ticks: laneTicks(t.lanes) },
    color: {
      legend: true,
      domain: legend.map((l) => l.label),
      range: legend.map((l) => l.colour),
    },
    marks: [
      Plot.barX(segs, {
        x1: "startSeconds",
        x2: (s: TimelineSegment) => s.startSeconds + s.seconds,
        y: (s: TimelineSegment) => t.lanes[s.lane],
        fill: (s: TimelineSegment) => styleOf.get(keyOf(s))?.label ?? s.label,
        inset: 0.3,
        title: (s: TimelineSegment) =>
          `${t.lanes[s.lane]}: ${s.label}, ${formatNumber(s.seconds)} s from ${formatNumber(s.startSeconds)} s`,
      }),
      Plot.ruleX([o.stepSeconds], {
        stroke: "black",
        strokeWidth: 1.5,
        strokeDasharray: "4 2",
        className: "step-end",
      }),
      Plot.text([o.stepSeconds], {
        x: (d: number) => d,
        text: (d: number) => `step ${formatNumber(d)} s`,
        frameAnchor: "top",
        textAnchor: "end",
        dy: -14,
      }),
    ],
  });
}

export interface BandPoint {
  x: number;
  value: number;
  low: number;
  high: number;
}

/** A prediction with its interval as a band around the line (the interval's ends, not a spread). */
export function bandChart(
  points: BandPoint[],
  o: { xLabel: string; yLabel: string; width?: number },
): Element {
  return Plot.plot({
    width: o.width ?? DEFAULT_WIDTH,
    height: 260,
    style: STYLE,
    grid: true,
    x: { label: o.xLabel },
    y: { label: o.yLabel, zero: true },
    marks: [
      Plot.areaY(points, { x: "x", y1: "low", y2: "high", fill: "#4e79a7", fillOpacity: 0.2 }),
      Plot.line(points, { x: "x", y: "value", stroke: "#4e79a7", marker: "circle" }),
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

/** One bar per device, whiskers where the catalog's figures are ranges; one colour per vendor. */
export function compareChart(rows: CompareDatum[], label: string, width = DEFAULT_WIDTH): Element {
  const ranged = rows.filter((d) => d.low !== undefined && d.high !== undefined);
  const vendors = [...new Set(rows.map((d) => vendorKey(d.vendor)))];
  const narrow = width < 560;
  return Plot.plot({
    width,
    style: STYLE,
    height: 60 + 28 * rows.length,
    marginLeft: narrow ? 118 : 150,
    marginRight: 60,
    x: { label, grid: true },
    y: { label: null, domain: [...rows].sort((a, b) => b.value - a.value).map((d) => d.name) },
    color: { legend: true, domain: vendors, range: vendors.map(vendorColour) },
    marks: [
      Plot.barX(rows, {
        y: "name",
        x: "value",
        fill: (d: CompareDatum) => vendorKey(d.vendor),
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

export function histogramChart(
  bins: HistogramDatum[],
  deadline?: number | null,
  width = DEFAULT_WIDTH,
): Element {
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
    width,
    style: STYLE,
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
  o: { xLabel: string; yLabel: string; slo?: number | null; width?: number },
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
    width: o.width ?? DEFAULT_WIDTH,
    style: STYLE,
    height: 300,
    grid: true,
    x: { label: o.xLabel },
    y: { label: o.yLabel },
    marks,
  });
}
