// Activation bytes stored per layer per micro-batch, Korthikanti et al. 2022 ("Reducing Activation
// Recomputation in Large Transformer Models") Sec. 4, Eq. 1-2 and Table 2: s·b·h·(34 + 5·a·s/h),
// tensor parallel s·b·h·(10 + 24/t + 5·a·s/(h·t)), + sequence parallel s·b·h·(34/t + 5·a·s/(h·t)),
// selective recompute drops 5·a·s/h, full recompute keeps 2·s·b·h. Listed tensor by tensor so the
// same count extends to GQA, SwiGLU, MLA, MoE and flash attention; with flash=false, gelu, ffn=4h,
// MHA and dropout it is the paper's formula exactly.
import {
  attentionGemms,
  mlpGemms,
  opPolicyRecomputes,
  projectionShares,
  routerGemm,
} from "../cost/layer-shapes.ts";
import type { Bytes } from "../units.ts";
import { type Arch, headDim } from "./arch.ts";
import { valueHeadDim } from "./attention-core-flops.ts";
import type { LayerKind } from "./layer-kinds.ts";
import type { Recompute } from "./training-flops.ts";

export interface ActivationInput {
  arch: Arch;
  layerKind: LayerKind;
  seqLen: number;
  microBatch: number;
  /** Tensor parallel size; default 1. Experts are assumed split over the same tp (ETP = TP). */
  tp?: number;
  /** Context parallel size: each device keeps seqLen/cp of the tokens; default 1. */
  cp?: number;
  /** Sequence parallel: the tensors TP replicates are split over tp too; default false. */
  sp?: boolean;
  recompute?: Recompute;
  /** Flash attention keeps no s x s tensor, only fp32 softmax statistics; default true. */
  flash?: boolean;
  /** Dropout masks (1 byte per element) as in Megatron-LM's defaults; default true. Recipes with
   * hidden/attention dropout 0 (Llama, DeepSeek, Qwen) should pass false. */
  dropout?: boolean;
  /** Bytes per stored activation element; default 2 (bf16/fp16). */
  dtypeBytes?: number;
  /** Bytes per saved matmul input: FP8 training keeps the quantised copy (Transformer Engine
   * saves its FP8 input for the weight gradient; DeepSeek-V3 Sec. 3.3.3 caches linear inputs in
   * FP8); default dtypeBytes. */
  matmulInputBytes?: number;
  /** With recompute "selective": which of Megatron-Core's --recompute-modules are recomputed
   * (default core_attn, mla_up_proj, moe_act, as its DeepSeek-V3 recipes). layernorm drops the
   * norms' outputs (the GEMM inputs), keeping their inputs; mlp and moe recompute the whole block
   * from its input. */
  recomputeModules?: readonly RecomputeModule[];
  /** Expert FFN inputs of the activation (SwiGLU input) cached in FP8 (DeepSeek-V3 Sec. 3.3.3). */
  fp8ExpertCache?: boolean;
  /** With recompute "selective": torchtitan's per-op policy instead of Megatron-Core's modules. */
  opPolicy?: boolean;
}

/** Whether a model's training recipe keeps dropout: GPT-style (GeLU) recipes run Megatron-LM's
 * defaults (--attention-dropout and --hidden-dropout 0.1); Llama, DeepSeek and Qwen-style (SwiGLU)
 * recipes set both to 0. */
export function keepsDropout(arch: Pick<Arch, "mlp">): boolean {
  return arch.mlp === "gelu";
}

export const RECOMPUTE_MODULES = ["core_attn", "mla_up_proj", "moe_act", "layernorm", "mlp", "moe"] as const;
export type RecomputeModule = (typeof RECOMPUTE_MODULES)[number];
export const DEFAULT_SELECTIVE: readonly RecomputeModule[] = ["core_attn", "mla_up_proj", "moe_act"];

export interface ActivationTerm {
  name: string;
  bytes: Bytes;
}

