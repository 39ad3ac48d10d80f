// Hand-written SVG for the self-contained HTML report (no DOM in Node, so no Plot here): a
// stacked bar, a pipeline Gantt chart and a histogram. Plain strings in, one <svg> string out.
import type { Timeline } from "../train/timeline.ts";
import { formatNumber, type Part } from "./format.ts";
import { FONT_STACK, PALETTE } from "./palette.ts";
import { segmentStyle, timelineLegend } from "./timeline-style.ts";

export { PALETTE } from "./palette.ts";

const FONT = FONT_STACK.replaceAll('"', "&quot;");

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
  /** the value axis's label with its unit, e.g. "time per step (s)" */
  axis?: string;
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
  const axisH = o.axis ? 34 : 0;
  const height = 70 + axisH + legendRows * 18;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="${FONT}" font-size="12">`,
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
  if (o.axis) {
    out.push(`<line x1="${left}" x2="${n(x(domain))}" y1="52" y2="52" stroke="#333"/>`);
    for (const v of axisTicks(domain)) {
      const tx = n(x(v));
      out.push(`<line x1="${tx}" x2="${tx}" y1="52" y2="56" stroke="#333"/>`);
      out.push(`<text x="${tx}" y="67" text-anchor="middle">${formatNumber(v)}</text>`);
    }
    out.push(
      `<text class="axis-label" x="${n(x(domain))}" y="${52 + axisH - 2}" text-anchor="end">${escapeXml(o.axis)}</text>`,
    );
  }
  if (o.limit) {
    const lx = n(x(o.limit.value));
    out.push(
      `<line x1="${lx}" x2="${lx}" y1="22" y2="52" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    const anchor = x(o.limit.value) > width / 2 ? "end" : "start";
    out.push(
      `<text x="${lx}" y="${o.axis ? 20 : 62}" text-anchor="${anchor}">${escapeXml(o.limit.label)}</text>`,
    );
  }
  parts.forEach((p, i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    const lx = left + col * (plotW / 2);
    const ly = 78 + axisH + row * 18;
    const share = total > 0 ? (100 * p.value) / total : 0;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(
      `<text x="${lx + 14}" y="${ly}">${escapeXml(`${p.label}: ${formatNumber(p.value)} ${o.unit} (${share.toFixed(1)} %)`)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}

/** Round tick values for an axis from 0 to `end`: 1, 2 or 5 times a power of ten apart. */
export function axisTicks(end: number, count = 6): number[] {
  if (!(end > 0)) return [0];
  const raw = end / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = 0; v <= end * (1 + 1e-9); v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** One step on the engine's timeline: a row per pipeline rank and one for the terms after the
 * pipeline, every pass a box, a labelled time axis in seconds ending at the step time. */
export function timelineSvg(t: Timeline, o: { title: string; width?: number }): string {
  const width = o.width ?? 720;
  const left = 128;
  const right = 16;
  const rowH = 18;
  const top = 30;
  const rows = t.lanes.length;
  const legend = timelineLegend(t.segments);
  const axisY = top + rows * rowH + 4;
  const legendY = axisY + 50;
  const notesY = legendY + Math.ceil(legend.length / 3) * 16 + 4;
  const height = notesY + t.notes.length * 14 + 6;
  const end = t.endSeconds > 0 ? t.endSeconds : 1;
  const x = (sec: number) => left + ((width - left - right) * sec) / end;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="${FONT}" font-size="11">`,
  );
  out.push(`<text x="4" y="16" font-weight="600" font-size="12">${escapeXml(o.title)}</text>`);
  t.lanes.forEach((name, i) => {
    out.push(`<text x="${left - 6}" y="${top + i * rowH + 12}" text-anchor="end">${escapeXml(name)}</text>`);
  });
  for (const s of t.segments) {
    if (s.kind === "idle") continue;
    const x0 = x(s.startSeconds);
    const w = Math.max(0.5, x(s.startSeconds + s.seconds) - x0);
    const st = segmentStyle(s);
    out.push(
      `<rect x="${n(x0)}" y="${top + s.lane * rowH}" width="${n(w)}" height="${rowH - 3}" fill="${st.colour}" stroke="#fff" stroke-width="0.3"><title>${escapeXml(`${t.lanes[s.lane]}: ${s.label}, ${formatNumber(s.seconds)} s from ${formatNumber(s.startSeconds)} s`)}</title></rect>`,
    );
  }
  out.push(`<line x1="${left}" x2="${width - right}" y1="${axisY}" y2="${axisY}" stroke="#333"/>`);
  for (const v of axisTicks(end)) {
    const tx = n(x(v));
    out.push(`<line x1="${tx}" x2="${tx}" y1="${axisY}" y2="${axisY + 4}" stroke="#333"/>`);
    out.push(`<text x="${tx}" y="${axisY + 15}" text-anchor="middle">${formatNumber(v)}</text>`);
  }
  const ex = n(x(t.endSeconds));
  out.push(
    `<line x1="${ex}" x2="${ex}" y1="${top - 4}" y2="${axisY}" stroke="#000" stroke-dasharray="3 2"/>`,
  );
  out.push(
    `<text class="axis-label" x="${left}" y="${axisY + 28}">time in the step (s); step time ${escapeXml(formatNumber(t.endSeconds))} s at the dashed line</text>`,
  );
  legend.forEach((st, i) => {
    const lx = left + (i % 3) * ((width - left) / 3);
    const ly = legendY + Math.floor(i / 3) * 16;
    out.push(`<rect x="${n(lx)}" y="${ly - 9}" width="10" height="10" fill="${st.colour}"/>`);
    out.push(`<text x="${n(lx + 14)}" y="${ly}">${escapeXml(st.label)}</text>`);
  });
  t.notes.forEach((note, i) => {
    out.push(`<text x="4" y="${notesY + i * 14 + 10}" fill="#555">${escapeXml(note)}</text>`);
  });
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
  o: {
    title: string;
    unit: string;
    width?: number;
    marker?: { value: number; label: string };
    /** the axes' labels with their units, e.g. "completion time (days)" and "trials" */
    axis?: string;
    countAxis?: string;
  },
): string {
  const width = o.width ?? 720;
  const height = 240;
  const left = 52;
  const bottom = height - 44;
  const top = 42;
  const lo = Math.min(...bins.map((b) => b.low), o.marker?.value ?? Number.POSITIVE_INFINITY);
  const hi = Math.max(...bins.map((b) => b.high), o.marker?.value ?? Number.NEGATIVE_INFINITY);
  const span = hi - lo || 1;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const x = (v: number) => left + ((width - left - 10) * (v - lo)) / span;
  const y = (c: number) => bottom - ((bottom - top) * c) / maxCount;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="${FONT}" font-size="11">`,
  );
  out.push(`<text x="4" y="16" font-weight="600" font-size="12">${escapeXml(o.title)}</text>`);
  for (const b of bins) {
    out.push(
      `<rect x="${n(x(b.low))}" y="${n(y(b.count))}" width="${n(Math.max(0.5, x(b.high) - x(b.low) - 1))}" height="${n(bottom - y(b.count))}" fill="${PALETTE[0]}"><title>${escapeXml(`${formatNumber(b.low)} to ${formatNumber(b.high)} ${o.unit}: ${b.count}`)}</title></rect>`,
    );
  }
  out.push(`<line x1="${left}" x2="${width - 10}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#333"/>`);
  // value ticks: round steps from the first bin's low end to the last bin's high end
  const step = axisTicks(span, 6)[1] ?? span;
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) {
    const tx = n(x(v));
    out.push(`<line x1="${tx}" x2="${tx}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/>`);
    out.push(`<text x="${tx}" y="${bottom + 16}" text-anchor="middle">${formatNumber(v)}</text>`);
  }
  for (const c of axisTicks(maxCount, 4)) {
    const ty = n(y(c));
    out.push(`<line x1="${left - 4}" x2="${left}" y1="${ty}" y2="${ty}" stroke="#333"/>`);
    out.push(`<text x="${left - 6}" y="${ty}" dy="4" text-anchor="end">${formatNumber(c)}</text>`);
  }
  out.push(
    `<text class="axis-label" x="${width - 10}" y="${bottom + 34}" text-anchor="end">${escapeXml(o.axis ?? o.unit)}</text>`,
  );
  out.push(
    `<text class="axis-label" x="${left}" y="${top - 8}" text-anchor="start">${escapeXml(o.countAxis ?? "count")}</text>`,
  );
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
