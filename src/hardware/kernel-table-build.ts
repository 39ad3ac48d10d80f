// Scattered measured rows -> one regular latency grid (the catalog form of kernel-table-schema.ts).
// Pure and deterministic, so the importer gives byte-identical output for the same input. A hole is
// filled from its lower neighbours, each scaled by work along its axis (the rule the lookup uses beyond
// the grid), taking the smallest (work scaling overstates launch-bound kernels, whose latency is
// flat), then every axis but the caller's exceptions is made non-decreasing (a measured latency that dips as the size grows
// is timing noise or a different kernel choice; a planner must not be rewarded for a larger shape).
import { pow } from "../portable-math.ts";
import type { AxisGrowth } from "./kernel-table-interp.ts";

export interface GridSample {
  /** one value per axis, each one of that axis's grid values */
  at: readonly number[];
  microseconds: number;
  /** a value resampled from elsewhere (another shape scaled by work), not a row at this point */
  derived?: boolean;
}

export interface BuiltGrid {
  microseconds: number[];
  measuredPoints: number;
  derivedPoints: number;
  raisedPoints: number;
}

/** Round to 3 significant digits (monotone: a ≤ b gives round(a) ≤ round(b)). */
export function threeDigits(x: number): number {
  return Number(x.toPrecision(3));
}

export function buildGrid(
  axisValues: readonly (readonly number[])[],
  samples: readonly GridSample[],
  /** how work grows along each axis: a hole is filled from its lower neighbour scaled by it */
  growth: readonly AxisGrowth[],
  /** per axis: make latency non-decreasing along it (default every axis) */
  monotone?: readonly boolean[],
): BuiltGrid {
  const dims = axisValues.map((v) => v.length);
  const strides: number[] = new Array(dims.length);
  let size = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = size;
    size *= dims[d];
  }
  const index = axisValues.map((v) => new Map(v.map((x, i) => [x, i])));
  const grid = new Array<number>(size).fill(Number.NaN);
  const resampled = new Set<number>();
  for (const s of samples) {
    if (!(s.microseconds > 0) || !Number.isFinite(s.microseconds)) continue;
    let flat = 0;
    let ok = true;
    for (let d = 0; d < dims.length; d++) {
      const i = index[d].get(s.at[d]);
      if (i === undefined) {
        ok = false;
        break;
      }
      flat += i * strides[d];
    }
    // several kernels (or repeated rows) at one point: keep the fastest, as the engine's tuner does
    if (ok && !(grid[flat] <= s.microseconds)) {
      grid[flat] = s.microseconds;
      if (s.derived) resampled.add(flat);
      else resampled.delete(flat);
    }
  }
  const measured = grid.map((x, i) => !Number.isNaN(x) && !resampled.has(i));
  const measuredCount = measured.filter(Boolean).length;
  if (grid.every((x) => Number.isNaN(x))) throw new Error("buildGrid: no sample falls on the grid");
  const smallest = Math.min(...grid.filter((x) => !Number.isNaN(x)));

  // Row-major ascending order visits every lower neighbour before the point itself.
  const at = new Array<number>(dims.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    if (Number.isNaN(grid[flat])) {
      let best = Number.NaN;
      for (let d = 0; d < dims.length; d++) {
        if (at[d] === 0) continue;
        const x = axisValues[d][at[d]];
        const prev = axisValues[d][at[d] - 1];
        const g = growth[d];
        const fill = grid[flat - strides[d]] * (typeof g === "number" ? pow(x / prev, g) : g(x, prev));
        if (!(best <= fill)) best = fill;
      }
      grid[flat] = Number.isNaN(best) ? smallest : best;
    }
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++at[d] < dims[d]) break;
      at[d] = 0;
    }
  }

  // Non-decreasing along every axis: a running maximum per axis keeps the earlier axes monotone.
  const raised = new Set<number>();
  for (let d = 0; d < dims.length; d++) {
    if (monotone && monotone[d] === false) continue;
    for (let flat = 0; flat < size; flat++) {
      const i = Math.floor(flat / strides[d]) % dims[d];
      if (i === 0) continue;
      const below = grid[flat - strides[d]];
      if (grid[flat] < below) {
        if (measured[flat]) raised.add(flat);
        grid[flat] = below;
      }
    }
  }
  const microseconds = grid.map(threeDigits);
  return {
    microseconds,
    measuredPoints: measuredCount,
    derivedPoints: size - measuredCount,
    raisedPoints: raised.size,
  };
}
