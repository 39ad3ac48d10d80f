// The training plan of the scenario: headline metrics, the memory and step-time breakdowns and
// the engine's timeline of one step, all from the engine's EvalResult; reports to download.
// What blocks the plan is said first, where the numbers would be, with the layout search one
// click away; numbers computed for a previous scenario stay readable but greyed.
import { type ComponentChild, h } from "preact";
import { useState } from "preact/hooks";
import type { EvalResult } from "../../engine/evaluate.ts";
import type { Device } from "../../hardware/device.ts";
import { attentionRateLine, stackRows } from "../../report/assumptions.ts";
import { formatNumber, layoutLine, memoryParts, stepParts } from "../../report/format.ts";
import { REPORT_CONTENT_TYPES, REPORT_FORMATS } from "../../report/index.ts";
import type { Timeline } from "../../train/timeline.ts";
import { stackedBarChart, timelineChart } from "../charts.ts";
import { CostSummary } from "../cost-summary.ts";
import { DataTable } from "../data-table.ts";
import type { EngineClient } from "../engine-client.ts";
import { EngineSettings } from "../engine-settings.ts";
import { IntervalBands } from "../intervals.ts";
import { IssuePanel, LAYOUT_FIXABLE } from "../issue-panel.ts";
import { readField } from "../scenario-form.ts";
import { Stale } from "../stale.ts";
import { Chart, download, type IssueLike, Issues, issuesOf, MetricCards, Notice } from "../ui.ts";
import type { OpState } from "../use-op.ts";
import { PlanSearch } from "./plan-search.ts";

type WithTimeline = EvalResult & { timeline?: Timeline };

const HEADLINE = [
  "tokensPerSecondPerDevice",
  "mfu",
  "stepTimeSeconds",
  "memoryPerDeviceGiB",
  "tflopsPerDevice",
  "days",
  "deviceHours",
  "costUSD",
  "tcoUSD",
  "energyMWh",
];

function Results(props: { e: WithTimeline; devices: Device[] }): ComponentChild {
  const { e } = props;
  const device = props.devices.find((d) => d.id === e.hardware);
  const capacity = device?.memory.capacityGB?.value;
  const mem = memoryParts(e);
  const step = stepParts(e);
  const t = e.timeline;
  const stepSeconds = e.metrics.stepTimeSeconds;
  return h(
    "div",
    null,
    h(MetricCards, { metrics: e.metrics, names: HEADLINE, intervals: e.intervals }),
    Object.keys(e.unpredicted).length > 0 &&
      h(
        "ul",
        { class: "unpredicted" },
        Object.entries(e.unpredicted).map(([k, why]) =>
          h("li", { key: k }, h("b", null, k), `: not predicted (${why})`),
        ),
      ),
    e.train &&
      h(
        "p",
        { class: "layout" },
        `Layout: ${layoutLine(e)}. Calibration family: ${e.train.calibrationFamily}${Object.values(e.intervals).some((i) => !i.fitted) ? " (never measured on training runs)" : ""}.${e.train.attention ? ` ${attentionRateLine(e.train.attention, true)}` : ""}`,
      ),
    h(IntervalBands, { metrics: e.metrics, intervals: e.intervals }),
    mem.length > 0 &&
      h(Chart, {
        title: "Peak memory per device (GiB)",
        testid: "chart-memory",
        deps: [JSON.stringify(mem), capacity],
        make: (width) =>
          stackedBarChart(mem, {
            unit: "GiB",
            width,
            limit: capacity ? { value: capacity, label: `capacity ${capacity} GiB` } : undefined,
          }),
      }),
    step.length > 0 &&
      h(Chart, {
        title: "Step time on the busiest device (s)",
        testid: "chart-step",
        deps: [JSON.stringify(step)],
        make: (width) => stackedBarChart(step, { unit: "s", width }),
      }),
    t &&
      stepSeconds !== undefined &&
      h(Chart, {
        title: `One training step, ${t.schedule} schedule, ${formatNumber(t.microBatches)} micro-batches: ends at the step time (${formatNumber(stepSeconds)} s)`,
        testid: "chart-timeline",
        notes: t.notes,
        deps: [JSON.stringify(t), stepSeconds],
        make: (width) => timelineChart(t, { stepSeconds, width }),
      }),
    e.train &&
      h(CostSummary, {
        cost: e.cost ?? e.train.cost,
        warnings: e.warnings,
        title: e.cost ? "Cost, with the work lost to interruptions" : "Cost",
        testid: "train-cost",
      }),
    e.train && h("h3", null, "Training software the step was costed for"),
    e.train &&
      h(DataTable<ReturnType<typeof stackRows>[number]>, {
        testid: "stack-table",
        rows: stackRows(e.train.stack),
        rowKey: (x) => x.key,
        columns: [
          { key: "setting", label: "setting", cell: (x) => x.label },
          { key: "value", label: "value", cell: (x) => x.value },
          { key: "from", label: "from", cell: (x) => h("small", null, x.from) },
        ],
      }),
    h(Issues, { issues: e.warnings, kind: "warning" }),
  );
}

