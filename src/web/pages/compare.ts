// Vendor comparison: the best training plan for the scenario on each device, side by side
// (src/search compareDevices): NVIDIA against Ascend and the rest, with intervals where the
// catalog's figures are ranges, and the reason wherever a device cannot run the job.
import { type ComponentChild, h } from "preact";
import { parse } from "yaml";
import { costBasisName } from "../../report/assumptions.ts";
import { formatMetric, formatNumber, metricInfo } from "../../report/format.ts";
import { vendorKey } from "../../report/palette.ts";
import type { CompareResult, CompareRow } from "../../search/index.ts";
import { type CompareDatum, compareChart } from "../charts.ts";
import { unpricedOf } from "../cost-summary.ts";
import { DataTable } from "../data-table.ts";
import type { EngineClient } from "../engine-client.ts";
import { IssuePanel } from "../issue-panel.ts";
import { SearchProgressBar } from "../progress.ts";
import { Stale } from "../stale.ts";
import { Chart, type IssueLike, Issues, issuesOf, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";
import type { CatalogDevice } from "./catalog.ts";

/** A default line-up across vendors; ids the catalog lacks are skipped. */
export const DEFAULT_COMPARE = [
  "nvidia-h100-sxm",
  "nvidia-h800-sxm",
  "nvidia-h200-sxm",
  "nvidia-h20",
  "nvidia-b200",
  "huawei-ascend-910b2",
  "huawei-ascend-910c",
  "huawei-ascend-950dt",
];

type RowMetric = "days" | "tokensPerSecondPerDevice" | "mfu" | "costUSD" | "energyMWh" | "deviceHours";
const METRICS: RowMetric[] = [
  "days",
  "tokensPerSecondPerDevice",
  "mfu",
  "costUSD",
  "energyMWh",
  "deviceHours",
];
const RANGED = new Set(["days", "deviceHours", "energyMWh", "costUSD"]);

function datum(r: CompareRow, m: RowMetric): CompareDatum | undefined {
  const v = r[m];
  if (typeof v !== "number") return undefined;
  const scale = metricInfo(m).fraction ? 100 : 1;
  const iv = RANGED.has(m) ? (r.interval?.[m as "days"] as [number, number] | undefined) : undefined;
  // the id labels the bar: unique and short (names carry long variant notes)
  return { name: r.deviceId, vendor: r.vendor, value: scale * v, low: iv?.[0], high: iv?.[1] };
}

/** Why a row has no money: the engine's price_unknown message (the row's own, or its plan's). */
function whyNoPrice(r: CompareRow): string | undefined {
  const w = unpricedOf([...r.issues, ...(r.plan?.report.warnings ?? [])]);
  return w?.message;
}

export type SizeMode = "devices" | "counts" | "deadline" | "budget";
const SIZE_MODES: [SizeMode, string][] = [
  ["devices", "the scenario's device count"],
  ["counts", "a device count per kind"],
  ["deadline", "a deadline: the fewest devices that finish in time"],
  ["budget", "a budget: the most devices it pays for"],
];

/** "a:8,b:16" <-> {a: 8, b: 16} (the page parameter of per-kind counts). */
export const countsOf = (s: string | undefined): Record<string, number> =>
  Object.fromEntries(
    (s ?? "")
      .split(",")
      .map((x) => x.split(":"))
      .filter(([id, n]) => id && Number.isInteger(Number(n)) && Number(n) > 0)
      .map(([id, n]) => [id, Number(n)]),
  );
const countsText = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([id, n]) => `${id}:${n}`)
    .join(",");

/** The value, and under it its range where the catalog's figures are ranges (keeps the column narrow). */
const cellOf = (r: CompareRow, m: RowMetric) => {
  const v = r[m];
  if (typeof v !== "number") return "–";
  const iv = RANGED.has(m) ? (r.interval?.[m as "days"] as [number, number] | undefined) : undefined;
  return iv
    ? [
        formatMetric(m, v),
        h("br", { key: "br" }),
        h("small", { key: "r" }, `${formatNumber(iv[0])}–${formatNumber(iv[1])}`),
      ]
    : formatMetric(m, v);
};

