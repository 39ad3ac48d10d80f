// CSV of one evaluation (RFC 4180): one row per figure, long format, so any spreadsheet can
// pivot it: section, name, value, unit, note. The first row after the header is the verdict;
// names are the engine's keys (a spreadsheet's lookup key), the note column their labels.
import type { EvalResult } from "../engine/evaluate.ts";
import { memoryParts, metricInfo, stepParts } from "./format.ts";
import type { ReportOptions } from "./index.ts";
import { verdict } from "./verdict.ts";

/** Quote when needed; neutralise leading = + - @ in text so a spreadsheet never runs it as a formula. */
export function csvCell(v: string | number | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(r: EvalResult, o: ReportOptions = {}): string {
  const rows: (string | number | undefined)[][] = [["section", "name", "value", "unit", "note"]];
  const v = verdict(r, o.context);
  rows.push(["verdict", v.ok ? "ok" : "no", undefined, "", v.line]);
  if (o.context?.version) rows.push(["about", "version", o.context.version, "", "xpuplan version"]);
  if (o.context?.calibrationDate)
    rows.push(["about", "calibrationDate", o.context.calibrationDate, "", "catalog calibration of"]);
  rows.push(["scenario", "model", r.model.name, "", ""]);
  rows.push(["scenario", "hardware", r.hardware, "", ""]);
  rows.push(["scenario", "devices", r.devices, "", ""]);
  rows.push(["scenario", "totalParams", r.model.totalParams, "", ""]);
  rows.push(["scenario", "activeParams", r.model.activeParams, "", ""]);
  for (const [k, v] of Object.entries(r.metrics)) {
    if (v === undefined) continue;
    const m = metricInfo(k);
    rows.push(["metric", k, v, m.fraction ? "fraction" : m.unit, m.label]);
    const iv = r.intervals[k];
    if (iv) {
      const note = `${m.label}: 90% interval, ${iv.fitted ? "fitted" : "never measured: widest"} (${iv.regime})`;
      rows.push(["interval", `${k}.low`, iv.low, m.fraction ? "fraction" : m.unit, note]);
      rows.push(["interval", `${k}.high`, iv.high, m.fraction ? "fraction" : m.unit, note]);
    }
  }
  const c = r.cost ?? r.train?.cost;
  if (c) rows.push(["cost", "basis", c.basis, "", c.label]);
  for (const [k, why] of Object.entries(r.unpredicted)) rows.push(["unpredicted", k, undefined, "", why]);
  for (const p of stepParts(r)) rows.push(["step", p.key, p.value, "s", p.label]);
  for (const p of memoryParts(r)) rows.push(["memory", p.key, p.value, "GiB", p.label]);
  for (const i of r.issues) rows.push(["issue", i.code, i.need, "", `${i.path.join(".")}: ${i.message}`]);
  for (const w of r.warnings)
    rows.push(["warning", w.code, undefined, "", `${w.path.join(".")}: ${w.message}`]);
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
