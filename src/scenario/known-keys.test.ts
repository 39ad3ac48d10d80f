import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, knownKeysAt, unknownKeyMessage } from "./known-keys.ts";
import { caseSchema, scenarioSchema } from "./schema.ts";

describe("did you mean, for keys", () => {
  it("knows the keys at a path through optional, nullable and union wrappers", () => {
    expect(knownKeysAt(scenarioSchema, [])).toEqual(expect.arrayContaining(["parallel", "train", "model"]));
    expect(knownKeysAt(scenarioSchema, ["train"])).toEqual(["globalBatch", "precision", "seqLen", "tokens"]);
    // infer.mtp is optional and nullable; model is a union whose object members have keys
    expect(knownKeysAt(scenarioSchema, ["infer", "mtp"])).toEqual(["acceptance", "draftTokens"]);
    expect(knownKeysAt(scenarioSchema, ["model"])).toEqual(
      expect.arrayContaining(["layers", "hf", "hfConfig"]),
    );
    expect(knownKeysAt(caseSchema, ["scenario", "parallel"])).toContain("microBatch");
    expect(knownKeysAt(scenarioSchema, ["nope"])).toEqual([]);
  });

  it("edit distance: a swap of neighbours is one edit; symmetric; zero only for equal strings", () => {
    expect(editDistance("trian", "train")).toBe(1);
    expect(editDistance("paralel", "parallel")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it("suggests the nearest key within a third of its length, case aside", () => {
    const top = knownKeysAt(scenarioSchema, []);
    expect(didYouMean("paralel", top)).toBe("parallel");
    expect(didYouMean("trian", top)).toBe("train");
    expect(didYouMean("seqlen", knownKeysAt(scenarioSchema, ["train"]))).toBe("seqLen");
    expect(didYouMean("tpp", knownKeysAt(scenarioSchema, ["parallel"]))).toBe("tp");
    expect(didYouMean("banana", top)).toBeUndefined();
  });

  it("words the message: the suggestion, else the keys known there", () => {
    expect(unknownKeyMessage(scenarioSchema, [], "paralel")).toBe("unknown key (did you mean parallel?)");
    expect(unknownKeyMessage(scenarioSchema, ["train"], "banana")).toBe(
      "unknown key (known keys here: globalBatch, precision, seqLen, tokens)",
    );
  });
});
