// Reading a sourced Figure: the nominal point the engine computes with, and the interval a
// range keeps (hardware.json ranges are kept as low/high with the midpoint as value).
import type { Figure } from "./device.ts";

/** The nominal value of a figure; undefined when the figure is missing (unknown or unsupported). */
export function nominal(f: Figure | null | undefined): number | undefined {
  return f ? f.value : undefined;
}

/** [low, high] of a figure: its range where it has one, else [value, value]; undefined when missing. */
export function rangeOf(f: Figure | null | undefined): [number, number] | undefined {
  if (!f) return undefined;
  return [f.low ?? f.value, f.high ?? f.value];
}

/** True when the figure spans an interval rather than a point. */
export function isRange(f: Figure | null | undefined): boolean {
  const r = rangeOf(f);
  return r !== undefined && r[0] !== r[1];
}
