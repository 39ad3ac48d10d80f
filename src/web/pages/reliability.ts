// Reliability of the job: expected interruptions with their interval, checkpoint interval,
// goodput, the failure rate at which the deadline breaks, the plan across every vendor's
// failure-rate range (the instability question), device-hours lost, and the seeded Monte Carlo
// distribution of the completion time.
import { type ComponentChild, h } from "preact";
import type { EvalResult } from "../../engine/evaluate.ts";
import type { EntryGoodput } from "../../reliability/range-goodput.ts";
import type { ReliabilityReport } from "../../reliability/report.ts";
import { formatNumber } from "../../report/format.ts";
import { breakEvenLine, interruptionsLine, lostLine, rangeRows } from "../../report/reliability-lines.ts";
import { histogramChart } from "../charts.ts";
import { DataTable } from "../data-table.ts";
import { rangeBarChart } from "../decision-charts.ts";
import type { EngineClient } from "../engine-client.ts";
import { IssuePanel } from "../issue-panel.ts";
import { Chart, type IssueLike, Issues, issuesOf, MetricCards, Notice } from "../ui.ts";
import { useOp } from "../use-op.ts";

export function ReliabilityPage(props: {
  text: string;
  valid: boolean;
  /** the scenario's own problems (shown here, next to the results they block) */
  issues: IssueLike[];
  onPick: (i: IssueLike) => void;
  client: EngineClient;
}): ComponentChild {
  const state = useOp(props.client, "reliability", props.text, {}, props.valid);
  const r = state.result;
  const head = h("h2", null, "Reliability");
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
  const e = r.body as EvalResult & { reliability?: ReliabilityReport };
  const rel = e.reliability;
  if (!rel)
    return h("section", null, head, h(Notice, { children: "The engine returned no reliability report." }));
  const mc = rel.monteCarlo;
  const figures: Record<string, number> = {
    interruptions: rel.interruptions,
    effectiveTrainingTimeFraction: rel.effectiveTrainingTimeFraction,
    wallClockDays: rel.wallClockDays,
    lostDeviceHours: rel.lostDeviceHours.value,
  };
  const rows = rangeRows(rel);
  const pct = (f: number) => `${formatNumber(100 * f)} %`;
  const three = (x: EntryGoodput, f: (p: EntryGoodput["low"]) => string) =>
    [x.low, x.value, x.high].map(f).join(" / ");
  const instability = h(
    "section",
    { "data-testid": "instability" },
    h("h3", null, "How unstable can it be?"),
    h(
      "ul",
      { class: "facts" },
      h("li", { "data-testid": "interruptions-interval" }, interruptionsLine(rel)),
      h("li", { "data-testid": "break-even" }, breakEvenLine(rel)),
      h("li", { "data-testid": "lost-device-hours" }, lostLine(rel)),
    ),
    h(Chart, {
      title:
        "Wall-clock days of this plan at each failure-rate entry's nominal value; whiskers: its low and high rate",
      testid: "chart-rate-ranges",
      deps: [JSON.stringify(rows), rel.breakEven?.deadlineDays],
      make: (width) =>
        rangeBarChart(
          rows.map((x) => ({
            name: x.entryId,
            value: x.value.wallClockDays,
            low: x.low.wallClockDays,
            high: x.high.wallClockDays,
          })),
          { xLabel: "wall-clock days", width },
        ),
    }),
    h(DataTable<EntryGoodput>, {
      testid: "rate-ranges",
      caption: "This plan across each entry's failure-rate range (low / nominal / high rate)",
      rows,
      rowKey: (x) => x.entryId,
      columns: [
        {
          key: "entry",
          label: "failure-rate entry",
          cell: (x) => `${x.entryId}${x.vendorClaim ? " (vendor claim)" : ""}`,
        },
        {
          key: "rate",
          label: "interruptions per device-hour",
          num: true,
          cell: (x) => three(x, (p) => p.perDeviceHour.toExponential(2)),
        },
        {
          key: "goodput",
          label: "effective training time",
          num: true,
          cell: (x) => three(x, (p) => pct(p.effectiveTrainingTimeFraction)),
        },
        {
          key: "days",
          label: "wall-clock days",
          num: true,
          cell: (x) => three(x, (p) => formatNumber(p.wallClockDays)),
        },
        {
          key: "deadline",
          label: "deadline",
          cell: (x) =>
            x.high.meetsDeadline === null
              ? "no deadline"
              : x.high.meetsDeadline
                ? "met across the range"
                : x.value.meetsDeadline
                  ? "missed at the high rate"
                  : x.low.meetsDeadline
                    ? "missed at the nominal rate"
                    : "missed",
        },
      ],
    }),
  );
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    head,
    h(MetricCards, { metrics: figures, names: Object.keys(figures) }),
    instability,
    h(
      "ul",
      { class: "facts" },
      h(
        "li",
        null,
        `Job MTBF ${formatNumber(rel.rates.jobMtbfHours)} h (rate entry "${rel.rates.entryId}", ${rel.rates.scope}${rel.rates.vendorClaim ? ", vendor claim" : ""})`,
      ),
      h(
        "li",
        null,
        `Checkpoint every ${formatNumber(rel.interval.usedMinutes)} min (${rel.interval.chosen}; Young ${formatNumber(rel.interval.youngMinutes)}, Daly ${formatNumber(rel.interval.dalyMinutes)} min)`,
      ),
      h(
        "li",
        null,
        `Restart ${formatNumber(rel.restart.totalSeconds / 60)} min; checkpoint save ${formatNumber(rel.checkpoint.saveSeconds)} s`,
      ),
      h(
        "li",
        null,
        `Useful ${formatNumber(rel.usefulDays)} days in ${formatNumber(rel.wallClockDays)} wall-clock days`,
      ),
      mc &&
        h(
          "li",
          null,
          `Monte Carlo (${mc.trials} trials, seed ${mc.seed}): median ${formatNumber(mc.p50Days)} d, p90 ${formatNumber(mc.p90Days)} d${mc.probabilityByDeadline !== null ? `, P(done by deadline) ${formatNumber(100 * mc.probabilityByDeadline)} %` : ""}`,
        ),
    ),
    mc && mc.histogram.length > 0
      ? h(Chart, {
          title: "Completion time over Monte Carlo trials",
          testid: "chart-reliability",
          deps: [JSON.stringify(mc.histogram), mc.deadlineDays],
          make: (width) => histogramChart(mc.histogram, mc.deadlineDays, width),
        })
      : h(Notice, { children: rel.monteCarloSkipped ?? "No Monte Carlo for this scenario." }),
    h(Issues, { issues: rel.warnings, kind: "warning" }),
  );
}
