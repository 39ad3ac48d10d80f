// The same scenario on several devices, NVIDIA against Ascend and the rest: one chart of the
// chosen metric and a table of every metric and issue, per device.
import { type ComponentChild, h } from "preact";
import { parse } from "yaml";
import type { Device } from "../../hardware/device.ts";
import { formatMetric, metricInfo } from "../../report/format.ts";
import type { CompareRow } from "../../server/operations.ts";
import { compareChart } from "../charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { Chart, Issues, issuesOf, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";

/** A default line-up across vendors; ids the catalog lacks are skipped. */
export const DEFAULT_COMPARE = [
  "nvidia-h100-sxm",
  "nvidia-h800-sxm",
  "nvidia-h200-sxm",
  "nvidia-h20",
  "nvidia-b200",
  "huawei-ascend-910b2",
  "huawei-ascend-910b3",
  "huawei-ascend-910c",
];

const METRIC_CHOICES = [
  "tokensPerSecondPerDevice",
  "mfu",
  "stepTimeSeconds",
  "memoryPerDeviceGiB",
  "days",
  "costUSD",
  "energyMWh",
];
const COLUMNS = [
  "tokensPerSecondPerDevice",
  "mfu",
  "stepTimeSeconds",
  "memoryPerDeviceGiB",
  "days",
  "costUSD",
];

export function ComparePage(props: {
  text: string;
  valid: boolean;
  devices: Device[];
  params: Record<string, string>;
  setParam: (k: string, v: string) => void;
  client: EngineClient;
}): ComponentChild {
  const known = new Set(props.devices.map((d) => d.id));
  const chosen = (props.params.hw ? props.params.hw.split(",") : DEFAULT_COMPARE).filter((id) =>
    known.has(id),
  );
  const metric = METRIC_CHOICES.includes(props.params.metric ?? "")
    ? (props.params.metric as string)
    : METRIC_CHOICES[0];
  let body = "";
  if (props.valid) {
    try {
      body = JSON.stringify({ scenario: parse(props.text), hardware: chosen });
    } catch {
      body = "";
    }
  }
  const state = useOp(props.client, "compare", body, {}, props.valid && body !== "" && chosen.length > 0);
  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id];
    props.setParam("hw", next.join(","));
  };
  const vendors = [...new Set(props.devices.filter((d) => d.plannable).map((d) => d.vendor))];
  const picker = h(
    "details",
    { class: "picker" },
    h("summary", null, `Devices compared (${chosen.length})`),
    vendors.map((v) =>
      h(
        "fieldset",
        { key: v },
        h("legend", null, v),
        props.devices
          .filter((d) => d.vendor === v && d.plannable)
          .map((d) =>
            h(
              "label",
              { key: d.id, class: "check" },
              h("input", {
                type: "checkbox",
                checked: chosen.includes(d.id),
                onChange: () => toggle(d.id),
                "data-hw": d.id,
              }),
              ` ${d.name}${d.variant ? ` ${d.variant}` : ""}`,
            ),
          ),
      ),
    ),
  );
  const metricSelect = h(
    "label",
    null,
    "Metric ",
    h(
      "select",
      {
        value: metric,
        onChange: (e: Event) => props.setParam("metric", (e.target as HTMLSelectElement).value),
        "data-testid": "compare-metric",
      },
      METRIC_CHOICES.map((m) => h("option", { key: m, value: m }, metricInfo(m).label)),
    ),
  );
  if (!props.valid)
    return h(
      "section",
      null,
      picker,
      h(Notice, { kind: "error", children: "The scenario has errors: see the list under the editor." }),
    );
  const r = state.result;
  let content: ComponentChild;
  if (!r) content = h(Notice, { children: "Computing…" });
  else if (r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else {
    const rows = ((r.body as { rows?: CompareRow[] }).rows ?? []) as CompareRow[];
    const data = rows
      .filter((x) => typeof x.metrics[metric] === "number")
      .map((x) => ({ name: x.name, vendor: x.vendor, value: x.metrics[metric] as number }));
    const info = metricInfo(metric);
    content = h(
      "div",
      null,
      data.length > 0 &&
        h(Chart, {
          title: `${info.label}${info.unit ? ` (${info.unit})` : ""}`,
          testid: "chart-compare",
          deps: [JSON.stringify(data), metric],
          make: () =>
            compareChart(
              info.fraction ? data.map((d) => ({ ...d, value: 100 * d.value })) : data,
              info.label,
            ),
        }),
      h(
        "table",
        { class: "grid", "data-testid": "compare-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, "device"),
            COLUMNS.map((c) => h("th", { key: c }, metricInfo(c).label)),
            h("th", null, "issues"),
          ),
        ),
        h(
          "tbody",
          null,
          rows.map((x) =>
            h(
              "tr",
              { key: x.hardware, class: x.ok ? "" : "bad" },
              h("td", null, h("b", null, x.name), h("br", null), h("small", null, x.hardware)),
              COLUMNS.map((c) =>
                h(
                  "td",
                  { key: c, class: "num" },
                  x.metrics[c] === undefined ? "–" : formatMetric(c, x.metrics[c] as number),
                ),
              ),
              h(
                "td",
                null,
                x.issues.map((i) =>
                  h("div", { key: i.message, title: i.message }, `${i.code}: ${i.message}`),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    h("h2", null, "Vendor comparison"),
    picker,
    metricSelect,
    content,
  );
}
