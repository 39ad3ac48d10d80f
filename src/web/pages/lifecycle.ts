// A model's lifecycle (`xpuplan plan` on a scenario with a lifecycle: block): each phase
// (pre-training, post-training, serving) on each of its device choices, the choice the totals take
// by the lifecycle's objective, and the totals. Without a block, one click writes a starting one.
import { type ComponentChild, h } from "preact";
import type { LifecycleResult, PhaseChoice } from "../../lifecycle/index.ts";
import { formatCount, formatNumber } from "../../report/format.ts";
import { vendorKey } from "../../report/palette.ts";
import { DataTable } from "../data-table.ts";
import { rangeBarChart } from "../decision-charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { IssuePanel } from "../issue-panel.ts";
import { readField, writeField } from "../scenario-form.ts";
import { Stale } from "../stale.ts";
import { Chart, type IssueLike, Issues, issuesOf, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";
import type { CatalogDevice } from "./catalog.ts";

const num = (x: number | undefined) => (x === undefined ? "–" : formatNumber(x));

/** A starting lifecycle: pre-training on the scenario's device and one of another vendor, then a
 * year of serving on both; every number is the user's to change. */
export function lifecycleTemplate(text: string, devices: CatalogDevice[]): string | undefined {
  const hw = String(readField(text, ["hardware"]) ?? "");
  const own = devices.find((d) => d.id === hw);
  const other = devices.find(
    (d) => d.plannable && own !== undefined && vendorKey(d.vendor) !== vendorKey(own.vendor),
  );
  const hardware = other ? [hw, other.id] : [hw];
  const tokens = Number(readField(text, ["train", "tokens"])) || 1e12;
  return writeField(text, ["lifecycle"], {
    objective: "cost",
    phases: [
      { kind: "pretrain", name: "pre-training", tokens, hardware },
      {
        kind: "serve",
        name: "a year of serving",
        hardware,
        requestsPerSecond: 10,
        months: 12,
        inputTokens: 2000,
        outputTokens: 500,
        tpotSloMs: 50,
      },
    ],
  });
}

export function LifecyclePage(props: {
  text: string;
  valid: boolean;
  issues: IssueLike[];
  onPick: (i: IssueLike) => void;
  hasBlock: boolean;
  devices: CatalogDevice[];
  setText: (t: string) => void;
  client: EngineClient;
}): ComponentChild {
  const state = useOp(props.client, "lifecycle", props.text, {}, props.valid && props.hasBlock, 300);
  const head = h("h2", null, "Lifecycle");
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
    const add = () => {
      const t = lifecycleTemplate(props.text, props.devices);
      if (t !== undefined) props.setText(t);
    };
    return h(
      "section",
      null,
      head,
      h(Notice, {
        children:
          "This scenario has no lifecycle: block: the phases of the model's life (pre-training, post-training, serving), each on its own device choices.",
      }),
      h("button", { type: "button", onClick: add, "data-testid": "add-lifecycle" }, "Add a lifecycle: block"),
    );
  }
  const r = state.result;
  let content: ComponentChild;
  if (!r) content = h(Notice, { children: "Evaluating every phase on every device choice…" });
  else if (r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else {
    const res = r.body as LifecycleResult;
    const t = res.totals;
    const bars = res.phases.flatMap((p) =>
      p.choices
        .filter(
          (c) =>
            c.ok &&
            (res.objective === "time" ? c.days : res.objective === "energy" ? c.energyMWh : c.costUSD) !==
              undefined,
        )
        .map((c) => ({
          name: `${p.name}: ${c.deviceId}${p.chosen === c.deviceId ? " (chosen)" : ""}`,
          value: (res.objective === "time"
            ? c.days
            : res.objective === "energy"
              ? c.energyMWh
              : c.costUSD) as number,
        })),
    );
    const unit = res.objective === "time" ? "days" : res.objective === "energy" ? "MWh" : "US dollars";
    content = h(
      "div",
      null,
      h(
        "p",
        { class: "verdict-line", "data-testid": "lifecycle-totals" },
        `Total by ${res.objective}: ${formatNumber(t.days)} days, ${formatNumber(t.deviceHours)} device-hours${t.costUSD !== undefined ? `, $${formatNumber(t.costUSD)}` : ", cost unknown (a chosen device has no price)"}${t.energyMWh !== undefined ? `, ${formatNumber(t.energyMWh)} MWh` : ""}${t.missing.length > 0 ? `; left out (nothing feasible): ${t.missing.join(", ")}` : ""}.`,
      ),
      bars.length > 0 &&
        h(Chart, {
          title: `Each phase on each device, by ${res.objective} (${unit})`,
          testid: "chart-lifecycle",
          deps: [JSON.stringify(bars)],
          make: (width) => rangeBarChart(bars, { xLabel: unit, width }),
        }),
      h(
        "div",
        { "data-testid": "lifecycle-phases" },
        res.phases.map((p) =>
          h(
            "div",
            { key: p.name },
            h("h3", null, `${p.name} (${p.kind})`),
            h(DataTable<PhaseChoice>, {
              testid: `lifecycle-phase-${p.kind}`,
              rows: p.choices,
              rowKey: (c) => c.deviceId,
              rowClass: (c) => (c.ok ? "" : "bad"),
              columns: [
                {
                  key: "device",
                  label: "device",
                  cell: (c) => `${p.chosen === c.deviceId ? "✔ " : ""}${c.deviceId}`,
                },
                {
                  key: "devices",
                  label: "devices",
                  num: true,
                  cell: (c) => (c.devices === undefined ? "–" : formatCount(c.devices)),
                },
                { key: "days", label: "days", num: true, cell: (c) => num(c.days) },
                { key: "dh", label: "device-hours", num: true, cell: (c) => num(c.deviceHours) },
                { key: "cost", label: "cost (USD)", num: true, cell: (c) => num(c.costUSD) },
                { key: "mwh", label: "energy (MWh)", num: true, cell: (c) => num(c.energyMWh) },
                {
                  key: "notes",
                  label: "notes and issues",
                  cell: (c) => [
                    ...c.issues.map((i) => h("div", { key: i.message, class: "issue" }, i.message)),
                    ...c.notes.map((n) => h("div", { key: n }, h("small", null, n))),
                  ],
                },
              ],
            }),
          ),
        ),
      ),
      res.notes.length > 0 &&
        h(
          "ul",
          { class: "facts" },
          res.notes.map((n) => h("li", { key: n }, h("small", null, n))),
        ),
    );
    content = h(Stale, {
      stale: state.resultKey !== state.key,
      note: "Scenario changed: this lifecycle is for the previous one.",
      children: content,
    });
  }
  return h("section", { "aria-busy": state.pending ? "true" : "false" }, head, content);
}
