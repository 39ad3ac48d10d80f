import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatInputError, parseWith } from "./parse.ts";
import { scenarioSchema } from "./schema.ts";

const good = `model: llama3.1-8b
hardware: nvidia-h100-sxm
devices: 8
train:
  seqLen: 4096
  globalBatch: 64
parallel:
  tp: 2
`;

describe("parseWith (scenario)", () => {
  it("accepts a valid scenario and leaves an omitted precision to the engine (bf16), or the plan search", () => {
    const r = parseWith(good, "s.yaml", scenarioSchema);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.train?.precision).toBeUndefined();
  });

  it("names file, line:column and key path of an unknown key", () => {
    const r = parseWith(good.replace("  tp: 2", "  tp: 2\n  tpp: 4"), "s.yaml", scenarioSchema);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map(formatInputError)).toEqual([
        "s.yaml:9:3: parallel.tpp: unknown key (did you mean tp?)",
      ]);
  });

  it("reports a negative and a non-integer device count at their lines", () => {
    for (const v of ["-8", "2.5", '"eight"']) {
      const r = parseWith(good.replace("devices: 8", `devices: ${v}`), "f.yaml", scenarioSchema);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0].path).toEqual(["devices"]);
        expect(r.errors[0].line).toBe(3);
      }
    }
  });

  it("reports malformed YAML with a position and no exception", () => {
    const r = parseWith("model: [unclosed\nhardware: x", "bad.yaml", scenarioSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatInputError(r.errors[0])).toMatch(/^bad\.yaml:\d+:\d+: malformed YAML\/JSON/);
  });

  it("reads JSON as well", () => {
    const r = parseWith(JSON.stringify({ model: "x", hardware: "y", devices: 4 }), "s.json", scenarioSchema);
    expect(r.ok).toBe(true);
  });

  it("refuses input over 1 MiB before parsing", () => {
    const r = parseWith(`# ${"x".repeat(1024 * 1024 + 1)}`, "big.yaml", scenarioSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/limit/);
  });

  it("turns every generated malformed scenario into errors naming the file, never a throw", () => {
    const junk = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const mutated = fc.record({
      key: fc.constantFrom("devices", "model", "hardware", "train", "parallel", "typo", "infer"),
      value: junk,
    });
    fc.assert(
      fc.property(mutated, fc.string({ maxLength: 40 }), ({ key, value }, noise) => {
        const base: Record<string, unknown> = {
          model: "m",
          hardware: "h",
          devices: 8,
          train: { seqLen: 4, globalBatch: 8 },
        };
        base[key] = value;
        const texts = [JSON.stringify(base), `${JSON.stringify(base)}${noise}`];
        for (const t of texts) {
          const r = parseWith(t, "gen.yaml", scenarioSchema);
          if (!r.ok) {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors) expect(formatInputError(e)).toMatch(/^gen\.yaml/);
          } else {
            // only a mutation that happens to be valid may pass
            expect(typeof r.value.devices).toBe("number");
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
