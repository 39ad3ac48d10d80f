// Latency at any point of a measured grid: multilinear interpolation of log latency over log size
// (kernel latency is close to a power law between grid points, as in Vidur's and AIConfigurator's
// profile lookups); outside the grid the point is clamped to the edge and, above the top edge, the
// edge latency is scaled by the work ratio, so the result is continuous and never falls as work grows.
// Logarithms and exponentials are fdlibm's, in plain arithmetic (src/portable-math.ts): a step
// multiplies a stage's time by a hundred micro-batches, which would carry an engine's last-bit
// difference in Math.log into the answer, and the web app must show what the HTTP API says.
import { exp, ln, pow } from "../portable-math.ts";
import type { KernelTable } from "./kernel-table-schema.ts";

/** How work grows along an axis above its top edge: latency × (x / edge)^exponent, or a function
 * returning that factor (≥ 1 for x ≥ edge, 1 at the edge). Below the bottom edge latency stays at
 * the edge value: small kernels are launch-bound, never cheaper than the smallest one measured. */
export type AxisGrowth = number | ((x: number, edge: number) => number);

export interface GridValue {
  microseconds: number;
  /** the query lay outside the grid on some axis (clamped or scaled there) */
  outside: boolean;
}

/** Row-major strides per table (memoised: lookups run thousands of times per simulation). */
const strideMemo = new WeakMap<object, number[]>();

function stridesOf(axes: KernelTable["axes"]): number[] {
  let strides = strideMemo.get(axes);
  if (!strides) {
    strides = new Array<number>(axes.length);
    let stride = 1;
    for (let d = axes.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= axes[d].values.length;
    }
    strideMemo.set(axes, strides);
  }
  return strides;
}

/** ln of every grid latency, and ln of each axis's step between neighbours, memoised per table: the
 * same numbers the lookup would compute each time (bit for bit), computed once. */
const lnGridMemo = new WeakMap<readonly number[], Float64Array>();
const lnStepMemo = new WeakMap<readonly number[], Float64Array>();

function lnGrid(us: readonly number[]): Float64Array {
  let g = lnGridMemo.get(us);
  if (!g) {
    g = new Float64Array(us.length);
    for (let i = 0; i < us.length; i++) g[i] = ln(us[i]);
    lnGridMemo.set(us, g);
  }
  return g;
}

function lnSteps(v: readonly number[]): Float64Array {
  let g = lnStepMemo.get(v);
  if (!g) {
    g = new Float64Array(Math.max(0, v.length - 1));
    for (let i = 0; i + 1 < v.length; i++) g[i] = ln(v[i + 1] / v[i]);
    lnStepMemo.set(v, g);
  }
  return g;
}

// scratch space for one lookup (tables have at most a handful of axes; JS is single-threaded)
const LO = new Int32Array(16);
const FRAC = new Float64Array(16);

export function gridMicroseconds(
  table: Pick<KernelTable, "axes" | "microseconds">,
  point: Readonly<Record<string, number>>,
  growth: Readonly<Record<string, AxisGrowth>>,
): GridValue {
  const { axes, microseconds } = table;
  if (axes.length > LO.length)
    throw new Error(`kernel table lookup: ${axes.length} axes, at most ${LO.length}`);
  const strides = stridesOf(axes);
  let factor = 1;
  let outside = false;
  for (let d = 0; d < axes.length; d++) {
    const axis = axes[d];
    const x = point[axis.name];
    if (x === undefined || !Number.isFinite(x) || x <= 0)
      throw new Error(`kernel table lookup: ${axis.name} must be a positive number, got ${x}`);
    const v = axis.values;
    const last = v.length - 1;
    if (x <= v[0]) {
      if (x < v[0]) outside = true;
      LO[d] = 0;
      FRAC[d] = 0;
    } else if (x >= v[last]) {
      if (x > v[last]) {
        outside = true;
        const g = growth[axis.name] ?? 1;
        factor *= typeof g === "number" ? pow(x / v[last], g) : g(x, v[last]);
      }
      LO[d] = Math.max(0, last - 1);
      FRAC[d] = last === 0 ? 0 : 1;
    } else {
      let i = 0;
      let j = last;
      while (j - i > 1) {
        const mid = (i + j) >> 1;
        if (v[mid] <= x) i = mid;
        else j = mid;
      }
      LO[d] = i;
      FRAC[d] = ln(x / v[i]) / lnSteps(v)[i];
    }
  }
  // Sum over the 2^d corners of the cell; corners with zero weight are skipped so that a
  // one-value axis (no upper neighbour) is never indexed past its end.
  let logSum = 0;
  const lnUs = lnGrid(microseconds);
  const corners = 1 << axes.length;
  for (let c = 0; c < corners; c++) {
    let w = 1;
    let index = 0;
    for (let d = 0; d < axes.length; d++) {
      const up = (c >> d) & 1;
      w *= up ? FRAC[d] : 1 - FRAC[d];
      if (w === 0) break;
      index += (LO[d] + up) * strides[d];
    }
    if (w === 0) continue;
    logSum += w * lnUs[index];
  }
  return { microseconds: exp(logSum) * factor, outside };
}
