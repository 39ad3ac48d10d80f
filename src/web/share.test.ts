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
    expect(parseHash("#/train?x=1")).toEqual({ page: "train", text: undefined, params: { x: "1" } });
  });
  it("says a link is broken when its scenario was cut short or changed, wherever it was cut", () => {
    const text = "model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\n";
    const hash = buildHash({ page: "train", text, params: { hw: "a,b" } });
    expect(parseHash(hash).broken).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: "#/train?c".length, max: hash.length - 1 }), (cut) => {
        const v = parseHash(hash.slice(0, cut));
        // never a different scenario in silence: the whole text, or none and a reason
        expect(v.text === text || (v.text === undefined && v.broken !== undefined)).toBe(true);
      }),
    );
    expect(parseHash(hash.replace("&s=bW", "&s=bX")).broken).toMatch(/checksum|not readable/);
    expect(parseHash("#/nope").broken).toMatch(/no page "nope"/);
  });
});
