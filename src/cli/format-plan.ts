// Text views for `xpuplan plan` and `xpuplan compare`: the best plans, the time-vs-cost front,
// why candidates were rejected, devices side by side, porting findings, lifecycles and engine
// settings. Pure: results in, strings out; the engine computed everything shown.
import type { Emitted } from "../export/plans.ts";
import type { LifecycleResult } from "../lifecycle/evaluate.ts";
import type { Finding } from "../porting/finding.ts";
import type { CompareResult } from "../search/compare.ts";
import type { PlanProgress, PlanResult, TrainingPlan } from "../search/plan-types.ts";
import { formatJobCost } from "./format-cost.ts";
import { displayWidth, formatNumber } from "./format-devices.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const opt = (x: number | undefined, f: (n: number) => string = formatNumber) =>
  x === undefined ? "-" : f(x);
const usd = (x: number) => `$${int(x)}`;

/** An aligned table: the `left` columns (the first n, or these indices) left-aligned, the rest right. */
export function table(head: string[], rows: string[][], left: number | readonly number[] = 1): string {
  const isLeft = (i: number) => (typeof left === "number" ? i < left : left.includes(i));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const fill = " ".repeat(Math.max(0, widths[i] - displayWidth(c)));
        return isLeft(i) ? c + fill : fill + c;
      })
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** "tp 1 pp 16 dp 128 cp 1 ep 64": the sizes that place devices. */
export function layoutLabel(p: TrainingPlan["parallel"]): string {
  return `tp ${p.tp} pp ${p.pp} dp ${p.dp} cp ${p.cp} ep ${p.ep}`;
}

function scheduleLabel(p: TrainingPlan["parallel"]): string {
  return p.schedule === "interleaved" ? `interleaved x${p.vpp}` : p.schedule;
}

function planRows(plans: TrainingPlan[], costBasis: PlanResult["costBasis"]): string[][] {
  return plans.map((p, i) => [
    String(i + 1),
    String(p.devices),
    layoutLabel(p.parallel),
    scheduleLabel(p.parallel),
    String(p.parallel.microBatch),
    p.parallel.recompute,
    String(p.parallel.zero),
    p.precision,
    formatNumber(p.figures.days),
    int(p.figures.deviceHours),
    costBasis === "usd" ? opt(p.figures.costUSD, usd) : "-",
    opt(p.figures.energyMWh),
    pct(p.figures.mfu),
    formatNumber(p.figures.memoryPerDeviceGiB),
  ]);
}

const PLAN_HEAD = [
  "#",
  "devices",
  "layout",
  "schedule",
  "mb",
  "recompute",
  "zero",
  "prec",
  "days",
  "device-h",
  "cost",
  "MWh",
  "MFU",
  "GiB/dev",
];

/** The counts line: how many candidates, how many evaluated, and why the rest died. */
export function formatCounts(r: PlanResult): string {
  const c = r.counts;
  const lines = [
    `${int(c.space)} candidates: ${int(c.fits)} fit (${int(c.evaluated)} full evaluations, ${int(c.pruned)} decided by bounds and dominance)`,
  ];
  const reasons = Object.entries(c.byCode).sort((a, b) => b[1] - a[1]);
  for (const [code, n] of reasons) lines.push(`  ${int(n)} rejected: ${code}`);
  if (r.stopped)
    lines.push(
      `  stopped early: ${int(c.space - c.candidates)} not decided; the plans are the best of what was searched`,
    );
  return lines.join("\n");
}

export function formatPlanResult(r: PlanResult): string {
  const tokens =
    r.tokens.basis === "scenario"
      ? `${r.tokens.value.toExponential(2)} tokens`
      : "per 1e12 tokens (no train.tokens)";
  const out = [`Training plans by ${r.objective}, ${tokens}`];
  if (r.plans.length > 0) {
    out.push("", table(PLAN_HEAD, planRows(r.plans, r.costBasis), [2, 3, 5, 7]));
    const rel = r.plans[0].reliability;
    if (rel) {
      out.push(
        `with failures (#1): ${formatNumber(rel.wallClockDays)} days, ${formatNumber(rel.interruptions)} interruptions expected, goodput ${pct(rel.effectiveTrainingTimeFraction)}, checkpoint every ${formatNumber(rel.checkpointIntervalMinutes)} min`,
      );
    }
  } else {
    out.push("", "no plan fits:");
    for (const i of r.issues) out.push(`  ${i.code}: ${i.message}`);
  }
  const best = r.plans[0]?.cost ?? r.plans[0]?.report.cost;
  if (best) out.push("", ...formatJobCost(best).map((l) => (l.startsWith("cost ") ? `#1 ${l}` : l)));
  if (r.pareto.length > 1) {
    const costHead = r.costBasis === "usd" ? "cost" : "device-h";
    const rows = r.pareto.map((p) => [
      String(p.devices),
      layoutLabel(p.parallel),
      formatNumber(p.figures.days),
      r.costBasis === "usd" ? opt(p.figures.costUSD, usd) : int(p.figures.deviceHours),
    ]);
    out.push("", "Time vs cost (Pareto front):", table(["devices", "layout", "days", costHead], rows, 2));
  }
  out.push("", formatCounts(r));
  const notes = r.notes.filter((n) => !(best && n.startsWith("cost basis:")));
  if (notes.length > 0) out.push("", ...notes.map((n) => `note: ${n}`));
  return out.join("\n");
}

