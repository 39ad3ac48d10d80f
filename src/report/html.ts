// One self-contained HTML file to forward: the verdict as its first line, then the report's
// sections (./sections.ts). No script, no external style, font or image: the charts are inline
// SVG, so the file can be mailed, archived, opened offline or printed to PDF (print CSS: A4,
// no section split across pages) and shows the same.
import type { EvalResult } from "../engine/evaluate.ts";
import type { ReportOptions } from "./index.ts";
import { FONT_STACK } from "./palette.ts";
import { type Block, reportContent, type Table } from "./sections.ts";
import { escapeXml as esc } from "./svg.ts";

const STYLE = `body{font-family:${FONT_STACK};max-width:960px;margin:2em auto;padding:0 1em;color:#222}
h1.verdict{font-size:1.4em;padding:.4em .7em;border-left:6px solid #2e7d32;background:#eef7ee}
h1.verdict.no{border-color:#b00020;background:#fdecee}.subtitle{font-size:1.05em}.about{color:#555;font-size:.85em}
table{border-collapse:collapse;margin:.5em 0 1.2em}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1em 0}h2{font-size:1.15em;margin-top:1.6em}pre{background:#f4f4f4;padding:.6em;overflow-x:auto;font-size:.85em}
svg{max-width:100%;height:auto}
@media print{@page{size:A4;margin:14mm}body{max-width:none;margin:0;padding:0;font-size:10.5pt}
h2{break-after:avoid}section,figure,table,pre{break-inside:avoid}h1.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}}`;

/** A cell that holds a figure is right-aligned: it starts with a number, a sign or a currency. */
const isFigure = (s: string) => /^[-+$]?\d/.test(s);

function table(t: Table): string {
  const head = `<tr>${t.head.map((x) => `<th>${esc(x)}</th>`).join("")}</tr>`;
  const rows = t.rows.map(
    (r) =>
      `<tr>${r.map((x, i) => `<td${i > 0 && isFigure(x) ? ' class="num"' : ""}>${esc(x)}</td>`).join("")}</tr>`,
  );
  return `<table>${head}${rows.join("")}</table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case "p":
      return `<p>${esc(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
    case "table":
      return table(b.table);
    case "figure":
      return `<figure>${b.svg}</figure>`;
    case "code":
      return `<pre class="scenario">${esc(b.text)}</pre>`;
  }
}

export function toHtml(r: EvalResult, o: ReportOptions = {}): string {
  const c = reportContent(r, o);
  const body = [
    `<h1 class="verdict${c.verdict.ok ? "" : " no"}">${esc(c.verdict.line)}</h1>`,
    `<p class="subtitle">${esc(c.subtitle)}</p>`,
    `<p class="about">${esc(c.about)}</p>`,
    ...c.sections.map(
      (s) => `<section><h2>${esc(s.title)}</h2>\n${s.blocks.map(block).join("\n")}</section>`,
    ),
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(c.verdict.line)}</title><style>${STYLE}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}
