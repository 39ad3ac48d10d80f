// The model's shape as the training engines are told it (they build the model from flags, not
// from a config file). Megatron-LM (megatron/training/arguments.py): --num-layers, --hidden-size,
// --ffn-hidden-size, --num-attention-heads, --group-query-attention with --num-query-groups,
// --kv-channels, --swiglu, --normalization RMSNorm, --untie-embeddings-and-output-weights,
// --num-experts, --moe-router-topk, --moe-ffn-hidden-size, --moe-shared-expert-intermediate-size,
// --moe-layer-freq (a pattern string such as "([0]*3+[1]*58)"), --multi-latent-attention with
// --q-lora-rank, --kv-lora-rank, --qk-head-dim, --qk-pos-emb-head-dim, --v-head-dim, and
// --mtp-num-layers. MindSpeed-LLM's DeepSeek recipes (examples/mcore/deepseek3) name MLA and
// MoE its own way: --multi-head-latent-attention, --qk-nope-head-dim, --qk-rope-head-dim,
// --first-k-dense-replace with --moe-layer-freq 1, --n-shared-experts, --moe-intermediate-size.
import type { Arch } from "../model/arch.ts";

export function modelFlags(a: Arch, engine: "megatron" | "mindspeed"): string[] {
  const f: string[] = [];
  const add = (name: string, value?: string | number) => {
    f.push(name);
    if (value !== undefined) f.push(String(value));
  };
  add("--hidden-size", a.hidden);
  add("--ffn-hidden-size", a.ffn);
  add("--num-attention-heads", a.heads);
  const mla = a.attention?.kind === "mla" ? a.attention : undefined;
  if (!mla && a.kvHeads !== a.heads) {
    add("--group-query-attention");
    add("--num-query-groups", a.kvHeads);
  }
  if (!mla && a.headDim !== undefined) add("--kv-channels", a.headDim);
  if (a.mlp === "swiglu") add("--swiglu");
  add("--normalization", "RMSNorm");
  if (!a.tiedEmbeddings) add("--untie-embeddings-and-output-weights");
  if (mla) {
    add(engine === "megatron" ? "--multi-latent-attention" : "--multi-head-latent-attention");
    if (mla.qLoraRank !== null) add("--q-lora-rank", mla.qLoraRank);
    add("--kv-lora-rank", mla.kvLoraRank);
    add(engine === "megatron" ? "--qk-head-dim" : "--qk-nope-head-dim", mla.qkNopeHeadDim);
    add(engine === "megatron" ? "--qk-pos-emb-head-dim" : "--qk-rope-head-dim", mla.qkRopeHeadDim);
    add("--v-head-dim", mla.vHeadDim);
  }
  const moe = a.moe;
  if (moe) {
    add("--num-experts", moe.experts);
    add("--moe-router-topk", moe.topK);
    if (engine === "megatron") {
      add("--moe-ffn-hidden-size", moe.expertFfn);
      if (moe.sharedExperts > 0)
        add("--moe-shared-expert-intermediate-size", moe.sharedExperts * moe.expertFfn);
      if (moe.denseLayers > 0)
        add("--moe-layer-freq", `([0]*${moe.denseLayers}+[1]*${a.layers - moe.denseLayers})`);
    } else {
      add("--moe-intermediate-size", moe.expertFfn);
      if (moe.sharedExperts > 0) add("--n-shared-experts", moe.sharedExperts);
      if (moe.denseLayers > 0) {
        add("--first-k-dense-replace", moe.denseLayers);
        add("--moe-layer-freq", 1);
      }
    }
  }
  if (a.mtp) add("--mtp-num-layers", a.mtp);
  return f;
}
