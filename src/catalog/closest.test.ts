import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closest, infixDistance, levenshtein } from "./closest.ts";

describe("levenshtein", () => {
  it("matches textbook distances", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("abc", "")).toBe(3);
    expect(levenshtein("", "")).toBe(0);
    expect(levenshtein("h100", "h100")).toBe(0);
    expect(levenshtein("nvidia-h10-sxm", "nvidia-h100-sxm")).toBe(1);
  });

  it("is a metric: zero only on equal strings, symmetric, triangle inequality", () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(s, s, s, (a, b, c) => {
        expect(levenshtein(a, b) === 0).toBe(a === b);
        expect(levenshtein(a, b)).toBe(levenshtein(b, a));
        expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c));
      }),
    );
  });

  it("is bounded by the longer length and at least the length difference", () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(s, s, (a, b) => {
        const d = levenshtein(a, b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe("infixDistance", () => {
  it("is zero when the query occurs in the text, and never above the full distance", () => {
    expect(infixDistance("h100", "nvidia-h100-sxm")).toBe(0);
    expect(infixDistance("h200", "nvidia-h20")).toBe(1);
    const s = fc.string({ maxLength: 10 });
    fc.assert(
      fc.property(s, s, s, (pre, q, post) => {
        expect(infixDistance(q, pre + q + post)).toBe(0);
        expect(infixDistance(q, pre + post)).toBeLessThanOrEqual(levenshtein(q, pre + post));
      }),
    );
  });
});

describe("closest", () => {
  const ids = [
    "nvidia-h100-sxm",
    "nvidia-h100-pcie",
    "nvidia-h20",
    "nvidia-h200-sxm",
    "huawei-ascend-910b2",
    "huawei-ascend-910c",
    "amd-mi300x",
  ];

  it("ranks ids that contain a short query first, then by full distance, then alphabetically", () => {
    expect(closest("h100", ids)).toEqual(["nvidia-h100-sxm", "nvidia-h100-pcie", "nvidia-h200-sxm"]);
    expect(closest("ab", ["yab", "xab", "zzzzab"])).toEqual(["xab", "yab", "zzzzab"]);
  });

  it("finds a typo", () => {
    expect(closest("huawei-ascend-910b", ids, 2)).toEqual(["huawei-ascend-910b2", "huawei-ascend-910c"]);
    expect(closest("nvidia-h200-smx", ids, 1)).toEqual(["nvidia-h200-sxm"]);
  });

  it("ignores case, honours n, and drops duplicates", () => {
    expect(closest("AMD-MI300X", ids, 1)).toEqual(["amd-mi300x"]);
    expect(closest("x", ids, 0)).toEqual([]);
    expect(closest("x", ["a", "a", "b"], 5)).toEqual(["a", "b"]);
  });

  it("returns at most n of the candidates, deterministically", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 8 }),
        (q, cs) => {
          const r = closest(q, cs, 3);
          expect(r.length).toBe(Math.min(3, new Set(cs).size));
          for (const c of r) expect(cs).toContain(c);
          expect(closest(q, [...cs].reverse(), 3)).toEqual(r);
        },
      ),
    );
  });
});
