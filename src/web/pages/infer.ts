// Serving: the engine's inference report for the scenario (headline numbers with their 90%
// intervals, every figure the report carries as tables, latency against throughput with the SLO
// line), the serving planner's answer for a request rate (`xpuplan infer` with
// infer.requestsPerSecond), and the serving engines' settings. Everything from the worker.
import { type ComponentChild, h } from "preact";
import { useState } from "preact/hooks";
import type { EvalResult } from "../../engine/evaluate.ts";
import type { InferPlan, PlanCandidate } from "../../infer/plan.ts";
import type { Issue } from "../../issues.ts";
import { formatCount, formatMetric, formatNumber, metricInfo } from "../../report/format.ts";
import { type CurvePoint, curveChart } from "../charts.ts";
import { DataTable } from "../data-table.ts";
import type { EngineClient } from "../engine-client.ts";
import { EngineSettings } from "../engine-settings.ts";
import { IntervalBands } from "../intervals.ts";
import { IssuePanel } from "../issue-panel.ts";
import { MetricTables } from "../metric-tables.ts";
import { readField, writeField } from "../scenario-form.ts";
import { Chart, type IssueLike, Issues, issuesOf, MetricCards, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";

const NAMES = [
  "outputTokensPerSecond",
  "decodeTokensPerSecondPerDevice",
  "prefillTokensPerSecondPerDevice",
  "ttftSeconds",
  "tpotSeconds",
  "costPerMillionTokensUSD",
];

type InferAnswer = EvalResult & { plan?: InferPlan; planIssues?: Issue[] };

/** The engine's batch sweep as (throughput, TPOT in ms) points. */
function curveOf(e: EvalResult): CurvePoint[] {
  return (e.infer?.curve ?? [])
    .map((p) => ({
      x: p.outputTokensPerSecond,
      y: 1000 * p.tpotSeconds,
      label: `batch ${p.batchPerDevice}/device`,
    }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

const ms = (s: number) => `${formatNumber(1000 * s)} ms`;
const deployment = (c: PlanCandidate) =>
  c.pools
    ? `disaggregated: ${c.pools.prefillDp} prefill + ${c.pools.decodeDp} decode instances of ${c.devicesPerInstance}`
    : `${c.dp} instances of ${c.devicesPerInstance}`;

function Planner(props: { plan?: InferPlan; issues?: Issue[] }): ComponentChild {
  if (props.issues && props.issues.length > 0)
    return h(IssuePanel, {
      title: "No deployment of this device serves the request rate:",
      issues: props.issues,
      testid: "planner-issues",
    });
  const p = props.plan;
  if (!p) return null;
  const b = p.best;
  const rejected = Object.entries(p.rejected).sort((a, c) => (c[1] ?? 0) - (a[1] ?? 0));
  return h(
    "section",
    { class: "planner", "data-testid": "planner" },
    h("h3", null, `Serving ${formatNumber(p.requestsPerSecond)} requests/s`),
    h(
      "p",
      { class: "verdict-line" },
      "The fewest devices: ",
      h("b", { "data-testid": "planner-devices", "data-value": String(b.devices) }, formatCount(b.devices)),
      ` (${deployment(b)}; tp ${b.tp} · ep ${b.ep}; weights ${b.weights}, activations ${b.activations}, KV cache ${b.kvCache}), batch ${formatCount(b.batchPerDevice)} per device, TPOT ${ms(b.tpotSeconds)}, TTFT ${ms(b.ttftSeconds)}, ${formatNumber(100 * b.utilisation)} % of its capacity of ${formatNumber(b.capacityOutputTokensPerSecond)} output tokens/s${b.costPerMillionTokensUSD !== undefined ? `; ${formatMetric("costPerMillionTokensUSD", b.costPerMillionTokensUSD)} per million output tokens` : ""}.`,
    ),
    h(DataTable<PlanCandidate>, {
      testid: "planner-table",
      rows: p.candidates,
      rowKey: (_, i) => String(i),
      caption: `The feasible deployments, best first (${formatCount(p.searched)} candidates searched)`,
      columns: [
        { key: "devices", label: "devices", num: true, cell: (c) => formatCount(c.devices) },
        { key: "deploy", label: "deployment", cell: (c) => h("small", null, deployment(c)) },
        { key: "layout", label: "tp · ep", cell: (c) => `${c.tp} · ${c.ep}` },
        {
          key: "formats",
          label: "weights / activations / KV",
          cell: (c) => `${c.weights} / ${c.activations} / ${c.kvCache}`,
        },
        { key: "batch", label: "batch per device", num: true, cell: (c) => formatCount(c.batchPerDevice) },
        { key: "tpot", label: "TPOT", num: true, cell: (c) => ms(c.tpotSeconds) },
        { key: "ttft", label: "TTFT", num: true, cell: (c) => ms(c.ttftSeconds) },
        {
          key: "use",
          label: "load / capacity",
          num: true,
          cell: (c) => `${formatNumber(100 * c.utilisation)} %`,
        },
        {
          key: "cost",
          label: "USD per million tokens",
          num: true,
          cell: (c) =>
            c.costPerMillionTokensUSD === undefined ? "no price" : formatNumber(c.costPerMillionTokensUSD),
        },
      ],
    }),
    rejected.length > 0 &&
      h(
        "p",
        { class: "layout" },
        "Rejected: ",
        rejected
          .map(([code, n], i) => `${i > 0 ? ", " : ""}${formatCount(n ?? 0)} (${code.replaceAll("_", " ")})`)
          .join(""),
        ".",
      ),
    h(Issues, { issues: p.warnings, kind: "warning" }),
  );
}

/** A request rate to plan for, written into the scenario (infer.requestsPerSecond). */
function RateInput(props: { text: string; setText: (t: string) => void }): ComponentChild {
  const current = Number(readField(props.text, ["infer", "requestsPerSecond"])) || undefined;
  const [rate, setRate] = useState(current ? String(current) : "");
  const set = () => {
    const n = Number(rate);
    const t = writeField(props.text, ["infer", "requestsPerSecond"], rate.trim() === "" ? undefined : n);
    if (t !== undefined) props.setText(t);
  };
  return h(
    "form",
    {
      class: "inline-form",
      onSubmit: (e: Event) => {
        e.preventDefault();
        set();
      },
    },
    h("label", { for: "rate" }, "Plan the fewest devices for "),
    h("input", {
      id: "rate",
      type: "number",
      min: 0,
      step: "any",
      value: rate,
      "data-testid": "rate-input",
      onInput: (e: Event) => setRate((e.target as HTMLInputElement).value),
    }),
    " requests/s ",
    h("button", { type: "submit", "data-testid": "rate-plan" }, current ? "Plan again" : "Plan"),
  );
}

export function InferPage(props: {
  text: string;
  valid: boolean;
  /** the scenario's own problems (shown here, next to the results they block) */
  issues: IssueLike[];
  onPick: (i: IssueLike) => void;
  hasBlock: boolean;
  /** the scenario's infer.tpotSloMs, drawn as the SLO line */
  sloMs?: number;
  client: EngineClient;
  addBlock: () => void;
  setText: (t: string) => void;
}): ComponentChild {
  const state = useOp(props.client, "infer", props.text, {}, props.valid && props.hasBlock);
  const head = h("h2", null, "Serving");
  if (!props.valid)
    return h(
      "section",
      null,
      head,
      h(IssuePanel, {
        title: "The scenario cannot be evaluated:",
        issues: props.issues,
        onPick: props.onPick,
      }),
    );
  if (!props.hasBlock) {
    return h(
      "section",
      null,
      head,
      h(Notice, { children: "This scenario has no infer: block." }),
      h(
        "button",
        { type: "button", onClick: props.addBlock, "data-testid": "add-infer" },
        "Add an infer: block",
      ),
    );
  }
  const r = state.result;
  if (!r) return h("section", null, head, h(Notice, { children: "Computing…" }));
  if (r.status !== 200)
    return h("section", null, head, h(Issues, { issues: issuesOf(r.body), kind: "error" }));
  const e = r.body as InferAnswer;
  const pts = curveOf(e);
  const slo = props.sloMs;
  const inf = e.infer;
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    head,
    h(IssuePanel, { title: "This deployment does not run as set:", issues: e.issues, onPick: props.onPick }),
    h(MetricCards, { metrics: e.metrics, names: NAMES, intervals: e.intervals }),
    inf &&
      h(
        "p",
        { class: "layout" },
        `${inf.mode} serving, phase ${inf.phase}, ${inf.devices} devices; batch ${formatCount(inf.batch.batchPerDevice)} per device (${inf.batch.chosenBy}; at most ${formatCount(inf.batch.maxBatchPerDevice)} fits), concurrency ${formatCount(inf.batch.concurrency)}; weights ${inf.precision.weights}, activations ${inf.precision.activations}, KV cache ${inf.precision.kvCache}. Calibration family: ${inf.calibrationFamily}.${inf.costBasis ? ` Cost basis: ${inf.costBasis}.` : ""}`,
      ),
    h(RateInput, { text: props.text, setText: props.setText }),
    h(Planner, { plan: e.plan, issues: e.planIssues }),
    pts.length > 1 &&
      h(Chart, {
        title: "Time per output token against throughput, across batch sizes",
        testid: "chart-infer",
        deps: [JSON.stringify(pts), slo],
        make: (width) =>
          curveChart(pts, { xLabel: "output tokens/s (system)", yLabel: "TPOT (ms)", slo, width }),
      }),
    h(IntervalBands, { metrics: e.metrics, intervals: e.intervals, testid: "chart-infer-intervals" }),
    inf && h("h3", null, "Every figure of the serving report"),
    inf &&
      h(MetricTables, {
        report: inf as unknown as Record<string, unknown>,
        skip: ["curve"],
        intervals: e.intervals,
        testid: "infer-tables",
      }),
    Object.keys(e.unpredicted).length > 0 &&
      h(
        "ul",
        { class: "unpredicted" },
        Object.entries(e.unpredicted).map(([k, why]) =>
          h("li", { key: k }, h("b", null, metricInfo(k).label), `: not predicted (${why})`),
        ),
      ),
    inf && h(EngineSettings, { client: props.client, text: props.text, choice: { kind: "infer" } }),
    h(Issues, { issues: e.warnings, kind: "warning" }),
  );
}