/** One line for a TTY status (the CLI overwrites it in place). */
export function formatProgress(p: PlanProgress): string {
  const share = p.space > 0 ? ` (${((100 * p.decided) / p.space).toFixed(0)}%)` : "";
  const best = p.best
    ? `; best ${formatNumber(p.best.figures.days)} days, ${layoutLabel(p.best.parallel)}`
    : "";
  return `searching: ${int(p.decided)} of ${int(p.space)} candidates${share}, ${int(p.evaluated)} evaluated${best}`;
}

const interval = (
  v: number | undefined,
  i: [number, number] | undefined,
  f: (n: number) => string = formatNumber,
) => (v === undefined ? "-" : i && f(i[0]) !== f(i[1]) ? `${f(v)} (${f(i[0])}-${f(i[1])})` : f(v));

export function formatCompare(r: CompareResult): string {
  const tokens =
    r.tokens.basis === "scenario" ? `${r.tokens.value.toExponential(2)} tokens` : "per 1e12 tokens";
  const rows = r.rows.map((x) => [
    x.deviceId,
    x.ok ? `${x.devices}${x.devicesChanged ? "*" : ""}` : "-",
    x.precision ?? "-",
    x.ok ? interval(x.days, x.interval?.days) : "no plan",
    interval(x.deviceHours, x.interval?.deviceHours, int),
    interval(x.energyMWh, x.interval?.energyMWh),
    x.ok && x.costUSD === undefined ? "no price" : interval(x.costUSD, x.interval?.costUSD, usd),
    x.tokensPerSecondPerDevice === undefined ? "-" : int(x.tokensPerSecondPerDevice),
    x.mfu === undefined ? "-" : `${pct(x.mfu)} of ${x.precision} peak`,
    x.reliability ? formatNumber(x.reliability.interruptions) : "-",
    x.reliability ? formatNumber(x.reliability.wallClockDays) : "-",
  ]);
  const head = [
    "device",
    "devices",
    "prec",
    "days",
    "device-h",
    "MWh",
    "cost",
    "tok/s/dev",
    "MFU",
    "interrupts",
    "days w/ fail",
  ];
  const sized =
    r.mode === "deadline"
      ? ", devices sized to the deadline"
      : r.mode === "budget"
        ? ", devices sized to the budget"
        : "";
  const out = [
    `Best training plan per device by ${r.objective}, ${tokens}${sized}`,
    "",
    table(head, rows, 1),
  ];
  if (r.rows.some((x) => x.devicesChanged))
    out.push(
      r.mode === "devices"
        ? "* the device count asked for does not fit: the smallest whole number of nodes that does"
        : "* sized: see each device's note",
    );
  if (r.rows.some((x) => x.interval))
    out.push("(a-b): the same layout at the pessimistic and optimistic ends of the device's ranged figures");
  for (const x of r.rows) {
    const lines = [
      ...(x.plan
        ? [
            `layout ${layoutLabel(x.plan.parallel)}, ${scheduleLabel(x.plan.parallel)}, mb ${x.plan.parallel.microBatch}, recompute ${x.plan.parallel.recompute}, zero ${x.plan.parallel.zero}`,
          ]
        : []),
      ...(x.cost ? formatJobCost(x.cost) : []),
      ...x.issues.map((i) => `${i.code}: ${i.message}`),
      ...x.notes.filter((n) => !n.startsWith("cost basis:")),
      ...(x.interval ? [`ranged figures: ${x.interval.figures.join(", ")}`] : []),
    ];
    if (lines.length > 0) out.push("", `${x.deviceId}:`, ...lines.map((l) => `  ${l}`));
  }
  if (r.notes.length > 0) out.push("", ...r.notes.map((n) => `note: ${n}`));
  return out.join("\n");
}

export function formatFindings(findings: Finding[], title = "Porting findings"): string {
  if (findings.length === 0) return `${title}: none`;
  const out = [`${title}:`];
  for (const f of findings) {
    out.push(`${f.severity.padEnd(7)} ${f.code}: ${f.message} [${formatNumber(f.number)} ${f.unit}]`);
    out.push(`        -> ${f.suggestion}`);
  }
  return out.join("\n");
}

export function formatLifecycle(r: LifecycleResult): string {
  const out = [`Lifecycle, devices chosen per phase by ${r.objective}`];
  for (const p of r.phases) {
    const rows = p.choices.map((c) => [
      `${c.deviceId === p.chosen ? "> " : "  "}${c.deviceId}`,
      c.ok ? String(c.devices ?? "-") : "no plan",
      opt(c.days),
      opt(c.deviceHours, int),
      opt(c.costUSD, usd),
      opt(c.energyMWh),
    ]);
    out.push(
      "",
      `${p.name} (${p.kind}):`,
      table(["device", "devices", "days", "device-h", "cost", "MWh"], rows, 1),
    );
    for (const c of p.choices) for (const i of c.issues) out.push(`  ${c.deviceId}: ${i.code}: ${i.message}`);
  }
  const t = r.totals;
  out.push(
    "",
    `total: ${formatNumber(t.days)} days, ${int(t.deviceHours)} device-hours, cost ${opt(t.costUSD, usd)}, ${opt(t.energyMWh)} MWh${t.missing.length ? ` (without ${t.missing.join(", ")})` : ""}`,
  );
  out.push(...r.notes.map((n) => `note: ${n}`));
  return out.join("\n");
}

/** Engine settings with the notes as comments (# for a command line, a trailing list for JSON). */
export function formatEmitted(e: Emitted): string {
  const notes = e.notes.map((n) => `# ${n}`);
  const cannot =
    e.unexpressed.length > 0 ? [`# cannot express: ${e.unexpressed.join(", ")} (see the notes)`] : [];
  return [`# ${e.engine}`, ...cannot, ...notes, e.text].join("\n");
}
