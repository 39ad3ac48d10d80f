// Summary of a sample of completion times: quantiles (linear interpolation between order
// statistics, Hyndman & Fan 1996 type 7, as R's default and d3.quantile), mean, deadline
// probability and an equal-width histogram. Times in seconds in, days out.

export interface HistogramBin {
  lowDays: number;
  highDays: number;
  count: number;
}

export interface CompletionSummary {
  trials: number;
  /** trials cut off before finishing (their time is Infinity) */
  censored: number;
  meanDays: number;
  stdDays: number;
  minDays: number;
  p50Days: number;
  p90Days: number;
  maxDays: number;
  /** share of trials finishing within the deadline; null without one */
  probabilityByDeadline: number | null;
  deadlineDays: number | null;
  /** finite completion times only */
  histogram: HistogramBin[];
}

/** Type-7 quantile of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i];
  if (i + 1 >= n) return lo;
  const hi = sorted[i + 1];
  return hi === lo ? lo : lo + (h - i) * (hi - lo);
}

export function summarizeCompletion(
  completionSeconds: Float64Array,
  options: { deadlineDays?: number | null; bins: number },
): CompletionSummary {
  const n = completionSeconds.length;
  if (n === 0) throw new Error("summary: no trials");
  const days = new Float64Array(n);
  for (let i = 0; i < n; i++) days[i] = completionSeconds[i] / 86400;
  days.sort();
  let finite = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(days[i])) continue;
    finite++;
    sum += days[i];
  }
  const finiteMean = finite > 0 ? sum / finite : Number.NaN;
  for (let i = 0; i < finite; i++) sumSq += (days[i] - finiteMean) ** 2;
  const deadline = options.deadlineDays ?? null;
  let within = 0;
  if (deadline !== null) for (let i = 0; i < n && days[i] <= deadline; i++) within++;
  return {
    trials: n,
    censored: n - finite,
    meanDays: finite === n ? finiteMean : Infinity,
    stdDays: finite > 1 ? Math.sqrt(sumSq / (finite - 1)) : 0,
    minDays: days[0],
    p50Days: quantileSorted(days, 0.5),
    p90Days: quantileSorted(days, 0.9),
    maxDays: days[n - 1],
    probabilityByDeadline: deadline === null ? null : within / n,
    deadlineDays: deadline,
    histogram: histogram(days.subarray(0, finite), options.bins),
  };
}

function histogram(sortedDays: Float64Array, bins: number): HistogramBin[] {
  const n = sortedDays.length;
  if (n === 0) return [];
  const min = sortedDays[0];
  const max = sortedDays[n - 1];
  if (max === min) return [{ lowDays: min, highDays: max, count: n }];
  const width = (max - min) / bins;
  const out: HistogramBin[] = [];
  for (let b = 0; b < bins; b++) {
    out.push({ lowDays: min + b * width, highDays: b === bins - 1 ? max : min + (b + 1) * width, count: 0 });
  }
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor((sortedDays[i] - min) / width));
    out[b].count++;
  }
  return out;
}
