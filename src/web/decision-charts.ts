// Chart specs for the decision pages (Observable Plot): prediction intervals as bands, the
// time-versus-cost front, and ranges as whiskers. The numbers are the engine's; here they are only
// placed on labelled axes with units, drawn at the width they are shown at.
import * as Plot from "@observablehq/plot";
import { formatNumber } from "../report/format.ts";
import { FONT_STACK } from "../report/palette.ts";
import { DEFAULT_WIDTH } from "./charts.ts";

const STYLE = { fontSize: "12px", fontFamily: FONT_STACK, overflow: "visible" };
const BLUE = "#4e79a7";
const GREY = "#9c9c9c";

export interface IntervalRow {
  label: string;
  /** the interval's ends as a share of the prediction, in percent (the prediction is 100) */
  lowPercent: number;
  highPercent: number;
  fitted: boolean;
}

/** Each headline prediction's 90% interval as a band around 100 % of the predicted value, so
 * metrics in different units share one axis; a family never measured is drawn grey. */
export function intervalChart(rows: IntervalRow[], width = DEFAULT_WIDTH): Element {
  const narrow = width < 560;
  return Plot.plot({
    width,
    style: STYLE,
    height: 50 + 30 * rows.length,
    marginLeft: narrow ? 130 : 210,
    marginRight: 30,
    x: { label: "share of the predicted value (%)", grid: true },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(rows, {
        y: "label",
        x1: "lowPercent",
        x2: "highPercent",
        fill: (r: IntervalRow) => (r.fitted ? BLUE : GREY),
        fillOpacity: 0.35,
        inset: 4,
        title: (r: IntervalRow) =>
          `${r.label}: ${formatNumber(r.lowPercent)}–${formatNumber(r.highPercent)} % of the prediction${r.fitted ? "" : " (never measured on this family)"}`,
      }),
      Plot.tickX(rows, { y: "label", x: 100, stroke: "black", strokeWidth: 2 }),
      Plot.ruleX([100], { stroke: "#555", strokeDasharray: "3 3" }),
    ],
  });
}

export interface FrontPoint {
  days: number;
  cost: number;
  label: string;
  /** on the time-versus-cost front (no other plan is both faster and cheaper) */
  front: boolean;
}

/** Plans as points of days against cost; the front joined by a line. */
export function paretoChart(points: FrontPoint[], o: { costLabel: string; width?: number }): Element {
  const front = points.filter((p) => p.front).sort((a, b) => a.days - b.days);
  return Plot.plot({
    width: o.width ?? DEFAULT_WIDTH,
    style: STYLE,
    height: 280,
    grid: true,
    x: { label: "wall-clock days" },
    y: { label: o.costLabel },
    marks: [
      Plot.line(front, { x: "days", y: "cost", stroke: BLUE, curve: "step-after" }),
      Plot.dot(points, {
        x: "days",
        y: "cost",
        fill: (p: FrontPoint) => (p.front ? BLUE : GREY),
        r: 4,
        title: (p: FrontPoint) =>
          `${p.label}: ${formatNumber(p.days)} days, ${formatNumber(p.cost)} ${o.costLabel}`,
      }),
    ],
  });
}

export interface RangeBar {
  name: string;
  value: number;
  low?: number;
  high?: number;
}

/** One bar per row, whiskers over its range: money by part, wall-clock days across failure rates. */
export function rangeBarChart(rows: RangeBar[], o: { xLabel: string; width?: number }): Element {
  const width = o.width ?? DEFAULT_WIDTH;
  const ranged = rows.filter((d) => d.low !== undefined && d.high !== undefined);
  return Plot.plot({
    width,
    style: STYLE,
    height: 60 + 28 * rows.length,
    marginLeft: width < 560 ? 118 : 190,
    marginRight: 60,
    x: { label: o.xLabel, grid: true },
    y: { label: null, domain: rows.map((d) => d.name) },
    marks: [
      Plot.barX(rows, {
        y: "name",
        x: "value",
        fill: BLUE,
        title: (d: RangeBar) => `${d.name}: ${formatNumber(d.value)}`,
      }),
      Plot.ruleY(ranged, { y: "name", x1: "low", x2: "high", stroke: "black", strokeWidth: 1.5 }),
      Plot.tickX(ranged, { y: "name", x: "low", stroke: "black" }),
      Plot.tickX(ranged, { y: "name", x: "high", stroke: "black" }),
      Plot.text(rows, {
        y: "name",
        x: (d: RangeBar) => Math.max(d.value, d.high ?? d.value),
        text: (d: RangeBar) => formatNumber(d.value),
        dx: 4,
        textAnchor: "start",
      }),
      Plot.ruleX([0]),
    ],
  });
}
