// The training software a scenario runs on, resolved: the engine's documented defaults
// (catalog/stacks.yaml, per version where a default changed) under the scenario's own `stack:`
// keys. What the engine does is an input with cited defaults, never a hidden efficiency.
import { z } from "zod";
import {
  attentionKernelSchema,
  fp8RecipeSchema,
  graphsSchema,
  groupedGemmSchema,
  hostCpuSchema,
  moeBalanceSchema,
  moeDispatcherSchema,
  moeDispatchSchema,
  type StackSpec,
  selectivePolicySchema,
} from "../scenario/stack.ts";

const settingsShape = {
  graphs: graphsSchema,
  moeDispatch: moeDispatchSchema,
  moeDispatcher: moeDispatcherSchema,
  groupedGemm: groupedGemmSchema,
  a2aOverlap: z.boolean(),
  tpCommOverlap: z.boolean(),
  tpAsyncBackward: z.boolean(),
  ppOverlap: z.boolean(),
  fp8Recipe: fp8RecipeSchema,
  fp8Fused: z.boolean(),
  expertMlpFused: z.boolean(),
  expertBiasLoop: z.boolean(),
  moeBalance: moeBalanceSchema,
  attention: attentionKernelSchema,
  softmaxFusion: z.boolean(),
  selectivePolicy: selectivePolicySchema,
  hostCpu: hostCpuSchema,
  capacityFactor: z.number().positive(),
  /** expert tensor parallelism when the scenario gives no parallel.etp: "tp" (Megatron-Core's
   * default, experts split like the dense MLP) or 1 (MoE parallel folding: experts whole) */
  expertTp: z.union([z.literal("tp"), z.literal(1)]),
  fp8ActivationCache: z.boolean(),
  optimizerMoments: z.enum(["fp32", "bf16"]),
  gradPrecision: z.enum(["fp32", "bf16"]),
  gradAccumFusion: z.boolean(),
  commSmShare: z.number().min(0).max(0.5),
  activationOffload: z.number().min(0).max(1),
};

const partialSettings = z.object(settingsShape).partial().strict();

export const stackEngineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    defaults: partialSettings,
    versions: z
      .array(z.object({ from: z.string(), set: partialSettings, source: z.string() }).strict())
      .optional(),
    /** defaults that differ by the device's vendor (a library that exists on one vendor's devices
     * only); `vendor` is matched against the start of the device's vendor name */
    byVendor: z
      .array(z.object({ vendor: z.string(), set: partialSettings, source: z.string() }).strict())
      .optional(),
    note: z.string().optional(),
    sources: z.array(z.string()),
  })
  .strict();

export const stackCatalogSchema = z.object({ engines: z.array(stackEngineSchema) }).strict();
export type StackCatalog = z.infer<typeof stackCatalogSchema>;

export interface TrainStack {
  engine: string;
  version?: string;
  graphs: "none" | "partial" | "full";
  moeDispatch: "dropless-sync" | "capacity-pad" | "sync-free";
  moeDispatcher: "alltoall" | "allgather" | "deepep";
  groupedGemm: "loop" | "fused";
  a2aOverlap: boolean;
  tpCommOverlap: boolean;
  /** the column-parallel linears' backward collectives run behind their own GEMMs (Megatron's async all-reduce) */
  tpAsyncBackward: boolean;
  ppOverlap: boolean;
  fp8Recipe: "delayed" | "current" | "blockwise" | "mx";
  fp8Fused: boolean;
  /** the experts' FC1, activation and FC2 as one fused grouped-MLP operation (epilogue activation and casts) */
  expertMlpFused: boolean;
  /** expert biases (a model with moe.expertBias) added expert by expert in a loop of small operators */
  expertBiasLoop: boolean;
  moeBalance: "forced" | "aux-loss-free" | "natural";
  attention: "flash" | "sdpa" | "fa2" | "fa1" | "unfused";
  /** unfused attention only: scale, mask and softmax in one 16-bit kernel (true) or as separate fp32 operators */
  softmaxFusion: boolean;
  /** what selective recompute keeps: Megatron-Core's module list, or torchtitan's per-op policy */
  selectivePolicy: "modules" | "op";
  hostCpu: "x86" | "grace" | "arm";
  /** each expert's buffer as a multiple of its even share (capacity-pad) */
  capacityFactor: number;
  expertTp: "tp" | 1;
  fp8ActivationCache: boolean;
  optimizerMoments: "fp32" | "bf16";
  /** the main gradients' buffer and reduction dtype (fp16 runs keep them in fp16 either way) */
  gradPrecision: "fp32" | "bf16";
  /** weight gradients accumulated by the GEMM itself (true) or by a separate add per micro-batch */
  gradAccumFusion: boolean;
  /** share of the compute units held by communication kernels while the expert exchange overlaps compute */
  commSmShare: number;
  /** share of the activations offloaded to host memory */
  activationOffload: number;
  /** per key: "scenario", the engine default (with version), or "tool default" */
  from: Record<string, string>;
}

