// Human text for `xpuplan validate`: rows sorted by absolute error, then a summary line.
import type { ValidationRow, ValidationSummary } from "../engine/validate.ts";

export function formatValidation(rows: ValidationRow[], s: ValidationSummary): string {
  const sorted = [...rows].sort(
    (a, b) => Math.abs(b.errorPct ?? Infinity) - Math.abs(a.errorPct ?? Infinity),
  );
  const idW = Math.max(4, ...rows.map((r) => r.id.length));
  const mW = Math.max(6, ...rows.map((r) => r.metric.length));
  const num = (x: number) => Number(x.toPrecision(4)).toString();
  const lines = [
    `${"case".padEnd(idW)}  ${"metric".padEnd(mW)}  ${"measured".padStart(10)}  ${"predicted".padStart(10)}  ${"error".padStart(8)}`,
  ];
  for (const r of sorted) {
    const pred = r.predicted === null ? "—" : num(r.predicted);
    const err =
      r.errorPct === null
        ? `failed: ${r.error ?? ""}`
        : `${r.errorPct >= 0 ? "+" : ""}${r.errorPct.toFixed(1)}%`;
    lines.push(
      `${r.id.padEnd(idW)}  ${r.metric.padEnd(mW)}  ${num(r.measured).padStart(10)}  ${pred.padStart(10)}  ${err.padStart(8)}`,
    );
  }
  lines.push("");
  const kinds = Object.entries(s.byKind)
    .map(([k, v]) => `${k} n=${v.n} median ${v.medianAbsErrorPct ?? "—"}% p90 ${v.p90AbsErrorPct ?? "—"}%`)
    .join("; ");
  lines.push(
    `${s.n} measurements, ${s.failed} failed: median |error| ${s.medianAbsErrorPct ?? "—"}%, p90 ${s.p90AbsErrorPct ?? "—"}% (${kinds})`,
  );
  const L = s.layouts;
  if (L.cases > 0)
    lines.push(
      `training layouts that ran: ${L.fit} of ${L.cases} fit the device memory in the model${
        L.overMemory.length > 0 ? `; over memory: ${L.overMemory.join(", ")}` : ""
      }`,
    );
  return lines.join("\n");
}
