// Response lengths as order statistics at Hazen's plotting positions (Hazen 1914, "Storage to be
// provided in impounding reservoirs"): the i-th shortest of n samples sits at quantile (i − 1/2)/n
// of the distribution, the longest of all N samples of the step at 1 − 1/(2N), so a larger batch
// draws a longer tail.
// {mean, max} uses the one-parameter family L(q) = max·q^k with k = max/mean − 1, whose mean is
// max/(k + 1) = mean exactly: k = 1 is uniform, k > 1 puts most samples short with a tail to the
// cap, k < 1 puts most samples near the cap (truncated long chains of thought).
import type { LengthDistributionSpec } from "./schema.ts";

export interface LengthDistribution {
  /** tokens at quantile q in [0, 1]; non-decreasing */
  quantile: (q: number) => number;
  mean: number;
  max: number;
}

/** A group of samples of the same length (counts may be fractional: a fluid model). */
export interface LengthBucket {
  tokens: number;
  count: number;
}

export function lengthDistribution(spec: LengthDistributionSpec): LengthDistribution {
  if (typeof spec === "number") return { quantile: () => spec, mean: spec, max: spec };
  if ("mean" in spec) {
    const k = spec.max / spec.mean - 1;
    return {
      quantile: (q) => (k === 0 ? spec.max : spec.max * Math.max(0, q) ** k),
      mean: spec.mean,
      max: spec.max,
    };
  }
  const pts = [...spec.quantiles];
  if (pts[0].q > 0) pts.unshift({ q: 0, tokens: Math.min(1, pts[0].tokens) });
  let mean = 0;
  for (let i = 1; i < pts.length; i++)
    mean += ((pts[i].q - pts[i - 1].q) * (pts[i].tokens + pts[i - 1].tokens)) / 2;
  const quantile = (q: number) => {
    if (q <= 0) return pts[0].tokens;
    for (let i = 1; i < pts.length; i++) {
      if (q <= pts[i].q) {
        const a = pts[i - 1];
        const b = pts[i];
        return a.tokens + ((q - a.q) / (b.q - a.q)) * (b.tokens - a.tokens);
      }
    }
    return pts[pts.length - 1].tokens;
  };
  return { quantile, mean, max: pts[pts.length - 1].tokens };
}

/** Buckets of one group's n samples, ascending; the last is the longest of all N samples of the
 * step (the one that holds the batch back). At most `resolution` buckets besides it. */
export function batchLengths(
  dist: LengthDistribution,
  n: number,
  N: number,
  resolution = 256,
): LengthBucket[] {
  if (!(n > 0)) return [];
  const longest = { tokens: dist.quantile(1 - 1 / (2 * Math.max(n, N))), count: Math.min(1, n) };
  const rest = n - longest.count;
  const out: LengthBucket[] = [];
  if (rest > 0) {
    const K = Math.max(1, Math.min(resolution, Math.ceil(rest)));
    for (let j = 0; j < K; j++) {
      // the centre of the bucket's order statistics among the first n − 1 of n
      const q = ((j + 0.5) * rest) / K / n;
      out.push({ tokens: Math.min(dist.quantile(q), longest.tokens), count: rest / K });
    }
  }
  out.push(longest);
  return out;
}
