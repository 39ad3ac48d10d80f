// Attention weights per layer. MHA/GQA: Vaswani et al. 2017 with GQA (Ainslie et al. 2023);
// MLA: DeepSeek-V2 (arXiv:2405.04434) Sec. 2.1.2 Eq. 9-19, named as in DeepSeek-V3 inference/model.py.
import { type Arch, headDim } from "./arch.ts";
import { normParams } from "./norm-params.ts";

export interface AttentionParams {
  /** Weights of the projections: the matmuls a token passes through (2 FLOPs per weight). */
  matmul: number;
  /** Biases and norms inside attention (q/kv latent norms, Qwen3 qk-norm): no matmul FLOPs. */
  other: number;
  total: number;
}

export function attentionParams(arch: Arch): AttentionParams {
  const h = arch.hidden;
  const a = arch.heads;
  const att = arch.attention;
  if (att?.kind === "mla") {
    const qkHead = att.qkNopeHeadDim + att.qkRopeHeadDim;
    // q: wq_a (h x qLora), q_a_layernorm, wq_b (qLora x heads*(nope+rope)); or one wq (V2-Lite)
    const q = att.qLoraRank === null ? h * a * qkHead : h * att.qLoraRank + att.qLoraRank * a * qkHead;
    const qNorm = att.qLoraRank === null ? 0 : att.qLoraRank;
    // kv: wkv_a (h x (kvLora + rope)), kv_a_layernorm, wkv_b (kvLora x heads*(nope+v)); out: wo
    const kv =
      h * (att.kvLoraRank + att.qkRopeHeadDim) + att.kvLoraRank * a * (att.qkNopeHeadDim + att.vHeadDim);
    const o = a * att.vHeadDim * h;
    const matmul = q + kv + o;
    const other = qNorm + att.kvLoraRank;
    return { matmul, other, total: matmul + other };
  }
  const hd = headDim(arch);
  const qOut = a * hd;
  const kvOut = arch.kvHeads * hd;
  const matmul = h * qOut + 2 * h * kvOut + qOut * h;
  // attentionBias: biases on the q, k, v projections (Qwen2 convention; GPT-2/3 also bias the
  // output projection: h more per layer, under 0.001% of any model here, not counted).
  const bias = arch.attentionBias ? qOut + 2 * kvOut : 0;
  const qkNorm = arch.qkNorm ? 2 * normParams(arch, hd) : 0;
  return { matmul, other: bias + qkNorm, total: matmul + bias + qkNorm };
}
