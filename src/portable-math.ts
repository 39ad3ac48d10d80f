// fdlibm 5.3 e_log.c and e_exp.c (Sun Microsystems, 1993), ported line for line. ECMAScript
// leaves Math.log / Math.exp implementation-approximated, so engines may differ in the last bit;
// these use only IEEE-754 +, -, *, / and bit access, so every engine gives the same digits.
// V8's own Math.log / Math.exp are fdlibm ports too, so on Node they agree bit for bit.
// Constants are fdlibm's, written as the shortest decimal that parses to the same double.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

const ln2_hi = 6.931471803691238e-1;
const ln2_lo = 1.9082149292705877e-10;
const two54 = 1.8014398509481984e16;
const Lg1 = 6.666666666666735e-1;
const Lg2 = 3.999999999940942e-1;
const Lg3 = 2.857142874366239e-1;
const Lg4 = 2.2222198432149784e-1;
const Lg5 = 1.818357216161805e-1;
const Lg6 = 1.5313837699209373e-1;
const Lg7 = 1.4798198605116586e-1;

/** x^y, the same to the last bit on every engine: repeated multiplication for small integer
 * exponents (the kernel tables' growth laws are 0, 1 or 2), exp(y·ln x) otherwise (x > 0). */
export function pow(x: number, y: number): number {
  if (Number.isInteger(y) && y >= 0 && y <= 8) {
    let r = 1;
    for (let i = 0; i < y; i++) r *= x;
    return r;
  }
  return exp(y * ln(x));
}

/** log₂ x, the same to the last bit on every engine: exact for powers of two (read from the bits),
 * ln(x)/ln 2 otherwise. */
export function log2(x: number): number {
  if (x > 0 && Number.isFinite(x)) {
    f64[0] = x;
    const hi = u32[HI];
    const e = (hi >>> 20) & 0x7ff;
    if (e > 0 && (hi & 0x000fffff) === 0 && u32[LO] === 0) return e - 1023;
  }
  return ln(x) / Math.LN2;
}

/** Natural logarithm, the same to the last bit on every engine. */
export function ln(x: number): number {
  f64[0] = x;
  let hx = u32[HI] | 0;
  const lx = u32[LO];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= two54;
    f64[0] = x;
    hx = u32[HI] | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  f64[0] = x;
  u32[HI] = hx | (i ^ 0x3ff00000);
  x = f64[0];
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) {
      if (k === 0) return 0;
      return k * ln2_hi + k * ln2_lo;
    }
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    if (k === 0) return f - R;
    return k * ln2_hi - (R - k * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - (hfsq - (s * (hfsq + R) + dk * ln2_lo) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * ln2_hi - (s * (f - R) - dk * ln2_lo - f);
}

const o_threshold = 7.09782712893384e2;
const u_threshold = -7.451332191019411e2;
const invln2 = Math.LOG2E; // fdlibm's 1.44269504088896338700, the same double
const P1 = 1.6666666666666602e-1;
const P2 = -2.7777777777015593e-3;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
const twom1000 = 9.332636185032189e-302;

/** e^x, the same to the last bit on every engine. */
export function exp(x: number): number {
  // fdlibm is 1 ulp high at exactly 1; V8 returns Math.E there, and so do we
  if (x === 1) return Math.E;
  f64[0] = x;
  let hx = u32[HI];
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | u32[LO]) !== 0) return x + x;
      return xsb === 0 ? x : 0.0;
    }
    if (x > o_threshold) return Infinity;
    if (x < u_threshold) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = xsb === 0 ? x - ln2_hi : x + ln2_hi;
      lo = xsb === 0 ? ln2_lo : -ln2_lo;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(invln2 * x + (xsb === 0 ? 0.5 : -0.5));
      hi = x - k * ln2_hi;
      lo = k * ln2_lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  let y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    f64[0] = y;
    u32[HI] = (u32[HI] + (k << 20)) >>> 0;
    return f64[0];
  }
  f64[0] = y;
  u32[HI] = (u32[HI] + ((k + 1000) << 20)) >>> 0;
  y = f64[0];
  return y * twom1000;
}
