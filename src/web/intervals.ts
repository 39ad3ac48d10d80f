// The engine's 90% prediction intervals of a result's headline numbers, as bands on one axis
// (each as a share of its prediction), with what they rest on; a family never measured says so.
import { type ComponentChild, h } from "preact";
import type { PredictionInterval } from "../calibrate/prediction-intervals.ts";
import { metricInfo } from "../report/format.ts";
import { type IntervalRow, intervalChart } from "./decision-charts.ts";
import { Chart } from "./ui.ts";

export function IntervalBands(props: {
  metrics: Record<string, number | undefined>;
  intervals: Record<string, PredictionInterval>;
  testid?: string;
}): ComponentChild {
  const rows: IntervalRow[] = Object.entries(props.intervals).flatMap(([name, iv]) => {
    const v = props.metrics[name];
    if (v === undefined || !(v !== 0)) return [];
    return [
      {
        label: metricInfo(name).label,
        lowPercent: (100 * iv.low) / v,
        highPercent: (100 * iv.high) / v,
        fitted: iv.fitted,
      },
    ];
  });
  if (rows.length === 0) return null;
  const first = Object.values(props.intervals)[0];
  const notes = [
    first.fitted
      ? `From the leave-one-source-out residuals of ${first.regime} (${first.n} cases): 90% of such predictions fell within the band.`
      : `This device family was never measured on such runs: the band is the widest of its kind (${first.n} cases), not a fitted one.`,
  ];
  return h(Chart, {
    title: "90% prediction intervals (the band; the black tick is the prediction)",
    testid: props.testid ?? "chart-intervals",
    notes,
    deps: [JSON.stringify(rows)],
    make: (width) => intervalChart(rows, width),
  });
}
