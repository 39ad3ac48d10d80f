// Every figure a report carries, as tables, without a list of names: each object of numbers is a
// table of labelled values, each object of such objects (a distribution per metric: p50, p90, p99)
// a matrix. A metric the engine adds later appears with no change here, under its spelled-out name.
import { type ComponentChild, h } from "preact";
import type { PredictionInterval } from "../calibrate/prediction-intervals.ts";
import { formatFigure, metricInfo } from "../report/format.ts";
import { intervalText } from "./ui.ts";

type Plain = Record<string, unknown>;
const isPlain = (x: unknown): x is Plain => typeof x === "object" && x !== null && !Array.isArray(x);
const isNumbers = (x: unknown): x is Record<string, number> =>
  isPlain(x) && Object.keys(x).length > 0 && Object.values(x).every((v) => typeof v === "number");

export type NumberTable =
  | { kind: "values"; key: string; values: Record<string, number> }
  | { kind: "matrix"; key: string; columns: string[]; rows: Record<string, Record<string, number>> };

/** The tables in a report object: its objects of numbers and of distributions, one level or two
 * down; arrays (curves, drawn as charts) and text are left to the page. */
export function numberTables(report: Plain, skip: string[] = [], depth = 2): NumberTable[] {
  const out: NumberTable[] = [];
  for (const [key, v] of Object.entries(report)) {
    if (skip.includes(key) || !isPlain(v)) continue;
    if (isNumbers(v)) out.push({ kind: "values", key, values: v });
    else if (Object.values(v).length > 0 && Object.values(v).every(isNumbers)) {
      const rows = v as Record<string, Record<string, number>>;
      const columns = [...new Set(Object.values(rows).flatMap((r) => Object.keys(r)))];
      out.push({ kind: "matrix", key, columns, rows });
    } else if (depth > 1) {
      const scalars = Object.entries(v).filter((e): e is [string, number] => typeof e[1] === "number");
      if (scalars.length > 0) out.push({ kind: "values", key, values: Object.fromEntries(scalars) });
      out.push(...numberTables(v, skip, depth - 1).map((t) => ({ ...t, key: `${key}.${t.key}` })));
    }
  }
  return out;
}

/** A report object's figures as labelled tables. */
export function MetricTables(props: {
  report: Plain;
  skip?: string[];
  intervals?: Record<string, PredictionInterval>;
  testid: string;
}): ComponentChild {
  const tables = numberTables(props.report, props.skip);
  return h(
    "div",
    { class: "metric-tables", "data-testid": props.testid },
    tables.map((t) =>
      h(
        "table",
        { key: t.key, class: "grid metric-table" },
        h("caption", null, metricInfo(t.key).label),
        t.kind === "values"
          ? h(
              "tbody",
              null,
              Object.entries(t.values).map(([k, v]) => {
                const iv = props.intervals?.[k];
                return h(
                  "tr",
                  { key: k },
                  h("th", { scope: "row" }, metricInfo(k).label),
                  h("td", { class: "num", "data-metric": k, "data-value": String(v) }, formatFigure(k, v)),
                  h("td", null, iv ? h("small", null, intervalText(k, iv)) : null),
                );
              }),
            )
          : [
              h(
                "thead",
                { key: "h" },
                h(
                  "tr",
                  null,
                  h("th", null, ""),
                  t.columns.map((c) => h("th", { key: c, class: "num", scope: "col" }, metricInfo(c).label)),
                ),
              ),
              h(
                "tbody",
                { key: "b" },
                Object.entries(t.rows).map(([k, row]) =>
                  h(
                    "tr",
                    { key: k },
                    h("th", { scope: "row" }, metricInfo(k).label),
                    t.columns.map((c) =>
                      h(
                        "td",
                        { key: c, class: "num", "data-metric": `${k}.${c}`, "data-value": String(row[c]) },
                        row[c] === undefined ? "–" : formatFigure(k, row[c]),
                      ),
                    ),
                  ),
                ),
              ),
            ],
      ),
    ),
  );
}
