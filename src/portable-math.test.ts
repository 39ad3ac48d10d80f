import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exp, ln, log2, pow } from "./portable-math.ts";
import { createRng } from "./reliability/rng.ts";

describe("portable ln and exp (fdlibm ports)", () => {
  it("agree bit for bit with V8's Math.log / Math.exp, themselves fdlibm ports", () => {
    const r = createRng(3);
    const mismatches: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = r.nextOpenClosed() * 2 ** ((r.nextUint32() % 400) - 200);
      if (ln(x) !== Math.log(x)) mismatches.push(x);
      const y = (r.nextFloat() - 0.5) * 1500;
      if (exp(y) !== Math.exp(y)) mismatches.push(y);
      const z = (r.nextFloat() - 0.5) * 2;
      if (exp(z) !== Math.exp(z)) mismatches.push(z);
    }
    expect(mismatches).toEqual([]);
  });

  it("pins a few values and the special cases", () => {
    expect(ln(2)).toBe(Math.LN2);
    expect(ln(1)).toBe(0);
    expect(ln(5e-324)).toBe(-744.4400719213812);
    expect(ln(0)).toBe(-Infinity);
    expect(ln(-1)).toBeNaN();
    expect(ln(Infinity)).toBe(Infinity);
    expect(exp(1)).toBe(Math.E);
    expect(exp(0)).toBe(1);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(800)).toBe(Infinity);
    expect(exp(-800)).toBe(0);
    expect(exp(Number.NaN)).toBeNaN();
  });
});

describe("portable pow and log2", () => {
  it("pow by small integer exponents is repeated multiplication; other exponents go through exp and ln", () => {
    expect(pow(3, 0)).toBe(1);
    expect(pow(0.1, 1)).toBe(0.1);
    expect(pow(0.1, 2)).toBe(0.1 * 0.1);
    expect(pow(1.5, 3)).toBe(1.5 * 1.5 * 1.5);
    expect(pow(4, 0.5)).toBeCloseTo(2, 14);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (x, y) => Math.abs(pow(x, y) / x ** y - 1) < 1e-13,
      ),
    );
  });

  it("log2 is exact on powers of two and within an ulp or two of Math.log2 elsewhere", () => {
    for (let k = -1074; k <= 1023; k += 7) expect(log2(2 ** k)).toBe(k);
    expect(log2(1)).toBe(0);
    expect(log2(8)).toBe(3);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        (x) => Math.abs(log2(x) - Math.log2(x)) <= 1e-12 * Math.max(1, Math.abs(Math.log2(x))),
      ),
    );
  });
});
