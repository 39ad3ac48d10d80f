// Where a batch's tokens land in an expert-parallel MoE with top-k routing, assuming each token
// picks k distinct experts uniformly (balanced routing, DeepSeek-V3 Sec. 2.1.2). An expert is
// untouched by N tokens with probability (1 - k/E)^N, so decode reads only the touched
// experts' weights; the busiest device's load follows the maximum of ep near-binomial loads
// (Gumbel approximation of the maximum: mean + sigma·sqrt(2 ln ep)).

/** Fraction of experts that at least one of `tokens` tokens routes to. */
export function touchedExpertFraction(experts: number, topK: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return 1 - (1 - Math.min(1, topK / experts)) ** tokens;
}

/** Busiest device's routed assignments over the mean, for `assignmentsPerDevice` mean assignments. */
export function expertLoadImbalance(ep: number, assignmentsPerDevice: number): number {
  if (ep <= 1 || assignmentsPerDevice <= 0) return 1;
  const relSigma = Math.sqrt((1 - 1 / ep) / assignmentsPerDevice);
  return 1 + relSigma * Math.sqrt(2 * Math.log(ep));
}

/** E[max] of `n` independent Poisson(lambda) counts: sum over k >= 1 of P(max >= k). */
export function expectedMaxPoisson(n: number, lambda: number): number {
  if (n <= 1 || lambda <= 0) return Math.max(0, lambda);
  let pmf = Math.exp(-lambda);
  let cdf = pmf;
  let sum = 0;
  for (let k = 1; k < 10_000; k++) {
    const term = 1 - cdf ** n;
    sum += term;
    if (term < 1e-9) break;
    pmf *= lambda / k;
    cdf += pmf;
  }
  return sum;
}
