// Inference: latency against throughput as the batch grows, with the SLO line, plus the
// engine's inference metrics for the scenario.
import { type ComponentChild, h } from "preact";
import type { EvalResult } from "../../engine/evaluate.ts";
import { formatNumber } from "../../report/format.ts";
import { type CurvePoint, curveChart } from "../charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { IssuePanel } from "../issue-panel.ts";
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
}): ComponentChild {
  const state = useOp(props.client, "infer", props.text, {}, props.valid && props.hasBlock);
  const head = h("h2", null, "Inference");
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
  if (r.status === 501)
    return h(
      "section",
      null,
      head,
      h(Notice, { children: issuesOf(r.body)[0]?.message ?? "not available yet" }),
    );
  if (r.status !== 200)
    return h("section", null, head, h(Issues, { issues: issuesOf(r.body), kind: "error" }));
  const e = r.body as EvalResult;
  const pts = curveOf(e);
  const slo = props.sloMs;
  const inf = e.infer;
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    head,
    h(MetricCards, { metrics: e.metrics, names: NAMES }),
    inf &&
      h(
        "p",
        { class: "layout" },
        `${inf.mode} serving, phase ${inf.phase}, ${inf.devices} devices; batch ${formatNumber(inf.batch.batchPerDevice)} per device (${inf.batch.chosenBy}; at most ${formatNumber(inf.batch.maxBatchPerDevice)} fits), concurrency ${formatNumber(inf.batch.concurrency)}. Calibration family: ${inf.calibrationFamily}.`,
      ),
    pts.length > 1 &&
      h(Chart, {
        title: "Time per output token against throughput",
        testid: "chart-infer",
        deps: [JSON.stringify(pts), slo],
        make: (width) =>
          curveChart(pts, { xLabel: "output tokens/s (system)", yLabel: "TPOT (ms)", slo, width }),
      }),
    Object.keys(e.unpredicted).length > 0 &&
      h(
        "ul",
        { class: "unpredicted" },
        Object.entries(e.unpredicted).map(([k, why]) =>
          h("li", { key: k }, h("b", null, k), `: not predicted (${why})`),
        ),
      ),
    h(Issues, { issues: e.issues, kind: "error" }),
    h(Issues, { issues: e.warnings, kind: "warning" }),
  );
}
