// The layout search (src/search planTraining) from the training page: the N best layouts for the
// scenario by an objective, why the other candidates were rejected, and a button that writes a
// chosen layout into the scenario. The search shows its progress and can be cancelled; its table
// is greyed, and "Use" disabled, as soon as the scenario it was made for changes.
import { type ComponentChild, h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { parse } from "yaml";
import { ISSUE_CODES } from "../../issues.ts";
import { formatMetric, formatNumber } from "../../report/format.ts";
import type { PlanResult, TrainingPlan } from "../../search/index.ts";
import type { OpResult } from "../../server/operations.ts";
import type { SearchProgress } from "../../server/search-run.ts";
import { DataTable } from "../data-table.ts";
import { type FrontPoint, paretoChart } from "../decision-charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { EngineSettings } from "../engine-settings.ts";
import { SearchProgressBar } from "../progress.ts";
import { writeField } from "../scenario-form.ts";
import { Stale } from "../stale.ts";
import { Chart, Issues, issuesOf } from "../ui.ts";

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

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** What a search depends on: the scenario without its parallel block (which the search chooses),
 * as canonical JSON; undefined when the text does not parse. */
export function searchKey(text: string): string | undefined {
  try {
    const s = parse(text) as Record<string, unknown> | null;
    if (!s || typeof s !== "object") return undefined;
    const { parallel: _, ...rest } = s;
    return JSON.stringify(sorted(rest));
  } catch {
    return undefined;
  }
}

/** Plans as points of the time-versus-cost chart: the front, and the ranked plans beside it. */
function frontPoints(res: PlanResult): FrontPoint[] {
  const cost = (p: TrainingPlan) =>
    res.costBasis === "usd" ? (p.figures.costUSD ?? Number.NaN) : p.figures.deviceHours;
  const key = (p: TrainingPlan) => JSON.stringify([p.devices, p.precision, p.parallel]);
  const front = new Set(res.pareto.map(key));
  const all = [...res.pareto, ...res.plans.filter((p) => !front.has(key(p)))];
  return all
    .map((p) => ({
      days: p.figures.days,
      cost: cost(p),
      label: `${p.devices} devices, ${layoutOf(p.parallel)}, ${p.precision}`,
      front: front.has(key(p)),
    }))
    .filter((p) => Number.isFinite(p.days) && Number.isFinite(p.cost));
}

/** "32, 128" -> [32, 128]; undefined when empty or not whole positive numbers. */
export function deviceCountsOf(text: string): number[] | undefined {
  const n = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  return n.length > 0 && n.every((x) => Number.isInteger(x) && x > 0) ? n.slice(0, 16) : undefined;
}

interface Run {
  running: boolean;
  progress?: SearchProgress;
  cancelling?: boolean;
  result?: OpResult;
  /** searchKey of the scenario the result is for */
  forKey?: string;
}

export function PlanSearch(props: {
  text: string;
  client: EngineClient;
  setText: (t: string) => void;
  /** changed by the page to start a search from elsewhere (a "find a layout" fix button) */
  runRequest?: number;
}): ComponentChild {
  const [objective, setObjective] = useState<(typeof OBJECTIVES)[number]>("time");
  const [state, setState] = useState<Run>({ running: false });
  const [counts, setCounts] = useState("");
  const [settingsOf, setSettingsOf] = useState<number | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const here = useRef<HTMLElement>(null);
  const key = searchKey(props.text);

  const run = async () => {
    if (key === undefined) return;
    const { parallel: _, ...rest } = parse(props.text) as Record<string, unknown>;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ running: true, forKey: key });
    setSettingsOf(undefined);
    const deviceCounts = deviceCountsOf(counts);
    const result = await props.client.run(
      "plan",
      JSON.stringify({
        scenario: rest,
        options: { objective, top: 5, ...(deviceCounts ? { deviceCounts } : {}) },
      }),
      {},
      {
        signal: controller.signal,
        onProgress: (progress) => setState((s) => (s.running ? { ...s, progress } : s)),
      },
    );
    if (abort.current === controller) setState({ running: false, result, forKey: key });
  };
  const cancel = () => {
    setState((s) => ({ ...s, cancelling: true }));
    abort.current?.abort();
  };

  useEffect(() => {
    if (!props.runRequest) return;
    here.current?.scrollIntoView({ block: "start" });
    void run();
  }, [props.runRequest]);

  const r = state.result;
  const stale = r !== undefined && state.forKey !== key;
  let content: ComponentChild = null;
  if (state.running)
    content = h(SearchProgressBar, {
      label: "Searching layouts…",
      progress: state.progress,
      onCancel: cancel,
      cancelling: state.cancelling,
    });
  else if (r && r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else if (r) {
    const res = r.body as PlanResult;
    const byCode = Object.entries(res.counts.byCode).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
    const table = h(
      "div",
      null,
      h(
        "p",
        { class: "layout" },
        `${formatNumber(res.counts.space)} layouts in the space; ${formatNumber(res.counts.evaluated)} evaluated, ${formatNumber(res.counts.fits)} fit${res.stopped ? "; stopped early (cancelled or at the time limit): the best so far" : ""}. Rejected: `,
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
        h(DataTable<TrainingPlan>, {
          testid: "plan-table",
          rows: res.plans,
          rowKey: (_, i) => String(i),
          columns: [
            { key: "rank", label: "#", cell: (_, i) => String(i + 1) },
            { key: "devices", label: "devices", num: true, cell: (p) => String(p.devices) },
            { key: "precision", label: "precision", cell: (p) => p.precision },
            { key: "layout", label: "layout", cell: (p) => h("small", null, layoutOf(p.parallel)) },
            {
              key: "tokens",
              label: "tokens/s/device",
              num: true,
              cell: (p) => formatMetric("tokensPerSecondPerDevice", p.figures.tokensPerSecondPerDevice),
            },
            { key: "mfu", label: "MFU", num: true, cell: (p) => formatMetric("mfu", p.figures.mfu) },
            {
              key: "memory",
              label: "memory",
              num: true,
              cell: (p) => formatMetric("memoryPerDeviceGiB", p.figures.memoryPerDeviceGiB),
            },
            { key: "days", label: "days", num: true, cell: (p) => formatNumber(p.figures.days) },
            {
              key: "cost",
              label: "cost",
              num: true,
              cell: (p) =>
                p.figures.costUSD === undefined ? "–" : formatMetric("costUSD", p.figures.costUSD),
            },
            {
              key: "settings",
              label: "",
              cell: (_, i) =>
                h(
                  "button",
                  {
                    type: "button",
                    "data-testid": `settings-plan-${i}`,
                    disabled: stale,
                    onClick: () => setSettingsOf(settingsOf === i ? undefined : i),
                  },
                  settingsOf === i ? "Hide settings" : "Engine settings",
                ),
            },
            {
              key: "use",
              label: "",
              cell: (p, i) =>
                h(
                  "button",
                  {
                    type: "button",
                    "data-testid": `use-plan-${i}`,
                    disabled: stale,
                    title: stale
                      ? "made for another scenario: search again"
                      : "write this layout into the scenario",
                    onClick: () => {
                      if (stale) return;
                      const next = applyPlan(props.text, p);
                      if (next === undefined) return;
                      // the plan is now the scenario's: the table stays current
                      setState((s) => ({ ...s, forKey: searchKey(next) }));
                      props.setText(next);
                    },
                  },
                  "Use",
                ),
            },
          ],
        }),
      settingsOf !== undefined &&
        res.plans[settingsOf] &&
        h(EngineSettings, {
          client: props.client,
          text: props.text,
          testid: "plan-settings",
          choice: {
            kind: "train",
            plan: {
              devices: res.plans[settingsOf].devices,
              precision: res.plans[settingsOf].precision,
              parallel: res.plans[settingsOf].parallel,
            },
          },
        }),
      res.pareto.length > 0 &&
        h(Chart, {
          title: `Time against ${res.costBasis === "usd" ? "cost" : "device-hours (the device has no price)"}: the front of plans no other plan beats on both (blue), the ranked plans (grey)`,
          testid: "chart-pareto",
          deps: [JSON.stringify(frontPoints(res))],
          make: (width) =>
            paretoChart(frontPoints(res), {
              costLabel: res.costBasis === "usd" ? "cost (USD)" : "device-hours",
              width,
            }),
        }),
      res.notes.length > 0 &&
        h(
          "ul",
          { class: "facts" },
          res.notes.map((n) => h("li", { key: n }, h("small", null, n))),
        ),
    );
    content = h(Stale, {
      stale,
      testid: "plan-result",
      note: "Scenario changed since this search: its layouts are for the previous scenario. Search again.",
      children: table,
    });
  }
  return h(
    "section",
    { class: "plan-search", ref: here, id: "plan-search" },
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
        "label",
        null,
        "also at device counts ",
        h("input", {
          type: "text",
          size: 10,
          value: counts,
          placeholder: "e.g. 32, 128",
          title: "more device counts to search, for the time-versus-cost front",
          "data-testid": "plan-counts",
          onInput: (e: Event) => setCounts((e.target as HTMLInputElement).value),
        }),
      ),
      " ",
      h(
        "button",
        {
          type: "button",
          onClick: run,
          disabled: state.running || key === undefined,
          "data-testid": "plan-run",
        },
        stale ? "Search again" : "Find the best layouts",
      ),
    ),
    content,
  );
}
