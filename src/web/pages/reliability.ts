// Reliability of the job: expected interruptions, checkpoint interval, goodput and the seeded
// Monte Carlo distribution of the completion time.
import { type ComponentChild, h } from "preact";
import type { EvalResult } from "../../engine/evaluate.ts";
import type { ReliabilityReport } from "../../reliability/report.ts";
import { formatNumber } from "../../report/format.ts";
import { histogramChart } from "../charts.ts";
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
  };
  return h(
    "section",
    { "aria-busy": state.pending ? "true" : "false" },
    head,
    h(MetricCards, { metrics: figures, names: Object.keys(figures) }),
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
