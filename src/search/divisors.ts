// Integer helpers for the candidate space: every parallel size must divide a device count, a
// batch, a head count or an expert count, so the space is built from divisor lists.

/** Positive divisors of n, ascending. */
export function divisors(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) return [];
  const low: number[] = [];
  const high: number[] = [];
  for (let i = 1; i * i <= n; i++) {
    if (n % i === 0) {
      low.push(i);
      if (i * i !== n) high.push(n / i);
    }
  }
  return low.concat(high.reverse());
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}