/** Capacity factor when a capacity-padded dispatch names none (GShard/DeepSpeed's 1.0; Megatron's README example). */
export const DEFAULT_CAPACITY_FACTOR = 1.0;

/** Compares dotted versions numerically ("25.11" > "25.9", "0.14" > "0.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-rc]+/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.\-rc]+/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The stack a scenario trains on. `familyTpOverlap` is the device family's flag, used when
 * neither the scenario nor its engine says whether TP communication is overlapped. */
export function resolveTrainStack(
  spec: StackSpec | undefined,
  catalog: StackCatalog | undefined,
  familyTpOverlap: boolean,
  hostCpuOfDevice?: "x86" | "grace" | "arm",
  /** the device's vendor, for the engine's per-vendor defaults */
  vendor?: string,
): TrainStack {
  const engineId = spec?.engine ?? "default";
  const engine =
    catalog?.engines.find((e) => e.id === engineId) ?? catalog?.engines.find((e) => e.id === "default");
  const from: Record<string, string> = {};
  const merged: Record<string, unknown> = {};
  const label = engine ? `${engine.id} default` : "tool default";
  for (const [k, v] of Object.entries(engine?.defaults ?? {})) {
    merged[k] = v;
    from[k] = label;
  }
  for (const v of engine?.byVendor ?? []) {
    if (vendor?.startsWith(v.vendor)) {
      for (const [k, x] of Object.entries(v.set)) {
        merged[k] = x;
        from[k] = `${label} on ${v.vendor}`;
      }
    }
  }
  if (engine?.versions && spec?.version) {
    for (const v of engine.versions) {
      if (compareVersions(spec.version, v.from) >= 0) {
        for (const [k, x] of Object.entries(v.set)) {
          merged[k] = x;
          from[k] = `${engine.id} ${v.from}+`;
        }
      }
    }
  }
  if (hostCpuOfDevice && spec?.hostCpu === undefined) {
    merged.hostCpu = hostCpuOfDevice;
    from.hostCpu = "device's host";
  }
  for (const [k, v] of Object.entries(spec ?? {})) {
    if (v === undefined || k === "engine" || k === "version") continue;
    merged[k] = v;
    from[k] = "scenario";
  }
  const pick = <T>(k: string, fallback: T): T => {
    if (merged[k] === undefined) {
      from[k] = "tool default";
      return fallback;
    }
    return merged[k] as T;
  };
  return {
    engine: engineId,
    ...(spec?.version ? { version: spec.version } : {}),
    graphs: pick("graphs", "none"),
    moeDispatch: pick("moeDispatch", "dropless-sync"),
    moeDispatcher: pick("moeDispatcher", "alltoall"),
    groupedGemm: pick("groupedGemm", "fused"),
    a2aOverlap: pick("a2aOverlap", false),
    tpCommOverlap: merged.tpCommOverlap === undefined ? familyTpOverlap : (merged.tpCommOverlap as boolean),
    tpAsyncBackward: pick("tpAsyncBackward", true),
    ppOverlap: pick("ppOverlap", true),
    fp8Recipe: pick("fp8Recipe", "delayed"),
    fp8Fused: pick("fp8Fused", false),
    expertMlpFused: pick("expertMlpFused", false),
    expertBiasLoop: pick("expertBiasLoop", false),
    moeBalance: pick("moeBalance", "natural"),
    attention: pick("attention", "flash"),
    softmaxFusion: pick("softmaxFusion", true),
    selectivePolicy: pick("selectivePolicy", "modules"),
    hostCpu: pick("hostCpu", "x86"),
    capacityFactor: pick("capacityFactor", DEFAULT_CAPACITY_FACTOR),
    expertTp: pick("expertTp", "tp"),
    fp8ActivationCache: pick("fp8ActivationCache", false),
    optimizerMoments: pick("optimizerMoments", "fp32"),
    gradPrecision: pick("gradPrecision", "fp32"),
    gradAccumFusion: pick("gradAccumFusion", true),
    commSmShare: pick("commSmShare", 0),
    activationOffload: pick("activationOffload", 0),
    from,
  };
}
