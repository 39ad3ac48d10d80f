import { describe, expect, it } from "vitest";
import { MAX_SAFETENSORS_HEADER_BYTES, paramsFromSafetensorsHeader } from "./safetensors.ts";

/** A safetensors file: u64 little-endian header length, JSON header, then `dataBytes` of zeros. */
function file(header: unknown, dataBytes = 0, lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const buf = new Uint8Array(8 + json.length + dataBytes);
  new DataView(buf.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  buf.set(json, 8);
  return buf;
}

const HEADER = {
  __metadata__: { format: "pt" },
  "model.embed_tokens.weight": { dtype: "BF16", shape: [10, 8], data_offsets: [0, 160] },
  "model.norm.weight": { dtype: "BF16", shape: [8], data_offsets: [160, 176] },
  "model.layers.0.mlp.weight_scale_inv": { dtype: "F32", shape: [2, 3], data_offsets: [176, 200] },
  "model.layers.0.mlp.weight": { dtype: "F8_E4M3", shape: [4, 4], data_offsets: [200, 216] },
};

describe("paramsFromSafetensorsHeader", () => {
  it("counts elements per tensor and per dtype, skipping __metadata__", () => {
    // 80 + 8 BF16, 6 F32, 16 F8_E4M3 = 110
    const p = paramsFromSafetensorsHeader(file(HEADER, 216));
    expect(p.total).toBe(110);
    expect(p.byDtype).toEqual({ BF16: 88, F32: 6, F8_E4M3: 16 });
    expect(p.tensors.map((t) => t.name)).not.toContain("__metadata__");
    expect(p.tensors[0]).toEqual({
      name: "model.embed_tokens.weight",
      dtype: "BF16",
      shape: [10, 8],
      params: 80,
    });
  });

  it("needs only the header (a range request), and a scalar has one element", () => {
    const p = paramsFromSafetensorsHeader(file({ s: { dtype: "F32", shape: [], data_offsets: [0, 4] } }));
    expect(p.total).toBe(1);
  });

  it("reads a header inside a larger buffer (non-zero byteOffset)", () => {
    const inner = file(HEADER);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect(paramsFromSafetensorsHeader(outer.subarray(5)).total).toBe(110);
  });

  it("rejects a header length over 100 MB or beyond the buffer, before reading it", () => {
    expect(() => paramsFromSafetensorsHeader(file({}, 0, BigInt(MAX_SAFETENSORS_HEADER_BYTES) + 1n))).toThrow(
      /exceeds the 100000000-byte limit/,
    );
    expect(() => paramsFromSafetensorsHeader(file({}, 0, 2n ** 64n - 1n))).toThrow(/limit/);
    expect(() => paramsFromSafetensorsHeader(file({}, 0, 1000n))).toThrow(/exceeds the \d+ bytes given/);
    expect(() => paramsFromSafetensorsHeader(new Uint8Array(4))).toThrow(/at least 8 bytes/);
  });

  it("rejects malformed headers, naming the tensor", () => {
    const bad = (h: unknown) => () => paramsFromSafetensorsHeader(file(h));
    expect(bad([1, 2])).toThrow(/not a JSON object/);
    expect(bad({ w: { dtype: "F32", shape: [-1], data_offsets: [0, 0] } })).toThrow(/"w": shape/);
    expect(bad({ w: { dtype: "F32", shape: [2], data_offsets: [8] } })).toThrow(/"w": data_offsets/);
    expect(bad({ w: { dtype: "F32", shape: [2], data_offsets: [0, 4] } })).toThrow(/span 4 bytes/);
    expect(bad({ w: { shape: [2], data_offsets: [0, 8] } })).toThrow(/"w": dtype missing/);
    const notJson = new Uint8Array(12);
    new DataView(notJson.buffer).setBigUint64(0, 4n, true);
    notJson.set([0x7b, 0x7b, 0xff, 0x7d], 8);
    expect(() => paramsFromSafetensorsHeader(notJson)).toThrow(/not UTF-8 JSON/);
  });
});
