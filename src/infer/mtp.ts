// Speculative decoding with MTP draft heads (DeepSeek-V3, arXiv:2412.19437 Sec. 2.2 and 5.4.3;
// Leviathan et al. 2023 Eq. 1): with k draft tokens each accepted with probability a given the
// previous one was, a step yields 1 + a + a^2 + ... + a^k tokens per sequence on average.
export function tokensPerStep(draftTokens: number, acceptance: number): number {
  let sum = 1;
  let term = 1;
  for (let i = 0; i < draftTokens; i++) {
    term *= acceptance;
    sum += term;
  }
  return sum;
}
