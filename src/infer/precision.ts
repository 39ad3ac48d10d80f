// Number formats of an inference deployment: weights, matmul inputs (activations) and KV cache.
// Weight-only quantisation (AWQ/GPTQ W4A16, Lin et al. 2024; Marlin FP8/FP4 kernels) stores
// weights narrow and computes at the activation format, so it gains in memory-bound decode only.
// Block-scaled formats carry their scales: NVFP4 one fp8 scale per 16 elements (NVIDIA
// Blackwell NVFP4 docs), int4 group-128 with a 16-bit scale (AWQ/GPTQ default).
import type { Device, Dtype } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { InferSpec } from "../scenario/schema.ts";
import { BYTES_PER_ELEMENT, type NumberFormat } from "../units.ts";

export type InferFormat = "bf16" | "fp16" | "fp8" | "int8" | "int4" | "fp4";

export interface InferPrecision {
  weights: InferFormat;
  activations: InferFormat;
  kvCache: InferFormat;
  /** bytes per stored weight element, scales included */
  weightBytes: number;
  /** bytes per matmul input element (activations) */
  activationBytes: number;
  /** bytes per cached KV element, scales included */
  kvBytes: number;
  /** the dtype whose peak the matmuls run at */
  matmulDtype: Dtype;
  /** the dtype whose peak the attention kernels run at */
  attentionDtype: Dtype;
  /** the 16-bit format of the unquantised tensors (embedding, LM head, norms, combine) */
  halfDtype: Dtype;
  /** weights narrower than the matmul inputs: dequantised in the kernel */
  weightOnly: boolean;
}

/** Bytes per element with the block scales the format needs. */
export function storedBytesPerElement(f: InferFormat): number {
  if (f === "fp4") return BYTES_PER_ELEMENT.fp4 + 1 / 16;
  if (f === "int4") return BYTES_PER_ELEMENT.int4 + 2 / 128;
  return BYTES_PER_ELEMENT[f as NumberFormat];
}

const supports = (d: Device, t: Dtype) => (d.peakTflops[t]?.value ?? 0) > 0;

function halfOf(d: Device): Dtype | undefined {
  if (supports(d, "bf16")) return "bf16";
  if (supports(d, "fp16")) return "fp16";
  return undefined;
}

/** Formats the device runs matmuls at, narrowest first, at least as wide as `f`. */
function alternatives(d: Device, f: InferFormat): string[] {
  const order: InferFormat[] = ["fp4", "int8", "fp8", "bf16", "fp16"];
  const width = BYTES_PER_ELEMENT[f as NumberFormat];
  return order.filter(
    (x) => x !== f && supports(d, x as Dtype) && BYTES_PER_ELEMENT[x as NumberFormat] >= width,
  );
}

export function resolveInferPrecision(
  device: Device,
  spec: Pick<InferSpec, "weights" | "activations" | "kvCache">,
): { ok: true; value: InferPrecision; warnings: Issue[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const half = halfOf(device);
  if (!half) {
    return {
      ok: false,
      issues: [issue("dtype_unsupported", ["hardware"], `${device.name} has no bf16/fp16 peak`)],
    };
  }
  const weights = spec.weights as InferFormat;
  // int4 has no matmul path on the devices of the catalog: W4A16 by default.
  const activations = (spec.activations ?? (weights === "int4" ? half : weights)) as InferFormat;
  const kvCache = spec.kvCache as InferFormat;
  if (!supports(device, activations as Dtype)) {
    const alt = alternatives(device, activations);
    issues.push(
      issue(
        "dtype_unsupported",
        ["infer", spec.activations ? "activations" : "weights"],
        `${device.name} has no ${activations} matmul peak${alt.length ? `; use ${alt.join(" or ")} (W8A8 int8 keeps the memory of fp8)` : ""}`,
      ),
    );
  }
  if (BYTES_PER_ELEMENT[activations as NumberFormat] < BYTES_PER_ELEMENT[weights as NumberFormat]) {
    issues.push(
      issue(
        "dtype_unsupported",
        ["infer", "activations"],
        `activations ${activations} are narrower than weights ${weights}: quantise the weights to ${activations} too`,
      ),
    );
  }
  // Float KV formats need the device's own conversion (attention kernels read them as such);
  // int8 KV is dequantised in software anywhere.
  if ((kvCache === "fp8" || kvCache === "fp4") && !supports(device, kvCache)) {
    const alt = supports(device, "int8") ? `int8 or ${half}` : half;
    issues.push(
      issue(
        "dtype_unsupported",
        ["infer", "kvCache"],
        `${device.name} has no ${kvCache}; use kvCache: ${alt}`,
      ),
    );
  }
  if (issues.length > 0) return { ok: false, issues };
  const weightOnly =
    BYTES_PER_ELEMENT[weights as NumberFormat] < BYTES_PER_ELEMENT[activations as NumberFormat];
  if (weightOnly && (weights === "fp8" || weights === "fp4") && !supports(device, weights)) {
    warnings.push(
      issue(
        "dtype_unsupported",
        ["infer", "weights"],
        `${weights} weights are dequantised to ${activations} in the kernel`,
        {
          severity: "warning",
        },
      ),
    );
  }
  // Attention runs at the 16-bit rate even over an fp8 cache: TensorRT-LLM measured only +6%
  // end to end from FP8 attention kernels on B200 (tech blog 3, "FP8 KV cache"), the gain being
  // the halved cache reads, which the KV bytes already carry.
  const attentionDtype: Dtype = half;
  return {
    ok: true,
    value: {
      weights,
      activations,
      kvCache,
      weightBytes: storedBytesPerElement(weights),
      activationBytes: storedBytesPerElement(activations),
      kvBytes: storedBytesPerElement(kvCache),
      matmulDtype: activations as Dtype,
      attentionDtype,
      halfDtype: half,
      weightOnly,
    },
    warnings,
  };
}
