import { describe, expect, it } from "vitest";
import { exp, ln } from "./portable-math.ts";
import { createRng } from "./rng.ts";

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
