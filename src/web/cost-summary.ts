// A job's money as the engine reckons it (src/economics): the total with its range, its basis
// (cloud on-demand, reserved, rental, purchase amortised, or the user's own price), the parts as
// bars with whiskers; or, where the device has no price, why, and the costs: block that gives one.
import { type ComponentChild, h } from "preact";
import type { JobCost } from "../economics/types.ts";
import type { Issue } from "../issues.ts";
import { costBasisLine, costParts } from "../report/assumptions.ts";
import { formatNumber } from "../report/format.ts";
import { CopyBlock } from "./copy-block.ts";
import { rangeBarChart } from "./decision-charts.ts";
import { Chart } from "./ui.ts";

const usd = (x: number) => `$${formatNumber(x)}`;

/** The price_unknown warning's message and its example block (the engine words both). */
export function unpricedOf(warnings: Issue[]): { message: string; example?: string } | undefined {
  const w = warnings.find((i) => i.code === "price_unknown");
  if (!w) return undefined;
  const [message, ...example] = w.message.split(", e.g.\n");
  return { message, example: example.join(", e.g.\n") || undefined };
}

export function CostSummary(props: {
  /** the job's money (training, or training with the price of interruptions) */
  cost?: JobCost;
  /** where there is none: the engine's price_unknown warning */
  warnings: Issue[];
  title: string;
  testid: string;
}): ComponentChild {
  const c = props.cost;
  if (!c) {
    const why = unpricedOf(props.warnings);
    if (!why) return null;
    return h(
      "section",
      { class: "cost-summary", "data-testid": props.testid },
      h("h3", null, props.title),
      h(
        "p",
        { class: "notice error", "data-testid": `${props.testid}-unpriced` },
        `No cost: ${why.message}.`,
      ),
      why.example &&
        h(CopyBlock, { text: why.example, testid: `${props.testid}-example`, label: "a costs: block" }),
    );
  }
  const parts = costParts(c);
  const local =
    c.display.currency !== "USD"
      ? ` (${formatNumber(c.totalUSD.value * c.display.perUSD)} ${c.display.currency})`
      : "";
  return h(
    "section",
    { class: "cost-summary", "data-testid": props.testid },
    h("h3", null, props.title),
    h(
      "p",
      null,
      h(
        "b",
        { "data-testid": `${props.testid}-total`, "data-value": String(c.totalUSD.value) },
        usd(c.totalUSD.value),
      ),
      local,
      c.totalUSD.low !== c.totalUSD.high ? ` (range ${usd(c.totalUSD.low)}–${usd(c.totalUSD.high)})` : "",
      ` for ${formatNumber(c.deviceHours)} device-hours.`,
    ),
    h("p", { class: "layout", "data-testid": `${props.testid}-basis` }, `Basis: ${costBasisLine(c)}.`),
    h(Chart, {
      title: "Money by part (US dollars); whiskers: the range of the prices and rates behind it",
      testid: `${props.testid}-chart`,
      deps: [JSON.stringify(parts)],
      make: (width) =>
        rangeBarChart(
          parts.map((p) => ({ name: p.label, value: p.value, low: p.low, high: p.high })),
          { xLabel: "US dollars", width },
        ),
    }),
    c.notes.length > 0 &&
      h(
        "ul",
        { class: "facts" },
        c.notes.map((n) => h("li", { key: n }, h("small", null, n))),
      ),
  );
}
