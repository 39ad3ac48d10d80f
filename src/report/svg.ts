// Hand-written SVG for the self-contained HTML report (no DOM in Node, so no Plot here): a
// stacked bar, a pipeline Gantt chart and a histogram. Plain strings in, one <svg> string out.
import { formatNumber, type Part } from "./format.ts";

/** Tableau 10: distinguishable, and readable in grey scale order. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const n = (x: number) => (Math.round(x * 100) / 100).toString();

export interface BarOptions {
  title: string;
  unit: string;
  width?: number;
  /** a vertical rule, e.g. the device's memory capacity */
  limit?: { value: number; label: string };
}

/** One horizontal bar split into parts, with a legend giving each part's value and share. */
export function stackedBarSvg(parts: Part[], o: BarOptions): string {
  const width = o.width ?? 720;
  const total = parts.reduce((s, p) => s + p.value, 0);
  const domain = Math.max(total, o.limit?.value ?? 0) || 1;
  const left = 10;
  const plotW = width - 2 * left;
  const x = (v: number) => left + (plotW * v) / domain;
  const legendRows = Math.ceil(parts.length / 2);
  const height = 70 + legendRows * 18;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(
    `<text x="${left}" y="16" font-weight="600">${escapeXml(o.title)} (total ${formatNumber(total)} ${escapeXml(o.unit)})</text>`,
  );
  let acc = 0;
  parts.forEach((p, i) => {
    const x0 = x(acc);
    acc += p.value;
    const w = x(acc) - x0;
    out.push(
      `<rect x="${n(x0)}" y="26" width="${n(Math.max(w, 0))}" height="22" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeXml(`${p.label}: ${formatNumber(p.value)} ${o.unit}`)}</title></rect>`,
    );
  });
  if (o.limit) {
    const lx = n(x(o.limit.value));
    out.push(
      `<line x1="${lx}" x2="${lx}" y1="22" y2="52" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    const anchor = x(o.limit.value) > width / 2 ? "end" : "start";
    out.push(`<text x="${lx}" y="62" text-anchor="${anchor}">${escapeXml(o.limit.label)}</text>`);
  }
  parts.forEach((p, i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    const lx = left + col * (plotW / 2);
    const ly = 78 + row * 18;
    const share = total > 0 ? (100 * p.value) / total : 0;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(
      `<text x="${lx + 14}" y="${ly}">${escapeXml(`${p.label}: ${formatNumber(p.value)} ${o.unit} (${share.toFixed(1)} %)`)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}

interface TraceLike {
  traceEvents: {
    name: string;
    ph: string;
    tid: number;
    ts?: number;
    dur?: number;
    cat?: string;
    args?: Record<string, unknown>;
  }[];
}

/** The pipeline schedule of one step: a row per stage, forward and backward passes as boxes. */
export function ganttSvg(trace: TraceLike, o: { title: string; width?: number }): string {
  const ev = trace.traceEvents.filter((e) => e.ph === "X" && e.ts !== undefined && e.dur !== undefined);
  const stages = Math.max(0, ...ev.map((e) => e.tid + 1));
  const width = o.width ?? 720;
  const left = 64;
  const rowH = 18;
  const height = 40 + stages * rowH + 30;
  const end = Math.max(1e-9, ...ev.map((e) => (e.ts as number) + (e.dur as number)));
  const x = (us: number) => left + ((width - left - 10) * us) / end;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<text x="4" y="16" font-weight="600" font-size="12">${escapeXml(o.title)}</text>`);
  for (let s = 0; s < stages; s++) {
    out.push(`<text x="4" y="${40 + s * rowH + 12}">stage ${s}</text>`);
  }
  for (const e of ev) {
    const x0 = x(e.ts as number);
    const w = Math.max(0.5, x((e.ts as number) + (e.dur as number)) - x0);
    const fill = e.cat === "backward" ? PALETTE[1] : PALETTE[0];
    out.push(
      `<rect x="${n(x0)}" y="${40 + e.tid * rowH}" width="${n(w)}" height="${rowH - 3}" fill="${fill}" stroke="#fff" stroke-width="0.5"><title>${escapeXml(`${e.name} on stage ${e.tid}: ${formatNumber((e.dur as number) / 1000)} ms`)}</title></rect>`,
    );
  }
  const axisY = 40 + stages * rowH + 14;
  out.push(`<text x="${left}" y="${axisY}">0</text>`);
  out.push(`<text x="${width - 10}" y="${axisY}" text-anchor="end">${formatNumber(end / 1e6)} s</text>`);
  out.push(
    `<rect x="${left + 120}" y="${axisY - 9}" width="10" height="10" fill="${PALETTE[0]}"/><text x="${left + 134}" y="${axisY}">forward</text>`,
  );
  out.push(
    `<rect x="${left + 200}" y="${axisY - 9}" width="10" height="10" fill="${PALETTE[1]}"/><text x="${left + 214}" y="${axisY}">backward</text>`,
  );
  out.push("</svg>");
  return out.join("");
}

export interface Bin {
  low: number;
  high: number;
  count: number;
}

/** Columns over equal-width bins, with an optional marker line (a deadline). */
export function histogramSvg(
  bins: Bin[],
  o: { title: string; unit: string; width?: number; marker?: { value: number; label: string } },
): string {
  const width = o.width ?? 720;
  const height = 220;
  const left = 40;
  const bottom = height - 30;
  const top = 30;
  const lo = Math.min(...bins.map((b) => b.low), o.marker?.value ?? Number.POSITIVE_INFINITY);
  const hi = Math.max(...bins.map((b) => b.high), o.marker?.value ?? Number.NEGATIVE_INFINITY);
  const span = hi - lo || 1;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const x = (v: number) => left + ((width - left - 10) * (v - lo)) / span;
  const y = (c: number) => bottom - ((bottom - top) * c) / maxCount;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<text x="4" y="16" font-weight="600" font-size="12">${escapeXml(o.title)}</text>`);
  for (const b of bins) {
    out.push(
      `<rect x="${n(x(b.low))}" y="${n(y(b.count))}" width="${n(Math.max(0.5, x(b.high) - x(b.low) - 1))}" height="${n(bottom - y(b.count))}" fill="${PALETTE[0]}"><title>${escapeXml(`${formatNumber(b.low)} to ${formatNumber(b.high)} ${o.unit}: ${b.count}`)}</title></rect>`,
    );
  }
  out.push(`<line x1="${left}" x2="${width - 10}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  out.push(`<text x="${left}" y="${bottom + 16}">${formatNumber(lo)} ${escapeXml(o.unit)}</text>`);
  out.push(
    `<text x="${width - 10}" y="${bottom + 16}" text-anchor="end">${formatNumber(hi)} ${escapeXml(o.unit)}</text>`,
  );
  out.push(`<text x="4" y="${top + 4}">${maxCount}</text>`);
  if (o.marker) {
    const mx = n(x(o.marker.value));
    out.push(
      `<line x1="${mx}" x2="${mx}" y1="${top}" y2="${bottom}" stroke="#e15759" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    out.push(
      `<text x="${mx}" y="${top - 4}" text-anchor="middle" fill="#e15759">${escapeXml(o.marker.label)}</text>`,
    );
  }
  out.push("</svg>");
  return out.join("");
}
