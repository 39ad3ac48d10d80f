// Reports of one evaluation: HTML (one self-contained file, charts as inline SVG, print CSS for a
// PDF), Markdown, CSV and JSON; the verdict first. Formats only: every number comes from the
// engine's EvalResult as given, and the fix from the layout search (report-context.ts).
import type { EvalResult } from "../engine/evaluate.ts";
import { toCsv } from "./csv.ts";
import { toHtml } from "./html.ts";
import { toMarkdown } from "./markdown.ts";
import type { ReportContext } from "./report-context.ts";

export const REPORT_FORMATS = ["html", "md", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** the device's memory capacity, drawn as a limit on the memory bar */
  capacityGiB?: number;
  /** what the report says besides the result: the scenario, version, calibration date, the fix */
  context?: ReportContext;
}

export { findFix, type ReportContext, type ReportFix, reportContext } from "./report-context.ts";

/** MIME type to serve each format with. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export function isReportFormat(x: unknown): x is ReportFormat {
  return typeof x === "string" && (REPORT_FORMATS as readonly string[]).includes(x);
}

export function renderReport(result: EvalResult, format: ReportFormat, options: ReportOptions = {}): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(result, null, 2)}\n`;
    case "csv":
      return toCsv(result, options);
    case "md":
      return toMarkdown(result, options);
    case "html":
      return toHtml(result, options);
    default:
      throw new Error(
        `format: unknown report format "${String(format)}"; use one of ${REPORT_FORMATS.join(", ")}`,
      );
  }
}
