// Parameter counts from a safetensors header, format per huggingface/safetensors README
// ("Format"): 8 bytes little-endian u64 N, then N bytes of JSON {name: {dtype, shape,
// data_offsets: [begin, end]}, "__metadata__": {...}}. Only the header is needed (a range request).
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

/** Bytes per element of the safetensors dtypes, to check data_offsets against the shape. */
const DTYPE_BITS: Record<string, number> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  F64: 64,
  I64: 64,
  U64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
};

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  params: number;
}

export interface SafetensorsParams {
  total: number;
  /** Elements per dtype, e.g. {BF16: ..., F32: ...} (FP8 checkpoints carry F32 scale tensors). */
  byDtype: Record<string, number>;
  tensors: SafetensorsTensor[];
}

export function paramsFromSafetensorsHeader(buf: Uint8Array): SafetensorsParams {
  if (buf.byteLength < 8) throw new Error(`safetensors: need at least 8 bytes, got ${buf.byteLength}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    throw new Error(`safetensors: header length ${n} exceeds the ${MAX_SAFETENSORS_HEADER_BYTES}-byte limit`);
  }
  const length = Number(n);
  if (8 + length > buf.byteLength) {
    throw new Error(`safetensors: header length ${length} exceeds the ${buf.byteLength - 8} bytes given`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(8, 8 + length)));
  } catch (e) {
    throw new Error(`safetensors: header is not UTF-8 JSON: ${(e as Error).message}`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new Error("safetensors: header is not a JSON object");
  }
  const tensors: SafetensorsTensor[] = [];
  const byDtype: Record<string, number> = {};
  let total = 0;
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    const bad = (what: string) => new Error(`safetensors: tensor "${name}": ${what}`);
    if (e === null || typeof e !== "object") throw bad("not an object");
    if (typeof e.dtype !== "string") throw bad("dtype missing");
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw bad(`shape must be a list of non-negative integers, got ${JSON.stringify(e.shape)}`);
    }
    const shape = e.shape as number[];
    const params = shape.reduce((p, d) => p * d, 1);
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[1] < offsets[0]
    ) {
      throw bad(`data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`);
    }
    const bits = DTYPE_BITS[e.dtype];
    if (bits !== undefined && Math.ceil((params * bits) / 8) !== offsets[1] - offsets[0]) {
      throw bad(
        `data_offsets span ${offsets[1] - offsets[0]} bytes, shape x ${e.dtype} needs ${(params * bits) / 8}`,
      );
    }
    tensors.push({ name, dtype: e.dtype, shape, params });
    byDtype[e.dtype] = (byDtype[e.dtype] ?? 0) + params;
    total += params;
  }
  return { total, byDtype, tensors };
}
