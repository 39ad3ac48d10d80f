// Markdown of one evaluation: the CLI's content as tables, for issues, wikis and PRs.
import type { EvalResult } from "../engine/evaluate.ts";
import {
  formatMetric,
  formatNumber,
  headline,
  layoutLine,
  memoryParts,
  metricInfo,
  stepParts,
} from "./format.ts";
import type { ReportOptions } from "./index.ts";

/** Text as Markdown shows it literally: no table breaks, no raw HTML (renderers differ on sanitising). */
const cell = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

export function toMarkdown(r: EvalResult, o: ReportOptions = {}): string {
  const out: string[] = [
    `# ${cell(o.title ?? `xpuplan report: ${r.model.name} on ${r.hardware}`)}`,
    "",
    cell(headline(r)),
    "",
  ];
  const metrics = Object.entries(r.metrics).filter((e): e is [string, number] => e[1] !== undefined);
  if (metrics.length > 0) {
    out.push(
      "## Metrics",
      "",
      ...table(
        ["metric", "value"],
        metrics.map(([k, v]) => [metricInfo(k).label, formatMetric(k, v)]),
      ),
      "",
    );
  }
  const un = Object.entries(r.unpredicted);
  if (un.length > 0)
    out.push(
      "## Not predicted",
      "",
      ...table(
        ["metric", "why"],
        un.map(([k, why]) => [k, why]),
      ),
      "",
    );
  const layout = layoutLine(r);
  if (layout) out.push("## Training layout", "", cell(layout), "");
  const step = stepParts(r);
  if (step.length > 0) {
    const total = r.train?.step.stepSeconds ?? 0;
    out.push(
      "## Step time breakdown",
      "",
      ...table(
        ["part", "seconds", "share"],
        step.map((p) => [p.label, formatNumber(p.value), `${((100 * p.value) / (total || 1)).toFixed(1)} %`]),
      ),
      "",
    );
  }
  const mem = memoryParts(r);
  if (mem.length > 0) {
    out.push(
      "## Memory per device",
      "",
      ...table(
        ["part", "GiB"],
        mem.map((p) => [p.label, formatNumber(p.value)]),
      ),
    );
    if (o.capacityGiB !== undefined) out.push("", `Device capacity: ${formatNumber(o.capacityGiB)} GiB.`);
    out.push("");
  }
  if (r.issues.length > 0) {
    out.push(
      "## Issues",
      "",
      ...r.issues.map((i) => `- **${i.code}** \`${i.path.join(".")}\`: ${cell(i.message)}`),
      "",
    );
  }
  if (r.warnings.length > 0) {
    out.push(
      "## Warnings",
      "",
      ...r.warnings.map((w) => `- **${w.code}** \`${w.path.join(".")}\`: ${cell(w.message)}`),
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}
