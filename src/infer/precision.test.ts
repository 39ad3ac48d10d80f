import { describe, expect, it } from "vitest";
import { resolveInferPrecision, storedBytesPerElement } from "./precision.ts";
import { device } from "./test-fixtures.ts";

describe("resolveInferPrecision", () => {
  it("rejects fp8 on Ascend 910C and names int8 or bf16", () => {
    const r = resolveInferPrecision(device("huawei-ascend-910c"), { weights: "fp8", kvCache: "bf16" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].code).toBe("dtype_unsupported");
    expect(r.issues[0].message).toMatch(/int8/);
    expect(r.issues[0].message).toMatch(/bf16/);
  });

  it("rejects an fp8 KV cache on Ascend 910B and offers int8", () => {
    const r = resolveInferPrecision(device("huawei-ascend-910b2"), { weights: "int8", kvCache: "fp8" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/kvCache: int8/);
  });

  it("treats int4 weights as weight-only quantisation at 16-bit activations", () => {
    const r = resolveInferPrecision(device("nvidia-h100-sxm"), { weights: "int4", kvCache: "fp8" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.activations).toBe("bf16");
    expect(r.value.weightOnly).toBe(true);
    expect(r.value.matmulDtype).toBe("bf16");
    expect(r.value.weightBytes).toBeCloseTo(0.5 + 2 / 128);
  });

  it("runs W8A8 int8 on Ascend at the int8 peak", () => {
    const r = resolveInferPrecision(device("huawei-ascend-910c"), {
      weights: "int8",
      activations: "int8",
      kvCache: "int8",
    });
    expect(r.ok && r.value.matmulDtype).toBe("int8");
  });

  it("rejects fp4 on Hopper, accepts it on Blackwell", () => {
    expect(resolveInferPrecision(device("nvidia-h100-sxm"), { weights: "fp4", kvCache: "fp8" }).ok).toBe(
      false,
    );
    expect(resolveInferPrecision(device("nvidia-b200"), { weights: "fp4", kvCache: "fp8" }).ok).toBe(true);
  });

  it("counts NVFP4's fp8 scale per 16 elements", () => {
    expect(storedBytesPerElement("fp4")).toBe(0.5625);
    expect(storedBytesPerElement("bf16")).toBe(2);
  });
});
