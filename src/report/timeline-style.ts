// How the step timeline looks wherever it is drawn (the HTML report's SVG, the web page's chart):
// one colour and legend label per kind of segment, so both charts read the same.
import type { TimelineSegment } from "../train/timeline.ts";
import { PALETTE } from "./palette.ts";

export interface SegmentStyle {
  key: string;
  label: string;
  colour: string;
}

const KNOWN: Record<string, Omit<SegmentStyle, "key">> = {
  forward: { label: "forward", colour: PALETTE[0] },
  backward: { label: "backward", colour: PALETTE[1] },
  "weight-grad": { label: "weight gradient (deferred)", colour: PALETTE[3] },
  steady: { label: "steady state (passes merged)", colour: "#9aa9c2" },
  dpComm: { label: "data-parallel comm", colour: PALETTE[2] },
  optimizer: { label: "optimizer step", colour: PALETTE[4] },
};
/** colours for terms after the pipeline this table does not know yet */
const SPARE = [PALETTE[6], PALETTE[8], PALETTE[5], PALETTE[7]];

export function segmentStyle(s: TimelineSegment): SegmentStyle {
  const key = s.kind === "after" ? (s.term ?? s.label) : s.kind;
  const known = KNOWN[key];
  if (known) return { key, ...known };
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { key, label: s.label, colour: SPARE[h % SPARE.length] };
}

/** The legend: each style that occurs, in first-occurrence order (idle is drawn as a gap). */
export function timelineLegend(segments: TimelineSegment[]): SegmentStyle[] {
  const seen = new Map<string, SegmentStyle>();
  for (const s of segments) {
    if (s.kind === "idle") continue;
    const st = segmentStyle(s);
    if (!seen.has(st.key)) seen.set(st.key, st);
  }
  return [...seen.values()];
}