export function TrainPage(props: {
  state: OpState;
  text: string;
  devices: Device[];
  client: EngineClient;
  setText: (t: string) => void;
  onPick: (i: IssueLike) => void;
}): ComponentChild {
  const [searchAsk, setSearchAsk] = useState(0);
  const { state } = props;
  const r = state.result;
  const hasTrain = readField(props.text, ["train"]) !== undefined;
  const devices = Number(readField(props.text, ["devices"])) || undefined;
  const findLayout = (why: string) => ({
    label: devices ? `Find layouts for ${formatNumber(devices)} devices` : "Find layouts that fit",
    note: why,
    run: () => setSearchAsk((n) => n + 1),
  });
  const fixFor = (issues: IssueLike[], why: string) =>
    hasTrain && issues.some((i) => LAYOUT_FIXABLE.has(i.code)) ? findLayout(why) : undefined;
  const search = hasTrain
    ? h(PlanSearch, { text: props.text, client: props.client, setText: props.setText, runRequest: searchAsk })
    : null;

  if (!r) return h(Notice, { children: "Computing…" });
  let top: ComponentChild = null;
  let body: ComponentChild = null;
  let title = "Training plan";
  if (r.status !== 200) {
    // the scenario does not evaluate: say why here, and keep the last numbers greyed below
    const issues = issuesOf(r.body);
    top = h(IssuePanel, {
      title: "The scenario cannot be evaluated:",
      issues,
      onPick: props.onPick,
      fix: fixFor(issues, "the search chooses the parallel layout for the scenario's devices"),
    });
    const last = state.lastOk?.body as WithTimeline | undefined;
    if (last)
      body = h(Stale, {
        stale: true,
        testid: "train-results",
        note: "Scenario changed: the numbers below are for the previous scenario.",
        children: h(Results, { e: last, devices: props.devices }),
      });
  } else {
    const e = r.body as WithTimeline;
    const device = props.devices.find((d) => d.id === e.hardware);
    title = `${e.model.name} on ${e.devices} × ${device ? `${device.vendor} ${device.name}` : e.hardware}`;
    if (!hasTrain) {
      top = h(Notice, {
        children:
          "This scenario has no train: block; add one (the form's Training fields) to see a training plan.",
      });
    } else if (!e.train) {
      top = h(IssuePanel, {
        title: "No training plan for this layout:",
        issues: e.issues,
        onPick: props.onPick,
        fix: fixFor(e.issues, "the search tries every legal layout"),
      });
    } else if (e.issues.length > 0) {
      top = h(IssuePanel, {
        title: "This plan does not fit; the times below are what it would take if it did:",
        issues: e.issues,
        onPick: props.onPick,
        fix: fixFor(e.issues, "the search keeps only layouts that fit"),
      });
    }
    body = h(
      "div",
      { "data-testid": "train-results" },
      h(Results, { e, devices: props.devices }),
      e.train && h(EngineSettings, { client: props.client, text: props.text, choice: { kind: "train" } }),
    );
  }
  const save = async (format: (typeof REPORT_FORMATS)[number]) => {
    const rep = await props.client.run("eval", props.text, { format });
    if (rep.status === 200 && typeof rep.body === "string")
      download(`xpuplan-report.${format}`, rep.body, REPORT_CONTENT_TYPES[format]);
  };
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    h("h2", null, title),
    top,
    body,
    search,
    r.status === 200 &&
      h(
        "p",
        { class: "downloads" },
        "Report: ",
        REPORT_FORMATS.map((f) =>
          h("button", { key: f, type: "button", onClick: () => save(f) }, f.toUpperCase()),
        ),
      ),
  );
}
