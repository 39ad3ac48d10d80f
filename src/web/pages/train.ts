// The training plan of the scenario: headline metrics, the memory and step-time breakdowns and
// one step's pipeline schedule, all from the engine's EvalResult; reports to download.
import { type ComponentChild, h } from "preact";
import type { EvalResult } from "../../engine/evaluate.ts";
import type { Device } from "../../hardware/device.ts";
import { layoutLine, memoryParts, stepParts } from "../../report/format.ts";
import { REPORT_CONTENT_TYPES, REPORT_FORMATS } from "../../report/index.ts";
import { type GanttEvent, ganttChart, stackedBarChart } from "../charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { Chart, download, Issues, MetricCards, Notice } from "../ui.ts";
import type { OpState } from "../use-op.ts";
import { PlanSearch } from "./plan-search.ts";

type WithTrace = EvalResult & { trace?: { traceEvents: (GanttEvent & { ph: string })[] } };

const HEADLINE = [
  "tokensPerSecondPerDevice",
  "mfu",
  "stepTimeSeconds",
  "memoryPerDeviceGiB",
  "tflopsPerDevice",
  "days",
  "deviceHours",
  "costUSD",
  "energyMWh",
];

export function TrainPage(props: {
  state: OpState;
  text: string;
  devices: Device[];
  client: EngineClient;
  setText: (t: string) => void;
}): ComponentChild {
  const r = props.state.result;
  if (!r) return h(Notice, { children: "Computing…" });
  if (r.status !== 200)
    return h(Notice, { kind: "error", children: "The scenario has errors: see the list under the editor." });
  const e = r.body as WithTrace;
  const device = props.devices.find((d) => d.id === e.hardware);
  const capacity = device?.memory.capacityGB?.value;
  const mem = memoryParts(e);
  const step = stepParts(e);
  const events = (e.trace?.traceEvents ?? []).filter((x) => x.ph === "X");
  const save = async (format: (typeof REPORT_FORMATS)[number]) => {
    const rep = await props.client.run("eval", props.text, { format });
    if (rep.status === 200 && typeof rep.body === "string")
      download(`xpuplan-report.${format}`, rep.body, REPORT_CONTENT_TYPES[format]);
  };
  return h(
    "section",
    { "aria-busy": props.state.pending ? "true" : "false" },
    h(
      "h2",
      null,
      `${e.model.name} on ${e.devices} × ${device ? `${device.vendor} ${device.name}` : e.hardware}`,
    ),
    !e.train &&
      h(Notice, {
        children:
          "This scenario has no train: block; add one (the form's Training fields) to see a training plan.",
      }),
    h(MetricCards, { metrics: e.metrics, names: HEADLINE }),
    Object.keys(e.unpredicted).length > 0 &&
      h(
        "ul",
        { class: "unpredicted" },
        Object.entries(e.unpredicted).map(([k, why]) =>
          h("li", { key: k }, h("b", null, k), `: not predicted (${why})`),
        ),
      ),
    h(Issues, { issues: e.issues, kind: "error" }),
    e.train &&
      h(
        "p",
        { class: "layout" },
        `Layout: ${layoutLine(e)}. Calibration family: ${e.train.calibrationFamily}.`,
      ),
    mem.length > 0 &&
      h(Chart, {
        title: "Peak memory per device (GiB)",
        testid: "chart-memory",
        deps: [JSON.stringify(mem), capacity],
        make: () =>
          stackedBarChart(mem, {
            unit: "GiB",
            limit: capacity ? { value: capacity, label: `capacity ${capacity} GiB` } : undefined,
          }),
      }),
    step.length > 0 &&
      h(Chart, {
        title: "Step time on the busiest device (s)",
        testid: "chart-step",
        deps: [JSON.stringify(step)],
        make: () => stackedBarChart(step, { unit: "s" }),
      }),
    events.length > 0 &&
      h(Chart, {
        title: `Pipeline schedule of one step (${e.train?.layout.schedule} shown in 1F1B order${(e.train?.layout.microBatches ?? 0) > 64 ? ", first 64 micro-batches" : ""})`,
        testid: "chart-gantt",
        deps: [JSON.stringify(events)],
        make: () => ganttChart(events),
      }),
    h(Issues, { issues: e.warnings, kind: "warning" }),
    e.kind === "train" || e.train
      ? h(PlanSearch, { text: props.text, client: props.client, setText: props.setText })
      : null,
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
