import { describe, expect, it } from "vitest";
import { numberTables } from "./metric-tables.ts";

describe("numberTables", () => {
  it("finds objects of numbers and of distributions without knowing their names", () => {
    const report = {
      phase: "both",
      curve: [{ x: 1 }],
      metrics: { ttftSeconds: 0.2, outputTokensPerSecond: 900 },
      latency: { ttftSeconds: { p50: 0.1, p90: 0.3 }, tpotSeconds: { p50: 0.02, p99: 0.05 } },
      memory: { weightsGiB: 16, nested: { kvGiB: 3 } },
    };
    const t = numberTables(report, ["metrics"]);
    expect(t.map((x) => [x.kind, x.key])).toEqual([
      ["matrix", "latency"],
      ["values", "memory"],
      ["values", "memory.nested"],
    ]);
    const m = t[0];
    expect(m.kind === "matrix" && m.columns).toEqual(["p50", "p90", "p99"]);
  });

  it("leaves out text, arrays and empty objects", () => {
    expect(numberTables({ a: "x", b: [1, 2], c: {}, d: null })).toEqual([]);
  });
});
