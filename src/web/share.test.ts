import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildHash, decodeText, encodeText, parseHash } from "./share.ts";

describe("share links", () => {
  it("round-trips any text, including non-ASCII", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => decodeText(encodeText(s)) === s));
    expect(decodeText(encodeText("model: 深度求索 ✓\n"))).toBe("model: 深度求索 ✓\n");
  });
  it("uses only URL-safe characters", () => {
    expect(encodeText("??>>~~\u00ff")).toMatch(/^[A-Za-z0-9_-]*$/);
  });
  it("refuses text that is not base64url of UTF-8", () => {
    expect(decodeText("a+b")).toBeUndefined();
    expect(decodeText("_w")).toBeUndefined(); // 0xff: not UTF-8
  });
  it("round-trips a view", () => {
    const v = { page: "compare" as const, text: "devices: 8\n", params: { hw: "a,b" } };
    expect(parseHash(buildHash(v))).toEqual(v);
  });
  it("falls back to the train page without a scenario", () => {
    expect(parseHash("")).toEqual({ page: "train", text: undefined, params: {} });
    expect(parseHash("#/nope?x=1")).toEqual({ page: "train", text: undefined, params: { x: "1" } });
  });
});
