// Port: the scenario moved to another device (`xpuplan port --to`): the same setup there (fit,
// time, money), the target's own best plan, what the move costs in days, device-hours and money,
// and the findings with their numbers and what to do; without a target, the advisor's findings
// on the scenario's own device. The engine decides; this page lays it out.
import { type ComponentChild, h } from "preact";
import { parse } from "yaml";
import type { Finding, PortMove, PortResult, PortSide } from "../../porting/index.ts";
import { formatCount, formatNumber } from "../../report/format.ts";
import { vendorKey } from "../../report/palette.ts";
import { OBJECTIVES } from "../../search/objective.ts";
import type { PortAnswer } from "../../server/decisions.ts";
import { DataTable } from "../data-table.ts";
import type { EngineClient } from "../engine-client.ts";
import { IssuePanel } from "../issue-panel.ts";
import { Stale } from "../stale.ts";
import { type IssueLike, Issues, issuesOf, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";
import type { CatalogDevice } from "./catalog.ts";

const num = (x: number | undefined, unit = "") => (x === undefined ? "–" : `${formatNumber(x)}${unit}`);
const signed = (x: number | undefined, unit: string) =>
  x === undefined ? undefined : `${x > 0 ? "+" : ""}${formatNumber(x)} ${unit}`;

function Findings(props: { findings: Finding[]; testid: string }): ComponentChild {
  if (props.findings.length === 0)
    return h("p", { "data-testid": props.testid }, "No findings: nothing to change.");
  return h(
    "ul",
    { class: "findings", "data-testid": props.testid },
    props.findings.map((f) =>
      h(
        "li",
        { key: f.message, class: `finding ${f.severity}` },
        h(
          "b",
          null,
          f.severity === "error"
            ? "Will not run as is: "
            : f.severity === "warning"
              ? "Costs more: "
              : "Worth knowing: ",
        ),
        f.message,
        f.unit ? ` (${formatNumber(f.number)} ${f.unit})` : "",
        h("br", null),
        h("small", null, `What to do: ${f.suggestion}`),
      ),
    ),
  );
}

function moveLine(m: PortMove | undefined): string | undefined {
  if (!m) return undefined;
  // every figure is the target's best minus the source (positive costs more)
  const parts = [
    signed(m.days, "days"),
    signed(m.deviceHours, "device-hours"),
    m.costUSD !== undefined ? `${m.costUSD > 0 ? "+" : "-"}$${formatNumber(Math.abs(m.costUSD))}` : undefined,
    signed(m.costPerMillionTokensUSD, "USD per million tokens"),
    m.devices !== 0
      ? `${m.devices > 0 ? "+" : ""}${formatCount(m.devices)} devices`
      : "the same device count",
  ].filter((x) => x !== undefined);
  return `Moving to the target's best plan: ${parts.join(", ")} (positive costs more).`;
}

function Sides(props: { r: PortResult }): ComponentChild {
  const { r } = props;
  const rows = [r.source, r.sameOnTarget, r.bestOnTarget].filter((x): x is PortSide => x !== undefined);
  const train = r.kind === "train";
  return h(DataTable<PortSide>, {
    testid: "port-sides",
    rows,
    rowKey: (_, i) => String(i),
    rowClass: (x) => (x.fits ? "" : "bad"),
    columns: [
      {
        key: "what",
        label: "setup",
        cell: (x) => [
          h("b", { key: "l" }, x.label),
          h("br", { key: "b" }),
          h("small", { key: "d" }, x.deviceId),
        ],
      },
      { key: "devices", label: "devices", num: true, cell: (x) => formatCount(x.devices) },
      { key: "layout", label: "layout", cell: (x) => h("small", null, x.layout) },
      {
        key: "memory",
        label: "memory per device",
        num: true,
        cell: (x) =>
          `${formatNumber(x.memoryGiB)}${x.capacityGiB ? ` of ${formatNumber(x.capacityGiB)}` : ""} GiB${x.fits ? "" : " (does not fit)"}`,
      },
      ...(train
        ? [
            { key: "step", label: "step time", num: true, cell: (x: PortSide) => num(x.stepSeconds, " s") },
            { key: "days", label: "days", num: true, cell: (x: PortSide) => num(x.days) },
            { key: "dh", label: "device-hours", num: true, cell: (x: PortSide) => num(x.deviceHours) },
            {
              key: "mfu",
              label: "MFU",
              num: true,
              cell: (x: PortSide) => (x.mfu === undefined ? "–" : `${formatNumber(100 * x.mfu)} %`),
            },
          ]
        : [
            {
              key: "tps",
              label: "output tokens/s",
              num: true,
              cell: (x: PortSide) => num(x.outputTokensPerSecond),
            },
            { key: "tpot", label: "TPOT", num: true, cell: (x: PortSide) => num(x.tpotMs, " ms") },
            { key: "ttft", label: "TTFT", num: true, cell: (x: PortSide) => num(x.ttftMs, " ms") },
            {
              key: "cpm",
              label: "USD per million tokens",
              num: true,
              cell: (x: PortSide) => num(x.costPerMillionTokensUSD),
            },
          ]),
      {
        key: "cost",
        label: "cost",
        num: true,
        cell: (x) => (x.costUSD === undefined ? "no price" : `$${formatNumber(x.costUSD)}`),
      },
    ],
  });
}

export function PortPage(props: {
  text: string;
  valid: boolean;
  issues: IssueLike[];
  onPick: (i: IssueLike) => void;
  devices: CatalogDevice[];
  params: Record<string, string>;
  setParam: (k: string, v: string) => void;
  client: EngineClient;
}): ComponentChild {
  const to = props.params.to ?? "";
  const objective = (OBJECTIVES as readonly string[]).includes(props.params.objective ?? "")
    ? props.params.objective
    : "time";
  let body = "";
  if (props.valid) {
    try {
      body = JSON.stringify({ scenario: parse(props.text), ...(to ? { to } : {}), objective });
    } catch {
      body = "";
    }
  }
  const state = useOp(props.client, "port", body, {}, body !== "", 300);
  const vendors = [...new Set(props.devices.map((d) => vendorKey(d.vendor)))];
  const controls = h(
    "p",
    { class: "inline-form" },
    h(
      "label",
      null,
      "Move to ",
      h(
        "select",
        {
          value: to,
          "data-testid": "port-to",
          onChange: (e: Event) => props.setParam("to", (e.target as HTMLSelectElement).value),
        },
        h("option", { value: "" }, "(stay: what to watch on this device)"),
        vendors.map((v) =>
          h(
            "optgroup",
            { key: v, label: v },
            props.devices
              .filter((d) => vendorKey(d.vendor) === v)
              .map((d) =>
                h("option", { key: d.id, value: d.id }, `${d.name}${d.variant ? ` ${d.variant}` : ""}`),
              ),
          ),
        ),
      ),
    ),
    " ",
    h(
      "label",
      null,
      "target's best plan by ",
      h(
        "select",
        {
          value: objective,
          onChange: (e: Event) => props.setParam("objective", (e.target as HTMLSelectElement).value),
        },
        OBJECTIVES.map((o) => h("option", { key: o, value: o }, o)),
      ),
    ),
  );
  const head = h("h2", null, "Port to another device");
  if (!props.valid)
    return h(
      "section",
      null,
      head,
      controls,
      h(IssuePanel, {
        title: "The scenario cannot be evaluated:",
        issues: props.issues,
        onPick: props.onPick,
      }),
    );
  const r = state.result;
  let content: ComponentChild;
  if (!r) content = h(Notice, { children: "Evaluating the move…" });
  else if (r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else {
    const a = r.body as PortAnswer;
    content =
      a.mode === "advice"
        ? h(
            "div",
            null,
            h("p", { class: "layout" }, `What to watch on ${a.deviceId} as the scenario sets it:`),
            h(Findings, { findings: a.findings, testid: "port-findings" }),
          )
        : h(
            "div",
            null,
            h(
              "p",
              { class: "verdict-line", "data-testid": "port-move" },
              moveLine(a.result.move) ?? "The target has no plan that fits: see the findings.",
            ),
            h(Sides, { r: a.result }),
            h("h3", null, "Findings"),
            h(Findings, { findings: a.result.findings, testid: "port-findings" }),
            a.result.notes.length > 0 &&
              h(
                "ul",
                { class: "facts" },
                a.result.notes.map((n) => h("li", { key: n }, h("small", null, n))),
              ),
          );
    content = h(Stale, {
      stale: state.resultKey !== state.key,
      note: "Scenario or target changed: this is the previous move.",
      children: content,
    });
  }
  return h("section", { "aria-busy": state.pending ? "true" : "false" }, head, controls, content);
}
