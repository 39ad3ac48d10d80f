import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { opPolicyMatmul } from "./layer-cost.ts";

describe("opPolicyMatmul: torchtitan's per-op policy recomputes every second matmul call", () => {
  it("a Llama block (wq, wk, wv | wo | w1, w3 | w2) recomputes wk, wo and w3", () => {
    // Llama 3.1 8B widths: q 32 heads, k and v 8 heads each; gate and up 14336 each.
    const state = { projections: 0, opMatmul: 0 };
    opPolicyMatmul(state, { part: "attention", projections: [32, 8, 8] }, 4.8);
    opPolicyMatmul(state, { part: "attention" }, 3.2);
    opPolicyMatmul(state, { part: "mlp", projections: [14336, 14336] }, 11.2);
    opPolicyMatmul(state, { part: "mlp" }, 5.6);
    // wk: 8/48 of the fused QKV, wo whole, w3: half of the fused fc1; w2 (the 7th call) is kept
    expect(state.projections).toBe(7);
    expect(state.opMatmul).toBeCloseTo((4.8 * 8) / 48 + 3.2 + 11.2 / 2, 12);
  });

  it("grouped expert matmuls are always recomputed and do not advance the count", () => {
    const state = { projections: 1, opMatmul: 0 };
    opPolicyMatmul(state, { part: "experts" }, 2.5);
    expect(state).toEqual({ projections: 1, opMatmul: 2.5 });
  });

  it("recomputes about half of any run of single projections, never more than all of it", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 40 }), (secs) => {
        const state = { projections: 0, opMatmul: 0 };
        for (const t of secs) opPolicyMatmul(state, { part: "mlp" }, t);
        const even = secs.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
        expect(state.opMatmul).toBeCloseTo(even, 9);
        expect(state.opMatmul).toBeLessThanOrEqual(secs.reduce((a, b) => a + b, 0) + 1e-9);
      }),
    );
  });
});
