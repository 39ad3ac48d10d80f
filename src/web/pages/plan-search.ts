// The layout search (src/search planTraining) from the training page: the N best layouts for the
// scenario by an objective, why the other candidates were rejected, and a button that writes a
// chosen layout into the scenario.
import { type ComponentChild, h } from "preact";
import { useState } from "preact/hooks";
import { parse } from "yaml";
import { ISSUE_CODES } from "../../issues.ts";
import { formatMetric, formatNumber } from "../../report/format.ts";
import type { PlanResult, TrainingPlan } from "../../search/index.ts";
import type { OpResult } from "../../server/operations.ts";
import type { EngineClient } from "../engine-client.ts";
import { writeField } from "../scenario-form.ts";
import { Issues, issuesOf, Notice } from "../ui.ts";

const OBJECTIVES = ["time", "cost", "energy", "device-hours", "goodput-time"] as const;

const layoutOf = (p: TrainingPlan["parallel"]) =>
  `tp ${p.tp} · pp ${p.pp} · dp ${p.dp}${p.cp > 1 ? ` · cp ${p.cp}` : ""}${p.ep > 1 ? ` · ep ${p.ep}` : ""}${p.vpp > 1 ? ` · vpp ${p.vpp}` : ""}, mb ${p.microBatch}, ${p.schedule}, recompute ${p.recompute}, ZeRO ${p.zero}`;

/** The scenario text with a plan's layout, precision and device count written in. */
export function applyPlan(text: string, plan: TrainingPlan): string | undefined {
  let t: string | undefined = text;
  const set = (path: (string | number)[], v: unknown) => {
    if (t !== undefined) t = writeField(t, path, v);
  };
  set(["devices"], plan.devices);
  set(["train", "precision"], plan.precision);
  for (const [k, v] of Object.entries(plan.parallel)) set(["parallel", k], v);
  return t;
}

export function PlanSearch(props: {
  text: string;
  client: EngineClient;
  setText: (t: string) => void;
}): ComponentChild {
  const [objective, setObjective] = useState<(typeof OBJECTIVES)[number]>("time");
  const [state, setState] = useState<{ running: boolean; result?: OpResult }>({ running: false });
  const run = async () => {
    let scenario: unknown;
    try {
      scenario = parse(props.text);
    } catch {
      return;
    }
    // the search chooses the layout: leave out the scenario's own
    const { parallel: _, ...rest } = scenario as Record<string, unknown>;
    setState({ running: true });
    const result = await props.client.run(
      "plan",
      JSON.stringify({ scenario: rest, options: { objective, top: 5 } }),
    );
    setState({ running: false, result });
  };
  const r = state.result;
  let content: ComponentChild = null;
  if (state.running) content = h(Notice, { children: "Searching layouts…" });
  else if (r && r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else if (r) {
    const res = r.body as PlanResult;
    const byCode = Object.entries(res.counts.byCode).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
    content = h(
      "div",
      null,
      h(
        "p",
        { class: "layout" },
        `${formatNumber(res.counts.space)} layouts in the space; ${formatNumber(res.counts.evaluated)} evaluated, ${formatNumber(res.counts.fits)} fit${res.stopped ? "; stopped at the time limit (best so far)" : ""}. Rejected: `,
        byCode.map(([code, n], i) =>
          h(
            "span",
            { key: code, title: (ISSUE_CODES as Record<string, string>)[code] ?? "" },
            `${i > 0 ? ", " : ""}${code} ${formatNumber(n ?? 0)}`,
          ),
        ),
        ".",
      ),
      h(Issues, { issues: res.issues, kind: "error" }),
      res.plans.length > 0 &&
        h(
          "table",
          { class: "grid", "data-testid": "plan-table" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              [
                "#",
                "devices",
                "precision",
                "layout",
                "tokens/s/device",
                "MFU",
                "memory",
                "days",
                "cost",
                "",
              ].map((c) => h("th", { key: c }, c)),
            ),
          ),
          h(
            "tbody",
            null,
            res.plans.map((p, i) =>
              h(
                "tr",
                { key: i },
                h("td", null, String(i + 1)),
                h("td", { class: "num" }, String(p.devices)),
                h("td", null, p.precision),
                h("td", null, layoutOf(p.parallel)),
                h(
                  "td",
                  { class: "num" },
                  formatMetric("tokensPerSecondPerDevice", p.figures.tokensPerSecondPerDevice),
                ),
                h("td", { class: "num" }, formatMetric("mfu", p.figures.mfu)),
                h("td", { class: "num" }, formatMetric("memoryPerDeviceGiB", p.figures.memoryPerDeviceGiB)),
                h("td", { class: "num" }, formatNumber(p.figures.days)),
                h(
                  "td",
                  { class: "num" },
                  p.figures.costUSD === undefined ? "–" : formatMetric("costUSD", p.figures.costUSD),
                ),
                h(
                  "td",
                  null,
                  h(
                    "button",
                    {
                      type: "button",
                      "data-testid": `use-plan-${i}`,
                      onClick: () => {
                        const next = applyPlan(props.text, p);
                        if (next !== undefined) props.setText(next);
                      },
                    },
                    "Use",
                  ),
                ),
              ),
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
  }
  return h(
    "section",
    { class: "plan-search" },
    h("h3", null, "Search layouts"),
    h(
      "p",
      null,
      "Best by ",
      h(
        "select",
        {
          value: objective,
          onChange: (e: Event) => setObjective((e.target as HTMLSelectElement).value as typeof objective),
        },
        OBJECTIVES.map((o) => h("option", { key: o, value: o }, o)),
      ),
      " ",
      h(
        "button",
        { type: "button", onClick: run, disabled: state.running, "data-testid": "plan-run" },
        "Find the best layouts",
      ),
    ),
    content,
  );
}
