// LoRA adapter sizes, Hu et al. 2021 ("LoRA: Low-Rank Adaptation of Large Language Models",
// arXiv:2106.09685) Sec. 4.1: a frozen W (in×out) gains ΔW = A·B with A in×r and B r×out, so each
// adapted matrix trains r·(in + out) parameters (their |Θ| = 2·L·d_model·r for square
// matrices). Targets are named as in Hugging Face PEFT (q_proj … down_proj); MLA's q (wq_a, wq_b
// or wq), kv (wkv_a, wkv_b: adapted when k or v is a target) and o are DeepSeek-V2 Sec. 2.1.2.
import { type Arch, headDim } from "../model/arch.ts";
import { type LayerKind, layerKinds } from "../model/layer-kinds.ts";
import type { LoraSpec, LoraTarget } from "./schema.ts";

export interface AdaptedMatrix {
  name: string;
  in: number;
  out: number;
  /** instances per layer (routed experts: one per expert) */
  count: number;
  /** instances one token passes through (routed experts: topK) */
  activeCount: number;
}

export interface LoraParams {
  /** trainable adapter parameters of the whole model */
  total: number;
  /** adapter parameters one token passes through (2 FLOPs each per forward) */
  active: number;
  /** frozen weights of the adapted matrices */
  adaptedBase: number;
  perLayer: Record<LayerKind, { matrices: AdaptedMatrix[]; params: number; active: number }>;
}

export function resolveTargets(t: LoraSpec["targets"]): LoraTarget[] {
  if (t === "attention") return ["q", "k", "v", "o"];
  if (t === "mlp") return ["gate", "up", "down"];
  if (t === "all") return ["q", "k", "v", "o", "gate", "up", "down"];
  return [...new Set(t)];
}

function attentionMatrices(arch: Arch, targets: Set<LoraTarget>): AdaptedMatrix[] {
  const h = arch.hidden;
  const a = arch.heads;
  const one = (name: string, i: number, o: number): AdaptedMatrix => ({
    name,
    in: i,
    out: o,
    count: 1,
    activeCount: 1,
  });
  const out: AdaptedMatrix[] = [];
  const att = arch.attention;
  if (att?.kind === "mla") {
    const qk = att.qkNopeHeadDim + att.qkRopeHeadDim;
    if (targets.has("q")) {
      if (att.qLoraRank === null) out.push(one("wq", h, a * qk));
      else out.push(one("wq_a", h, att.qLoraRank), one("wq_b", att.qLoraRank, a * qk));
    }
    if (targets.has("k") || targets.has("v")) {
      out.push(
        one("wkv_a", h, att.kvLoraRank + att.qkRopeHeadDim),
        one("wkv_b", att.kvLoraRank, a * (att.qkNopeHeadDim + att.vHeadDim)),
      );
    }
    if (targets.has("o")) out.push(one("wo", a * att.vHeadDim, h));
    return out;
  }
  const hd = headDim(arch);
  if (targets.has("q")) out.push(one("q_proj", h, a * hd));
  if (targets.has("k")) out.push(one("k_proj", h, arch.kvHeads * hd));
  if (targets.has("v")) out.push(one("v_proj", h, arch.kvHeads * hd));
  if (targets.has("o")) out.push(one("o_proj", a * hd, h));
  return out;
}

/** The MLP matrices of one feed-forward block of size `ffn` (gelu has no gate). */
function ffnMatrices(
  arch: Arch,
  ffn: number,
  targets: Set<LoraTarget>,
  prefix: string,
  count: number,
  active: number,
) {
  const h = arch.hidden;
  const out: AdaptedMatrix[] = [];
  const m = (name: string, i: number, o: number) =>
    out.push({ name: `${prefix}${name}`, in: i, out: o, count, activeCount: active });
  if (arch.mlp === "swiglu" && targets.has("gate")) m("gate_proj", h, ffn);
  if (targets.has("up")) m("up_proj", h, ffn);
  if (targets.has("down")) m("down_proj", ffn, h);
  return out;
}

export function adaptedMatrices(
  arch: Arch,
  kind: LayerKind,
  targets: LoraTarget[],
  experts: boolean,
): AdaptedMatrix[] {
  const t = new Set(targets);
  const out = attentionMatrices(arch, t);
  const moe = arch.moe;
  if (kind === "dense" || !moe) return [...out, ...ffnMatrices(arch, arch.ffn, t, "", 1, 1)];
  if (moe.sharedExperts > 0)
    out.push(...ffnMatrices(arch, moe.expertFfn, t, "shared.", moe.sharedExperts, moe.sharedExperts));
  if (experts) out.push(...ffnMatrices(arch, moe.expertFfn, t, "experts.", moe.experts, moe.topK));
  return out;
}

export function loraParams(arch: Arch, rank: number, targets: LoraTarget[], experts: boolean): LoraParams {
  const perKind = (kind: LayerKind) => {
    const matrices = adaptedMatrices(arch, kind, targets, experts);
    const params = matrices.reduce((s, m) => s + m.count * rank * (m.in + m.out), 0);
    const active = matrices.reduce((s, m) => s + m.activeCount * rank * (m.in + m.out), 0);
    const base = matrices.reduce((s, m) => s + m.count * m.in * m.out, 0);
    return { matrices, params, active, base };
  };
  const byKind = { dense: perKind("dense"), moe: perKind("moe") };
  let total = 0;
  let active = 0;
  let adaptedBase = 0;
  for (const kind of layerKinds(arch)) {
    total += byKind[kind].params;
    active += byKind[kind].active;
    adaptedBase += byKind[kind].base;
  }
  const strip = (x: (typeof byKind)["dense"]) => ({
    matrices: x.matrices,
    params: x.params,
    active: x.active,
  });
  return { total, active, adaptedBase, perLayer: { dense: strip(byKind.dense), moe: strip(byKind.moe) } };
}
