import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { MAX_NESTING_DEPTH, nestingDepth, nestingTooDeep } from "./nesting-depth.ts";

/** The true nesting of a value (arrays and objects), without recursion. */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop() as [unknown, number];
    if (x !== null && typeof x === "object") {
      max = Math.max(max, d + 1);
      for (const y of Object.values(x)) stack.push([y, d + 1]);
    }
  }
  return max;
}

const examples = new URL("../../examples/", import.meta.url);

describe("nestingDepth", () => {
  it("never reports less than the true depth, nor wildly more, for JSON and YAML", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (v) => {
        const d = depthOf(v);
        for (const text of [JSON.stringify(v), JSON.stringify(v, null, 2), stringify(v)]) {
          const got = nestingDepth(text).depth;
          expect(got).toBeGreaterThanOrEqual(d);
          expect(got).toBeLessThanOrEqual(2 * d + 2);
        }
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it("lets every example scenario through, with room to spare", () => {
    for (const f of readdirSync(examples).filter((x) => x.endsWith(".yaml"))) {
      const text = readFileSync(new URL(f, examples), "utf8");
      expect(nestingDepth(text).depth, f).toBeLessThan(MAX_NESTING_DEPTH / 4);
    }
  });

  it("stops at the first place past the limit, naming line and column", () => {
    expect(nestingTooDeep("[".repeat(500_000) + "]".repeat(500_000))).toEqual({
      depth: MAX_NESTING_DEPTH + 1,
      line: 1,
      column: MAX_NESTING_DEPTH + 1,
    });
    expect(nestingTooDeep(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`)?.line).toBe(1);
    // YAML block nesting: a line indented under the one above is one level deeper
    const block = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
    expect(nestingTooDeep(block)?.line).toBe(MAX_NESTING_DEPTH + 1);
    // compact sequences: "- - - x" nests on one line
    expect(nestingTooDeep(`${"- ".repeat(3000)}x`)?.line).toBe(1);
  });

  it("does not count brackets in quoted scalars or comments", () => {
    expect(
      nestingDepth(`a: "${"[".repeat(200)}"\nb: '${"{".repeat(200)}'\n# ${"[".repeat(200)}\n`).depth,
    ).toBe(1);
    expect(nestingDepth(`{"a": "\\"[[[[", "b": [1]}`).depth).toBe(2);
    // an apostrophe inside a plain scalar is not a quote: the brackets after it count
    expect(nestingDepth(`a: it's\nb: [[1]]\n`).depth).toBe(3);
  });

  it("cannot be blinded by a bracket in a plain scalar or a quote in a block scalar", () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i + 2)}k:`).join("\n");
    expect(nestingTooDeep(`x: a[b\ny:\n${deep}`)).toBeDefined();
    expect(nestingTooDeep(`x: |\n  "\n  {\ny:\n${deep}`)).toBeDefined();
    // and a block scalar's text is not counted
    expect(nestingDepth(`x: |-\n  ${"[".repeat(100)}\n   - - - -\ny: 1\n`).depth).toBe(1);
  });
});