const layoutOf = (r: CompareRow) => {
  const p = r.plan?.parallel;
  if (!p) return "–";
  return `tp${p.tp} pp${p.pp} dp${p.dp}${p.cp > 1 ? ` cp${p.cp}` : ""}${p.ep > 1 ? ` ep${p.ep}` : ""}${p.vpp > 1 ? ` vpp${p.vpp}` : ""} mb${p.microBatch} ${p.schedule} ${p.recompute}`;
};

export function ComparePage(props: {
  text: string;
  valid: boolean;
  /** the scenario's own problems (shown here, next to the results they block) */
  issues: IssueLike[];
  onPick: (i: IssueLike) => void;
  devices: CatalogDevice[];
  params: Record<string, string>;
  setParam: (k: string, v: string) => void;
  client: EngineClient;
}): ComponentChild {
  const known = new Set(props.devices.map((d) => d.id));
  const chosen = (props.params.hw ? props.params.hw.split(",") : DEFAULT_COMPARE).filter((id) =>
    known.has(id),
  );
  const metric = (METRICS as string[]).includes(props.params.metric ?? "")
    ? (props.params.metric as RowMetric)
    : METRICS[0];
  const mode = (SIZE_MODES.map((m) => m[0]) as string[]).includes(props.params.size ?? "")
    ? (props.params.size as SizeMode)
    : "devices";
  const target = Number(props.params.target) || undefined;
  const counts = countsOf(props.params.counts);
  const sizing =
    mode === "counts"
      ? { counts: Object.fromEntries(Object.entries(counts).filter(([id]) => chosen.includes(id))) }
      : mode === "deadline" && target
        ? { deadlineDays: target }
        : mode === "budget" && target
          ? { budgetUSD: target }
          : {};
  let body = "";
  if (props.valid && chosen.length > 0) {
    try {
      body = JSON.stringify({ scenario: parse(props.text), hardware: chosen, ...sizing });
    } catch {
      body = "";
    }
  }
  const state = useOp(props.client, "compare", body, {}, body !== "", 300, true);
  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id];
    props.setParam("hw", next.join(","));
  };
  const vendors = [...new Set(props.devices.filter((d) => d.plannable).map((d) => vendorKey(d.vendor)))];
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
          .filter((d) => vendorKey(d.vendor) === v && d.plannable)
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
              mode === "counts" &&
                chosen.includes(d.id) &&
                h("input", {
                  type: "number",
                  min: 1,
                  class: "count",
                  value: counts[d.id] ?? "",
                  placeholder: "devices",
                  "aria-label": `devices of ${d.name}`,
                  "data-count": d.id,
                  onChange: (e: Event) => {
                    const n = Number((e.target as HTMLInputElement).value);
                    const next = { ...counts };
                    if (Number.isInteger(n) && n > 0) next[d.id] = n;
                    else delete next[d.id];
                    props.setParam("counts", countsText(next));
                  },
                }),
            ),
          ),
      ),
    ),
  );
  const metricSelect = h(
    "label",
    null,
    "Chart ",
    h(
      "select",
      {
        value: metric,
        onChange: (e: Event) => props.setParam("metric", (e.target as HTMLSelectElement).value),
        "data-testid": "compare-metric",
      },
      METRICS.map((m) => h("option", { key: m, value: m }, metricInfo(m).label)),
    ),
  );
  const sizeControls = h(
    "p",
    { class: "inline-form" },
    h(
      "label",
      null,
      "Size each kind by ",
      h(
        "select",
        {
          value: mode,
          "data-testid": "compare-size",
          onChange: (e: Event) => props.setParam("size", (e.target as HTMLSelectElement).value),
        },
        SIZE_MODES.map(([m, label]) => h("option", { key: m, value: m }, label)),
      ),
    ),
    (mode === "deadline" || mode === "budget") &&
      h(
        "label",
        null,
        " ",
        h("input", {
          type: "number",
          min: 0,
          step: "any",
          value: target ?? "",
          "data-testid": "compare-target",
          onChange: (e: Event) => props.setParam("target", (e.target as HTMLInputElement).value),
        }),
        mode === "deadline" ? " days" : " US dollars",
      ),
    mode === "counts" && h("small", null, " (open the device list to give each kind its count)"),
  );
  const head = h("h2", null, "Vendor comparison");
  if (!props.valid) {
    return h(
      "section",
      null,
      head,
      picker,
      h(IssuePanel, {
        title: "The scenario cannot be evaluated:",
        issues: props.issues,
        onPick: props.onPick,
      }),
    );
  }
  const r = state.result;
  let content: ComponentChild;
  const progress = state.pending
    ? h(SearchProgressBar, {
        label: `Searching the best plan on ${chosen.length} devices…`,
        progress: state.progress,
        onCancel: state.cancel,
      })
    : null;
  if (chosen.length === 0) content = h(Notice, { children: "Choose devices to compare." });
  else if (!r) content = progress;
  else if (r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else {
    const res = r.body as CompareResult & { stopped?: boolean };
    const data = res.rows.map((x) => datum(x, metric)).filter((d): d is CompareDatum => d !== undefined);
    const info = metricInfo(metric);
    const table = h(
      "div",
      null,
      h(
        "p",
        { class: "layout" },
        `Best plan per device by ${res.objective}${res.mode === "deadline" ? ", each kind sized to the deadline" : res.mode === "budget" ? ", each kind sized to the budget" : ""}, for ${formatNumber(res.tokens.value)} tokens (${res.tokens.basis === "scenario" ? "train.tokens" : "nominal: the scenario gives no train.tokens"}). ${res.notes.join("; ")}.`,
      ),
      res.rows.some((x) => x.ok && datum(x, metric) === undefined) &&
        h(
          "ul",
          { class: "issues warning", "data-testid": "compare-missing" },
          res.rows
            .filter((x) => x.ok && datum(x, metric) === undefined)
            .map((x) =>
              h(
                "li",
                { key: x.deviceId },
                `${x.name}: no ${info.label.toLowerCase()}${metric === "costUSD" ? ` (${whyNoPrice(x) ?? "no price"})` : ""}`,
              ),
            ),
        ),
      data.length > 0 &&
        h(Chart, {
          title: `${info.label}${info.unit ? ` (${info.unit})` : ""}; whiskers: the range where the catalog's figures are ranges`,
          testid: "chart-compare",
          deps: [JSON.stringify(data), metric],
          make: (width) => compareChart(data, info.label, width),
        }),
      h(DataTable<CompareRow>, {
        testid: "compare-table",
        rows: res.rows,
        rowKey: (x) => x.deviceId,
        rowClass: (x) => (x.ok ? "" : "bad"),
        columns: [
          {
            key: "device",
            label: "device",
            cell: (x) => [
              h("b", { key: "n" }, x.name),
              h("br", { key: "br" }),
              h("small", { key: "id" }, x.deviceId),
            ],
          },
          {
            key: "devices",
            label: "devices",
            num: true,
            cell: (x) => `${x.devices}${x.devicesChanged ? " *" : ""}`,
          },
          {
            key: "layout",
            label: "layout",
            cell: (x) => h("small", null, `${layoutOf(x)}${x.precision ? ` ${x.precision}` : ""}`),
          },
          ...METRICS.map((m) => ({
            key: m,
            label: metricInfo(m).label,
            num: true,
            cell: (x: CompareRow) =>
              m === "costUSD" && x.cost
                ? [
                    cellOf(x, m),
                    h("br", { key: "b2" }),
                    h("small", { key: "basis", class: "basis" }, costBasisName(x.cost)),
                  ]
                : m === "costUSD" && x.ok && x.costUSD === undefined
                  ? h("small", { title: whyNoPrice(x) }, "no price")
                  : cellOf(x, m),
          })),
          {
            key: "notes",
            label: "notes and issues",
            cell: (x) => [
              ...x.issues.map((i) => h("div", { key: i.message, class: "issue" }, `${i.code}: ${i.message}`)),
              ...x.notes.map((n) => h("div", { key: n }, h("small", null, n))),
            ],
          },
        ],
      }),
    );
    // while a new comparison runs, the previous one stays, greyed, under its progress
    content = h(
      "div",
      null,
      state.pending && progress,
      h(Stale, {
        stale: state.resultKey !== state.key,
        note: "Scenario or devices changed: this comparison is for the previous ones.",
        children: table,
      }),
    );
  }
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    head,
    picker,
    sizeControls,
    metricSelect,
    content,
  );
}
