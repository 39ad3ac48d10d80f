// Reports of one evaluation: HTML (one self-contained file, charts as inline SVG), Markdown,
// CSV and JSON. Formats only: every number comes from the engine's EvalResult as given.
import type { EvalResult } from "../engine/evaluate.ts";
import { toCsv } from "./csv.ts";
import { toHtml } from "./html.ts";
import { toMarkdown } from "./markdown.ts";

export const REPORT_FORMATS = ["html", "md", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** the device's memory capacity, drawn as a limit on the memory bar */
  capacityGiB?: number;
  /** document title (HTML) / heading (Markdown); default from the result */
  title?: string;
}

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
      return toCsv(result);
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
