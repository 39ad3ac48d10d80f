// xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018,
// prng.di.unimi.it), seeded through splitmix32. Integer math only (Math.imul, shifts), so a seed
// gives the same stream to the last bit on every JavaScript engine, Node and browsers alike.

/** A seeded stream of pseudo-random numbers; the only source of randomness in the engine. */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform in [0, 1), 32-bit resolution. */
  nextFloat(): number;
  /** Uniform in (0, 1], 32-bit resolution: safe under a logarithm. */
  nextOpenClosed(): number;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 (a 32-bit variant of Steele, Lea & Flood's SplitMix), used only to fill the state. */
function splitmix32(x: number): number {
  let t = (x + 0x9e3779b9) | 0;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/**
 * A generator for a seed. Seeds are non-negative integers (up to 2^53); the high and low 32-bit
 * halves are both mixed in, so nearby seeds give unrelated streams.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`rng: seed must be a non-negative safe integer, got ${seed}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  const k0 = splitmix32(lo ^ splitmix32(hi));
  const s0 = splitmix32(k0);
  const s1 = splitmix32(s0);
  const s2 = splitmix32(s1);
  return rngFromState(s0, s1, s2, splitmix32(s2));
}

/** xoshiro128** from an explicit 128-bit state (four 32-bit words, not all zero). */
export function rngFromState(a: number, b: number, c: number, d: number): Rng {
  let s0 = a | 0;
  let s1 = b | 0;
  let s2 = c | 0;
  let s3 = d | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / TWO_POW_32,
    nextOpenClosed: () => (nextUint32() + 1) / TWO_POW_32,
  };
}
