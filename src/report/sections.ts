// The report's content once, as plain blocks the HTML and Markdown writers both render, so the two
// say the same thing: the verdict first, then the numbers with their intervals, the plan, money
// with its basis, reliability's interval and break-even, problems, and the inputs and assumptions
// (scenario, engine defaults with where each came from, calibration, version and date). Labels
// only: no engine key reaches the reader, except inside the scenario as the user wrote it.
import type { EvalResult } from "../engine/evaluate.ts";
import { trainingTimeline } from "../train/timeline.ts";
import { attentionRateLine, costBasisLine, costParts, stackRows } from "./assumptions.ts";
import {
  formatCount,
  formatFigure,
  formatMetric,
  formatNumber,
  formatRange,
  layoutLine,
  memoryParts,
  metricInfo,
  stepParts,
} from "./format.ts";
import type { ReportOptions } from "./index.ts";
import { breakEvenLine, interruptionsLine, lostLine } from "./reliability-lines.ts";
import { histogramSvg, stackedBarSvg, timelineSvg } from "./svg.ts";
import { type Verdict, verdict } from "./verdict.ts";

export interface Table {
  head: string[];
  rows: string[][];
}

export type Block =
  | { kind: "p"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; table: Table }
  /** a chart (inline SVG in HTML) and the same numbers as a table (Markdown) */
  | { kind: "figure"; svg: string; table?: Table }
  | { kind: "code"; text: string };

export interface Section {
  title: string;
  blocks: Block[];
}

export interface ReportContent {
  verdict: Verdict;
  subtitle: string;
  about: string;
  sections: Section[];
}

const usd = (x: number) => `$${formatNumber(x)}`;

function numbers(r: EvalResult): Section {
  const rows = Object.entries(r.metrics)
    .filter((e): e is [string, number] => e[1] !== undefined)
    .map(([k, v]) => {
      const iv = r.intervals[k];
      return [
        metricInfo(k).label,
        formatMetric(k, v),
        iv ? `${formatRange(k, iv.low, iv.high)}${iv.fitted ? "" : " (never measured: widest)"}` : "",
      ];
    });
  const blocks: Block[] = [{ kind: "table", table: { head: ["", "value", "90% interval"], rows } }];
  const un = Object.entries(r.unpredicted);
  if (un.length > 0)
    blocks.push({
      kind: "table",
      table: { head: ["not predicted", "why"], rows: un.map(([k, why]) => [metricInfo(k).label, why]) },
    });
  return { title: "Headline numbers", blocks };
}

function plan(r: EvalResult, o: ReportOptions): Section | undefined {
  if (!r.train) return undefined;
  const blocks: Block[] = [{ kind: "p", text: `Layout: ${layoutLine(r)}.` }];
  const step = stepParts(r);
  const total = r.train.step.stepSeconds;
  blocks.push({
    kind: "figure",
    svg: stackedBarSvg(step, {
      title: "Step time on the busiest device",
      unit: "s",
      axis: "time per step (s)",
    }),
    table: {
      head: ["part of the step", "seconds", "share"],
      rows: step.map((p) => [
        p.label,
        formatNumber(p.value),
        `${formatNumber((100 * p.value) / (total || 1))} %`,
      ]),
    },
  });
  const mem = memoryParts(r);
  const limit =
    o.capacityGiB !== undefined
      ? { value: o.capacityGiB, label: `capacity ${formatNumber(o.capacityGiB)} GiB` }
      : undefined;
  blocks.push({
    kind: "figure",
    svg: stackedBarSvg(mem, {
      title: "Peak memory per device",
      unit: "GiB",
      axis: "memory per device (GiB)",
      limit,
    }),
    table: {
      head: ["memory", "GiB"],
      rows: [
        ...mem.map((p) => [p.label, formatNumber(p.value)]),
        ...(limit ? [["device capacity", formatNumber(limit.value)]] : []),
      ],
    },
  });
  const t = trainingTimeline(r.train.layout, r.train.step);
  blocks.push({
    kind: "figure",
    svg: timelineSvg(t, { title: `One training step (${r.train.layout.schedule} schedule)` }),
  });
  return { title: "The training plan", blocks };
}

function money(r: EvalResult): Section | undefined {
  const c = r.cost ?? r.train?.cost;
  if (!c) {
    const w = r.warnings.find((i) => i.code === "price_unknown");
    return w
      ? { title: "Cost", blocks: [{ kind: "p", text: `No cost: ${w.message.split(", e.g.")[0]}.` }] }
      : undefined;
  }
  const rows = costParts(c).map((p) => [
    p.label,
    usd(p.value),
    p.low !== p.high ? `${usd(p.low)}–${usd(p.high)}` : "",
  ]);
  return {
    title: r.cost ? "Cost, with the work lost to interruptions" : "Cost",
    blocks: [
      {
        kind: "p",
        text: `${usd(c.totalUSD.value)} for ${formatNumber(c.deviceHours)} device-hours. Basis: ${costBasisLine(c)}.`,
      },
      { kind: "table", table: { head: ["part", "US dollars", "range"], rows } },
      ...(c.notes.length > 0 ? [{ kind: "list" as const, items: c.notes }] : []),
    ],
  };
}

