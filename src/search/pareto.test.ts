import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dominates, ParetoSet, paretoFront } from "./pareto.ts";

const point = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }));
const points = fc.array(point, { maxLength: 40 });

describe("paretoFront", () => {
  it("keeps exactly the non-dominated points", () => {
    fc.assert(
      fc.property(points, (ps) => {
        const front = paretoFront(ps, (p) => p);
        for (const f of front) for (const p of ps) expect(dominates(p, f)).toBe(false);
        for (const p of ps) {
          const onFront = front.some((f) => f[0] === p[0] && f[1] === p[1]);
          if (!onFront) expect(front.some((f) => dominates(f, p))).toBe(true);
        }
      }),
    );
  });

  it("is sorted by the first cost, the second falling", () => {
    fc.assert(
      fc.property(points, (ps) => {
        const front = paretoFront(ps, (p) => p);
        for (let i = 1; i < front.length; i++) {
          expect(front[i][0]).toBeGreaterThanOrEqual(front[i - 1][0]);
          expect(front[i][1]).toBeLessThanOrEqual(front[i - 1][1]);
        }
      }),
    );
  });

  it("agrees with the incremental set, whatever the insertion order", () => {
    fc.assert(
      fc.property(points, (ps) => {
        const set = new ParetoSet<[number, number]>();
        for (const p of ps) set.add(p, p);
        const key = (xs: [number, number][]) => [...new Set(xs.map((p) => p.join(",")))].sort();
        expect(key(set.sorted())).toEqual(key(paretoFront(ps, (p) => p)));
      }),
    );
  });
});