/** The tensors one layer keeps for its backward pass, on one device, for one micro-batch. */
export function activationTermsPerLayer(o: ActivationInput): ActivationTerm[] {
  const { arch, seqLen } = o;
  const t = o.tp ?? 1;
  const cp = o.cp ?? 1;
  const d = o.dtypeBytes ?? 2;
  const q = o.matmulInputBytes ?? d;
  const dropout = o.dropout ?? true;
  const flash = o.flash ?? true;
  const recompute = o.recompute ?? "none";
  const rep = o.sp ? t : 1; // divisor of the tensors tensor parallelism alone leaves replicated
  const tokens = (seqLen * o.microBatch) / cp;
  const h = arch.hidden;
  const terms: ActivationTerm[] = [];
  // perToken: elements x bytes each, per token on this device
  const add = (name: string, perToken: number) => {
    if (perToken > 0) terms.push({ name, bytes: perToken * tokens });
  };

  if (recompute === "full") {
    add("layer input (full recompute)", (h * d) / rep);
    return terms;
  }

  const a = arch.heads / t;
  if (recompute === "selective" && o.opPolicy) {
    opPolicyTerms(o, add, a, rep, d);
    return terms;
  }
  // Selective recompute: the attention core (Korthikanti et al.), plus, where the layer has them,
  // Megatron-core's --recompute-modules mla_up_proj and moe_act (its DeepSeek-V3 recipes): the
  // MLA up-projections and the expert activation are recomputed, so only their inputs stay.
  const selective = recompute === "selective";
  const mods = new Set<RecomputeModule>(selective ? (o.recomputeModules ?? DEFAULT_SELECTIVE) : []);
  add("attention norm input", (h * d) / rep);
  if (!mods.has("layernorm")) add("attention input", (h * q) / rep);
  const att = arch.attention;
  if (att?.kind === "mla") {
    // The down-projections (wq_a, wkv_a) are replicated on every TP rank, so their outputs are too.
    if (att.qLoraRank !== null) add("q latent (norm input and output)", 2 * att.qLoraRank * d);
    add("kv latent (norm input and output, k rope)", (2 * att.kvLoraRank + att.qkRopeHeadDim) * d);
    const qk = att.qkNopeHeadDim + att.qkRopeHeadDim;
    if (!mods.has("mla_up_proj")) {
      add("q", a * qk * d);
      add("k", a * qk * d);
      add("v", a * att.vHeadDim * d);
    }
  } else {
    const hd = headDim(arch);
    // GQA with tp > kvHeads: each device keeps one replicated kv head
    const kv = Math.max(arch.kvHeads / t, 1);
    if (arch.qkNorm) add("q, k before qk-norm", (a + kv) * hd * d);
    add("q", a * hd * d);
    add("k", kv * hd * d);
    add("v", kv * hd * d);
  }
  if (!mods.has("core_attn")) {
    if (flash) {
      add("softmax statistics (flash, fp32)", a * 4);
    } else {
      add("softmax output", a * seqLen * d);
      if (dropout) {
        add("attention dropout mask", a * seqLen);
        add("attention dropout output", a * seqLen * d);
      }
    }
  }
  add("attention output (projection input)", a * valueHeadDim(arch) * q);
  if (dropout) add("attention residual dropout mask", h / rep);

  add("mlp norm input", (h * d) / rep);
  const gated = arch.mlp === "swiglu";
  const whole = o.layerKind === "moe" && arch.moe ? mods.has("moe") : mods.has("mlp");
  if (whole) {
    // the block is recomputed from its input (the mlp norm input above)
    if (dropout) add("mlp residual dropout mask", h / rep);
    return terms;
  }
  if (!mods.has("layernorm")) add("mlp input", (h * q) / rep);
  if (o.layerKind === "moe" && arch.moe) {
    const m = arch.moe;
    // fc1 output (the activation's input) in 16 bits (FP8 where cached so); the activation's
    // output (fc2's input) at the matmul-input width, unless recomputed (moe_act).
    const fc1 = o.fp8ExpertCache ? 1 : d;
    const perExpert = ((gated ? 2 : 1) * m.expertFfn * fc1 + (mods.has("moe_act") ? 0 : m.expertFfn * q)) / t;
    add("router probabilities (fp32)", (m.experts * 4) / rep);
    add("dispatched tokens (expert inputs)", (m.topK * h * q) / rep);
    add("routed expert intermediates", m.topK * perExpert);
    add("shared expert intermediates", m.sharedExperts * perExpert);
    // No copy of the expert outputs: Megatron-Core multiplies the routing probabilities into the
    // activation (its weighted SwiGLU, before fc2), so the combine is a plain sum and the
    // probabilities' gradient comes from the activation's backward, whose input is kept above.
  } else if (gated) {
    add("fc1 output (gate and up)", (2 * arch.ffn * d) / t);
    add("swiglu output", (arch.ffn * q) / t);
  } else {
    add("gelu input", (arch.ffn * d) / t);
    add("gelu output", (arch.ffn * q) / t);
  }
  if (dropout) add("mlp residual dropout mask", h / rep);
  return terms;
}

/** torchtitan's per-op selective recompute (torchtitan/models/llama3/parallelize_llama.py,
 * `_save_list`: matmul and flash-attention outputs, "except every second mm"): the block input
 * (the checkpoint), the outputs of the block's 1st, 3rd, ... matmul calls (wq, wv, w1 in a Llama
 * block; 16 bits, a float8 matmul returns bf16) and the flash attention's output and statistics.
 * Everything else is recomputed. A matmul whose output only feeds the residual sum (wo, w2) is
 * not needed by the backward and not kept; grouped expert matmuls are not in the list. */
function opPolicyTerms(
  o: ActivationInput,
  add: (name: string, perToken: number) => void,
  headsLocal: number,
  rep: number,
  d: number,
): void {
  const { arch } = o;
  const t = o.tp ?? 1;
  add("block input", (arch.hidden * d) / rep);
  const moe = o.layerKind === "moe" && arch.moe !== undefined;
  const shapes = [
    ...attentionGemms(arch, 1, t),
    ...(moe
      ? [
          ...routerGemm(arch, 1),
          ...(arch.moe!.sharedExperts > 0
            ? mlpGemms(arch, arch.moe!.expertFfn * arch.moe!.sharedExperts, 1, t, "shared")
            : []),
        ]
      : mlpGemms(arch, arch.ffn, 1, t)),
  ];
  let call = 0;
  for (const x of shapes) {
    const shares = projectionShares(x);
    shares.forEach((share, i) => {
      call += 1;
      const residual = x.name === "out" || x.name === "fc2";
      if (!opPolicyRecomputes(call) && !residual)
        add(`${x.name} output${shares.length > 1 ? ` ${i + 1}` : ""}`, x.n * share * d);
    });
  }
  add("attention output (flash, saved)", headsLocal * valueHeadDim(arch) * d);
  add("softmax statistics (flash, fp32)", headsLocal * 4);
}

export function activationBytesPerLayer(o: ActivationInput): Bytes {
  return activationTermsPerLayer(o).reduce((s, x) => s + x.bytes, 0);
}