function reliability(r: EvalResult): Section | undefined {
  const rel = r.reliability;
  if (!rel) return undefined;
  const items = [interruptionsLine(rel), breakEvenLine(rel), lostLine(rel)];
  const mc = rel.monteCarlo;
  if (mc)
    items.push(
      `Monte Carlo (${formatNumber(mc.trials)} trials, seed ${mc.seed}): median ${formatNumber(mc.p50Days)} days, 90th percentile ${formatNumber(mc.p90Days)} days${mc.probabilityByDeadline !== null ? `, ${formatNumber(100 * mc.probabilityByDeadline)} % done by the deadline` : ""}.`,
    );
  const blocks: Block[] = [{ kind: "list", items }];
  if (mc && mc.histogram.length > 0) {
    const bins = mc.histogram.map((b) => ({ low: b.lowDays, high: b.highDays, count: b.count }));
    const marker = mc.deadlineDays
      ? { value: mc.deadlineDays, label: `deadline ${formatNumber(mc.deadlineDays)} d` }
      : undefined;
    blocks.push({
      kind: "figure",
      svg: histogramSvg(bins, {
        title: "Completion time over the Monte Carlo trials",
        unit: "days",
        axis: "completion time (days)",
        countAxis: "trials",
        marker,
      }),
    });
  }
  return { title: "Reliability", blocks };
}

function problems(r: EvalResult): Section | undefined {
  if (r.issues.length === 0 && r.warnings.length === 0) return undefined;
  const blocks: Block[] = [];
  if (r.issues.length > 0)
    blocks.push(
      { kind: "p", text: "What blocks the plan:" },
      { kind: "list", items: r.issues.map((i) => i.message) },
    );
  if (r.warnings.length > 0)
    blocks.push(
      { kind: "p", text: "Worth knowing:" },
      { kind: "list", items: r.warnings.map((w) => w.message) },
    );
  return { title: "Problems and warnings", blocks };
}

function inputs(r: EvalResult, o: ReportOptions): Section {
  const c = o.context ?? {};
  const family = r.train?.calibrationFamily ?? r.infer?.calibrationFamily;
  const ivs = Object.values(r.intervals);
  const lines: string[] = [];
  if (family)
    lines.push(
      `Efficiencies: calibration family ${family}${ivs.length > 0 ? (ivs[0].fitted ? ", fitted on measured runs of this kind" : ", never measured on runs of this kind") : ""}${c.calibrationOverlay ? ", with the scenario's own calibration overlay" : ""}.`,
    );
  const attention = attentionRateLine(r.train?.attention, true);
  if (attention) lines.push(attention);
  if (ivs.length > 0)
    lines.push(
      `90% intervals: from the leave-one-source-out residuals of ${ivs[0].regime} (${ivs[0].n} cases).`,
    );
  const blocks: Block[] = [
    { kind: "list", items: lines.length > 0 ? lines : ["No calibrated prediction in this report."] },
  ];
  if (r.train)
    blocks.push({
      kind: "table",
      table: {
        head: ["training software", "setting", "from"],
        rows: stackRows(r.train.stack).map((s) => [s.label, s.value, s.from]),
      },
    });
  const as = r.reliability?.assumptions ?? [];
  if (as.length > 0)
    blocks.push({
      kind: "table",
      table: {
        head: ["reliability assumption", "value", "from"],
        rows: as.map((a) => [
          metricInfo(a.name).label,
          `${formatFigure(a.name, a.value)}${metricInfo(a.name).unit ? "" : ` ${a.unit}`}`,
          `${a.source} (${a.confidence})`,
        ]),
      },
    });
  if (c.scenarioText)
    blocks.push({ kind: "p", text: "The scenario as given:" }, { kind: "code", text: c.scenarioText });
  return { title: "Inputs and assumptions", blocks };
}

export function reportContent(r: EvalResult, o: ReportOptions = {}): ReportContent {
  const c = o.context ?? {};
  const v = verdict(r, c);
  const subtitle = `xpuplan report: ${r.model.name} on ${formatCount(r.devices)} × ${c.deviceName ?? r.hardware}; ${formatNumber(r.model.totalParams / 1e9, 4)}B parameters (${formatNumber(r.model.activeParams / 1e9, 4)}B active per token).`;
  const about = [
    `xpuplan ${c.version ?? "(version unknown)"}`,
    `catalog calibration of ${c.calibrationDate ?? "an unknown date"}`,
    "every figure traces to the engine's formulas and the cited catalog (xpuplan devices)",
  ].join(" · ");
  const sections = [numbers(r), plan(r, o), money(r), reliability(r), problems(r), inputs(r, o)].filter(
    (s): s is Section => s !== undefined,
  );
  return { verdict: v, subtitle, about, sections };
}
