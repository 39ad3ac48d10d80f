// The layout's defaults: expert tensor parallelism follows the engine (Megatron-Core: etp = tp)
// unless that cannot place the experts, when the experts fold apart from the attention's tensor
// parallelism (etp 1) and a warning says so; a scenario that names etp keeps it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expertDataParallel, resolveLayout } from "./layout.ts";

describe("resolveLayout: expert tensor parallelism", () => {
  it("tp 2, ep 32 on 256 devices (pp 8, dp 16): etp 2 cannot place the experts, so etp 1 with a warning", () => {
    const r = resolveLayout({ tp: 2, pp: 8, ep: 32 }, 256, "tp");
    expect(r.layout.dp).toBe(16);
    // ep·etp = 64 does not divide dp·cp·tp = 32; ep·1 = 32 does
    expect(r.layout.etp).toBe(1);
    expect(r.warnings.map((w) => w.code)).toEqual(["layout_adjusted"]);
    expect(r.warnings[0].severity).toBe("warning");
    expect(r.warnings[0].path).toEqual(["parallel", "etp"]);
    expect(r.issues).toEqual([]);
  });

  it("keeps etp = tp where it places the experts, and an etp the scenario names", () => {
    const fits = resolveLayout({ tp: 2, pp: 8, ep: 16 }, 256, "tp");
    expect(fits.layout.etp).toBe(2);
    expect(fits.warnings).toEqual([]);
    const named = resolveLayout({ tp: 2, pp: 8, ep: 32, etp: 2 }, 256, "tp");
    expect(named.layout.etp).toBe(2);
    expect(named.warnings).toEqual([]);
  });

  it("an unnamed etp always leaves a whole expert-data-parallel group", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(1, 2, 4, 8, 16, 32, 64),
        fc.constantFrom(1, 2, 4, 8, 16),
        (tp, pp, ep, dp) => {
          fc.pre((dp * tp) % ep === 0);
          const r = resolveLayout({ tp, pp, ep, dp }, tp * pp * dp, "tp");
          expect((r.layout.dp * r.layout.cp * r.layout.tp) % (r.layout.ep * r.layout.etp)).toBe(0);
          expect(Number.isInteger(expertDataParallel(r.layout))).toBe(true);
        },
      ),
    );
  });
});
