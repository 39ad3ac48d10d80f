// The catalog form of a measured kernel-latency table (catalog/kernels/*.json): one op at one dtype on
// one device and software stack, a regular grid over named size axes, one latency per grid point.
// Written by scripts/import-kernel-tables.ts; read by src/catalog/kernels.ts; looked up by kernel-table.ts.
import { z } from "zod";

/** The size axes each op's table may use, in the order the lookups name them. */
export const KERNEL_OP_AXES = {
  /** C[m,n] = A[m,k]·W[n,k]^T */
  gemm: ["m", "n", "k"],
  /** one MoE layer's expert FFNs on one device (gate, up, down), fused grouped GEMM; routed tokens
   * per local expert, local experts, hidden size, expert FFN width on this device */
  "grouped-gemm": ["tokensPerExpert", "experts", "hidden", "inter"],
  /** prefill attention kernel (causal) */
  "context-attention": ["batch", "seq", "heads", "kvHeads", "headDim"],
  /** decode attention kernel: one query token per sequence against kvLength cached tokens */
  "generation-attention": ["batch", "kvLength", "heads", "kvHeads", "headDim"],
  /** DeepSeek-style MLA attention kernel (latent 512 + rope 64), heads on this device */
  "context-mla": ["batch", "seq", "heads"],
  "generation-mla": ["batch", "kvLength", "heads"],
  /** an engine's own one-shot/two-shot all-reduce inside one NVLink domain */
  "custom-all-reduce": ["bytes", "ranks"],
  /** NCCL collectives; bytes as nccl-tests counts its size column (the whole buffer per rank) */
  "nccl-all-reduce": ["bytes", "ranks"],
  "nccl-all-gather": ["bytes", "ranks"],
  "nccl-reduce-scatter": ["bytes", "ranks"],
  "nccl-all-to-all": ["bytes", "ranks"],
  /** HBM streaming: a device-to-device copy of `bytes`, or a read-only reduction over them */
  "memory-copy": ["bytes"],
  "memory-read": ["bytes"],
} as const;
export type KernelOp = keyof typeof KERNEL_OP_AXES;
export const KERNEL_OPS = Object.keys(KERNEL_OP_AXES) as KernelOp[];

export const kernelTableSourceSchema = z
  .object({
    /** owner/name of a public repository, when the figures come from one */
    repository: z.string().optional(),
    /** the file the rows were read from (inside the repository, or in this repo) */
    path: z.string(),
    commit: z.string().optional(),
    licence: z.string().optional(),
    /** how the figures were obtained, when measured by this project */
    method: z.string().optional(),
  })
  .strict();
export type KernelTableSource = z.infer<typeof kernelTableSourceSchema>;

const axisSchema = z
  .object({
    name: z.string(),
    values: z.array(z.number().positive()).min(1),
  })
  .strict()
  .refine((a) => a.values.every((v, i) => i === 0 || v > a.values[i - 1]), {
    message: "axis values must be strictly ascending",
  });

export const kernelTableSchema = z
  .object({
    op: z.enum(KERNEL_OPS as [KernelOp, ...KernelOp[]]),
    /** operand dtype: bf16, fp8 (per-tensor scale), fp8-block, nvfp4, w4a16-mxfp4; attention: the
     * KV-cache dtype (bf16, fp8) */
    dtype: z.string(),
    /** the software that ran the kernel: trtllm, vllm, sglang, nccl, pytorch-… */
    backend: z.string(),
    version: z.string(),
    /** forward only (inference kernels) or forward and backward (training) */
    pass: z.enum(["forward", "forward-backward"]).default("forward"),
    note: z.string().optional(),
    axes: z.array(axisSchema).min(1),
    /** latency per grid point, row-major (last axis fastest), 3 significant digits; checked with
     * one plain loop, since a per-element schema costs more than the rest of the catalog load */
    microseconds: z.custom<number[]>(
      (v) => Array.isArray(v) && v.every((x) => typeof x === "number" && x > 0 && Number.isFinite(x)),
      { message: "must be an array of positive numbers" },
    ),
    /** grid points with a measured row (the best of several kernels where several were timed) */
    measuredPoints: z.number().int().nonnegative(),
    /** grid points with no row of their own, filled from a measured neighbour scaled by work */
    derivedPoints: z.number().int().nonnegative(),
    /** measured points raised to their lower neighbour's latency so latency never falls as a size
     * grows (timing noise in launch-bound kernels, mostly) */
    raisedPoints: z.number().int().nonnegative(),
    source: kernelTableSourceSchema,
    confidence: z.literal("measured"),
  })
  .strict()
  .superRefine((t, ctx) => {
    const allowed: readonly string[] = KERNEL_OP_AXES[t.op];
    const names = t.axes.map((a) => a.name);
    for (const n of names)
      if (!allowed.includes(n))
        ctx.addIssue({ code: "custom", path: ["axes"], message: `axis "${n}" is not one of ${t.op}'s axes` });
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: "custom", path: ["axes"], message: "an axis appears twice" });
    const points = t.axes.reduce((p, a) => p * a.values.length, 1);
    if (t.measuredPoints + t.derivedPoints !== points)
      ctx.addIssue({
        code: "custom",
        path: ["derivedPoints"],
        message: "measured + derived must count the grid",
      });
    if (t.microseconds.length !== points)
      ctx.addIssue({
        code: "custom",
        path: ["microseconds"],
        message: `has ${t.microseconds.length} values, the grid has ${points}`,
      });
  });
export type KernelTable = z.infer<typeof kernelTableSchema>;

/** One catalog file: the tables of one device from one source. */
export const kernelTableFileSchema = z
  .object({
    schema: z.literal("xpuplan-kernel-tables/1"),
    /** a catalog/devices id */
    device: z.string(),
    note: z.string().optional(),
    tables: z.array(kernelTableSchema),
  })
  .strict();
export type KernelTableFile = z.infer<typeof kernelTableFileSchema>;

/** Every table of one device, from every file that names it. */
export interface DeviceKernelTables {
  device: string;
  tables: KernelTable[];
  /** the measured device's dense catalog peak per table dtype, TFLOP/s (set where the catalogs are
   * assembled, src/cost/device-tables.ts `withPeaks`): what turns the tables' seconds into an
   * efficiency comparable across the devices of a family */
  peakTflops?: Partial<Record<string, number>>;
}
