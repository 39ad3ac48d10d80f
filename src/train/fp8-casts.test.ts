import { describe, expect, it } from "vitest";
import type { Engine } from "../hardware/roofline.ts";
import { castPass } from "./fp8-casts.ts";

// 1 TB/s and 2 us per kernel, so seconds = bytes / 1e12 + kernels * 2e-6
const vector: Engine = {
  matmulFlopsPerSecond: 1e15,
  attentionFlopsPerSecond: 5e14,
  memoryBytesPerSecond: 1e12,
  kernelSeconds: 2e-6,
};
const n = 1e9; // elements

describe("castPass: FP8 cast traffic per recipe", () => {
  it("delayed scaling: read 2 bytes, write both 1-byte layouts, one kernel", () => {
    expect(castPass(vector, "delayed", n, false, false)).toEqual({
      seconds: (4 * n) / 1e12 + 2e-6,
      kernels: 1,
    });
  });

  it("current scaling reads the tensor once more for its amax, in a second kernel", () => {
    expect(castPass(vector, "current", n, false, false)).toEqual({
      seconds: (6 * n) / 1e12 + 4e-6,
      kernels: 2,
    });
  });

  it("a fusing stack pays nothing for a known scale, one pass for a current (amax-first) scale", () => {
    expect(castPass(vector, "delayed", n, false, true)).toEqual({ seconds: 0, kernels: 0 });
    expect(castPass(vector, "mx", n, false, true)).toEqual({ seconds: 0, kernels: 0 });
    expect(castPass(vector, "current", n, false, true)).toEqual({
      seconds: (4 * n) / 1e12 + 2e-6,
      kernels: 1,
    });
  });

  it("after a norm only the amax-first recipe still costs a pass (the norm fuses the others)", () => {
    expect(castPass(vector, "delayed", n, true, false).seconds).toBe(0);
    expect(castPass(vector, "current", n, true, false).seconds).toBeGreaterThan(0);
  });
});
