// Interval of an interruption count: Poisson counts (failures of many independent parts, each
// rare) whose mean is known only to lie in a range. The interval runs from the 5% quantile at the
// low mean to the 95% quantile at the high mean, so whatever the true rate within its range, the
// count falls inside with probability >= 90%. Quantiles by summing the probability mass in log
// space from a point twelve standard deviations below the mean (the mass below is < 1e-30),
// with fdlibm's log/exp (portable-math.ts) so every engine gives the same integers. Above a mean
// of a million, where that sum would take seconds, the Cornish-Fisher expansion (its error, a few
// tenths of a standard deviation at most, is far below the rate range's) stands in.
import { exp, ln } from "../portable-math.ts";

/** ln(n!) : exact sum below 20, Stirling's series above (error < 1e-14 there). */
export function lnFactorial(n: number): number {
  if (n < 20) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += ln(i);
    return s;
  }
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * ln(n) - n + 0.5 * ln(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/** Standard normal quantile, Abramowitz and Stegun 26.2.23 (|error| < 4.5e-4). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normal: p must be in (0, 1), got ${p}`);
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * ln(q));
  const z =
    t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -z : z;
}

/** Means above this use the Cornish-Fisher expansion instead of the exact sum. */
const EXACT_LIMIT = 1e6;

/** The smallest k with P(N <= k) >= p for N ~ Poisson(mean). */
export function poissonQuantile(mean: number, p: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean))
    throw new Error(`poisson: mean must be finite and >= 0, got ${mean}`);
  if (!(p > 0 && p < 1)) throw new Error(`poisson: p must be in (0, 1), got ${p}`);
  if (mean === 0) return 0;
  if (mean > EXACT_LIMIT) {
    const z = normalQuantile(p);
    return Math.max(0, Math.ceil(mean + z * Math.sqrt(mean) + (z * z - 1) / 6 - 0.5));
  }
  const sd = Math.sqrt(mean);
  const lnMean = ln(mean);
  let k = Math.max(0, Math.floor(mean - 12 * sd - 10));
  let logPmf = -mean + k * lnMean - lnFactorial(k);
  let cdf = 0;
  const stop = mean + 40 * sd + 100;
  for (;;) {
    cdf += exp(logPmf);
    if (cdf >= p || k > stop) return k;
    k++;
    logPmf += lnMean - ln(k);
  }
}

export interface CountInterval {
  low: number;
  high: number;
  /** the probability the interval holds for every rate within the range */
  probability: number;
}

/** The count interval for a Poisson mean anywhere in [meanLow, meanHigh]. */
export function countInterval(meanLow: number, meanHigh: number, probability = 0.9): CountInterval {
  if (!(meanLow <= meanHigh)) throw new Error(`count interval: low mean ${meanLow} exceeds high ${meanHigh}`);
  const tail = (1 - probability) / 2;
  return {
    low: poissonQuantile(meanLow, tail),
    high: poissonQuantile(meanHigh, 1 - tail),
    probability,
  };
}
