import { describe, expect, it } from "vitest";
import { createRng, rngFromState } from "./rng.ts";

/** Reference xoshiro128** in BigInt arithmetic, transcribed from Vigna's xoshiro128starstar.c. */
function referenceXoshiro(state: [number, number, number, number], n: number): number[] {
  const M = 0xffffffffn;
  const s = state.map(BigInt);
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(Number((rotl((s[1] * 5n) & M, 7n) * 9n) & M));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

describe("rng (xoshiro128** seeded by splitmix32)", () => {
  it("matches a BigInt transcription of the reference generator", () => {
    const states: [number, number, number, number][] = [
      [1, 2, 3, 4],
      [0xdeadbeef, 0x12345678, 0xffffffff, 0x80000000],
    ];
    for (const st of states) {
      const r = rngFromState(...st);
      const got = Array.from({ length: 1000 }, () => r.nextUint32());
      expect(got).toEqual(referenceXoshiro(st, 1000));
    }
    expect(rngFromState(1, 2, 3, 4).nextUint32()).toBe(11520); // rotl(2*5, 7) * 9
  });

  it("pins the stream of seed 1 (integer math only: identical on every engine)", () => {
    const r = createRng(1);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([
      3246936679, 2835400843, 1830756389, 3329114881, 33441774,
    ]);
  });

  it("same seed, same numbers; different seeds, different numbers", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 100 }, () => a.nextFloat());
    expect(Array.from({ length: 100 }, () => b.nextFloat())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.nextFloat())).not.toEqual(xa);
    // seeds above 2^32 use their high bits
    expect(createRng(2 ** 40).nextUint32()).not.toBe(createRng(0).nextUint32());
  });

  it("is uniform: chi-square over 32 bins, mean and variance of 200k draws", () => {
    const r = createRng(7);
    const n = 200_000;
    const bins = new Array(32).fill(0);
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      bins[Math.floor(u * 32)]++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const expected = n / 32;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(61.1); // 99.9th percentile of chi-square with 31 degrees of freedom
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it("nextOpenClosed stays in (0, 1], safe under a logarithm", () => {
    const r = rngFromState(0xffffffff, 0, 0, 0);
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = r.nextOpenClosed();
      if (!(u > 0 && u <= 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  it("rejects seeds that are not non-negative safe integers", () => {
    expect(() => createRng(-1)).toThrow(/seed/);
    expect(() => createRng(1.5)).toThrow(/seed/);
  });
});
