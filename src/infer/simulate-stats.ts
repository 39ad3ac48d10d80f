// Summaries of per-request latencies as serving benchmarks print them (vLLM benchmark_serving,
// SGLang bench_serving, genai-perf): the mean and the 50th, 90th and 99th percentiles, each
// percentile by linear interpolation between order statistics (numpy.percentile's default).
export interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

/** The q-th percentile (0-100) of ascending `sorted`, interpolated; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const at = ((n - 1) * q) / 100;
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function distribution(xs: readonly number[]): Distribution {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.length > 0 ? s.reduce((a, b) => a + b, 0) / s.length : Number.NaN;
  return { mean, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99) };
}
