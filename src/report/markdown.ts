// Markdown of one evaluation, for issues, wikis and PRs: the verdict as its first line, then the
// report's sections (./sections.ts), charts given as the tables of their numbers.
import type { EvalResult } from "../engine/evaluate.ts";
import type { ReportOptions } from "./index.ts";
import { type Block, reportContent, type Table } from "./sections.ts";

/** Text as Markdown shows it literally: no table breaks, no raw HTML (renderers differ on sanitising). */
const cell = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");

function table(t: Table): string[] {
  return [
    `| ${t.head.map(cell).join(" | ")} |`,
    `| ${t.head.map(() => "---").join(" | ")} |`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
  ];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case "p":
      return [cell(b.text), ""];
    case "list":
      return [...b.items.map((i) => `- ${cell(i)}`), ""];
    case "table":
      return table(b.table);
    case "figure":
      return b.table ? table(b.table) : [];
    case "code": {
      // a fence longer than any run of backticks in the text
      const fence = "`".repeat(Math.max(3, ...[...b.text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return [`${fence}yaml`, b.text.trimEnd(), fence, ""];
    }
  }
}

export function toMarkdown(r: EvalResult, o: ReportOptions = {}): string {
  const c = reportContent(r, o);
  const out: string[] = [`# ${cell(c.verdict.line)}`, "", cell(c.subtitle), "", `_${cell(c.about)}_`, ""];
  for (const s of c.sections) out.push(`## ${cell(s.title)}`, "", ...s.blocks.flatMap(block));
  return `${out.join("\n").trimEnd()}\n`;
}
