// Hugging Face config.json -> Arch. Field names as in transformers' configuration_llama.py,
// configuration_mistral.py, configuration_phi3.py, configuration_qwen2.py,
// configuration_qwen2_moe.py, configuration_qwen3.py, configuration_qwen3_moe.py,
// configuration_mixtral.py, configuration_deepseek_v2.py and configuration_deepseek_v3.py;
// an absent optional key takes that class's default.
import { type Arch, type ArchInput, archSchema } from "./arch.ts";

export const HF_MODEL_TYPES = [
  "llama",
  "mistral",
  "phi3",
  "qwen2",
  "qwen2_moe",
  "qwen3",
  "qwen3_moe",
  "mixtral",
  "deepseek_v2",
  "deepseek_v3",
] as const;
export type HfModelType = (typeof HF_MODEL_TYPES)[number];

type Json = Record<string, unknown>;

/** A config.json the importer refuses: the file, the field, and why. */
export class HfConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${file}: ${key}: ${reason}`);
  }
}

export function archFromHfConfig(json: unknown, file = "config.json"): Arch {
  const fail = (key: string, message: string): never => {
    throw new HfConfigError(file, key, message);
  };
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    fail("(root)", "expected a JSON object (a Hugging Face config.json)");
  }
  const c = json as Json;
  const type = c.model_type;
  if (type === undefined) fail("model_type", "missing key");
  if (typeof type !== "string" || !(HF_MODEL_TYPES as readonly string[]).includes(type)) {
    fail("model_type", `${JSON.stringify(type)} is not supported; supported: ${HF_MODEL_TYPES.join(", ")}`);
  }
  const t = type as HfModelType;
  const present = (key: string) => c[key] !== undefined && c[key] !== null;
  const int = (key: string, min = 1): number => {
    if (!present(key)) return fail(key, `missing key (model_type ${t})`);
    const v = c[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      return fail(key, `expected an integer >= ${min}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const optInt = (key: string, fallback: number, min = 0) => (present(key) ? int(key, min) : fallback);
  const bool = (key: string, fallback: boolean): boolean => {
    if (!present(key)) return fallback;
    if (typeof c[key] !== "boolean")
      return fail(key, `expected true or false, got ${JSON.stringify(c[key])}`);
    return c[key] as boolean;
  };

  const heads = int("num_attention_heads");
  const qwen3 = t === "qwen3" || t === "qwen3_moe";
  const deepseek = t === "deepseek_v2" || t === "deepseek_v3";
  const arch: ArchInput = {
    layers: int("num_hidden_layers"),
    hidden: int("hidden_size"),
    heads,
    kvHeads: optInt("num_key_value_heads", heads, 1),
    ffn: int("intermediate_size"),
    // Every supported family uses a gated MLP (gate, up, down; Phi-3 fuses gate and up): 3 matrices.
    mlp: "swiglu",
    vocab: int("vocab_size"),
    tiedEmbeddings: bool("tie_word_embeddings", false),
  };
  if (present("max_position_embeddings")) arch.maxContext = int("max_position_embeddings");
  if (!deepseek && (present("head_dim") || qwen3)) arch.headDim = optInt("head_dim", 128, 1);
  // Qwen2 and Qwen2-MoE hard-code biases on q, k, v; Mistral and Phi-3 have none; the others
  // read attention_bias.
  const bias =
    t === "qwen2" || t === "qwen2_moe"
      ? true
      : t === "mistral" || t === "phi3"
        ? false
        : bool("attention_bias", false);
  if (bias) arch.attentionBias = true;
  if (qwen3) arch.qkNorm = true;
  // Mistral and Mixtral attend over the last sliding_window tokens on every layer when it is set
  // (null in their later releases); Qwen's use_sliding_window is off by default and not read here.
  if ((t === "mistral" || t === "mixtral") && present("sliding_window"))
    arch.slidingWindow = { window: int("sliding_window") };

  if (t === "mixtral") {
    const experts = int("num_local_experts");
    arch.moe = {
      experts,
      sharedExperts: 0,
      topK: int("num_experts_per_tok"),
      expertFfn: arch.ffn,
      denseLayers: 0,
    };
  } else if (t === "qwen3_moe") {
    if (optInt("decoder_sparse_step", 1, 1) !== 1) {
      fail("decoder_sparse_step", "only 1 (every layer MoE) is supported");
    }
    arch.moe = {
      experts: int("num_experts"),
      sharedExperts: 0,
      topK: int("num_experts_per_tok"),
      expertFfn: int("moe_intermediate_size"),
      denseLayers: leadingDenseLayers(c.mlp_only_layers, (m) => fail("mlp_only_layers", m)),
    };
  } else if (t === "qwen2_moe") {
    if (optInt("decoder_sparse_step", 1, 1) !== 1) {
      fail("decoder_sparse_step", "only 1 (every layer MoE) is supported");
    }
    // One always-on shared expert of shared_expert_intermediate_size; the architecture counts
    // shared experts in units of moe_intermediate_size, so the sizes must divide.
    const expertFfn = int("moe_intermediate_size");
    const shared = optInt("shared_expert_intermediate_size", 0);
    if (shared % expertFfn !== 0) {
      fail(
        "shared_expert_intermediate_size",
        `${shared} is not a multiple of moe_intermediate_size ${expertFfn} (only whole shared experts are modelled)`,
      );
    }
    arch.moe = {
      experts: int("num_experts"),
      sharedExperts: shared / expertFfn,
      topK: int("num_experts_per_tok"),
      expertFfn,
      denseLayers: leadingDenseLayers(c.mlp_only_layers, (m) => fail("mlp_only_layers", m)),
    };
  } else if (deepseek) {
    const qLora = c.q_lora_rank;
    if (qLora !== null && qLora !== undefined) int("q_lora_rank");
    arch.attention = {
      kind: "mla",
      qLoraRank: qLora === null || qLora === undefined ? null : (qLora as number),
      kvLoraRank: int("kv_lora_rank"),
      qkNopeHeadDim: int("qk_nope_head_dim"),
      qkRopeHeadDim: int("qk_rope_head_dim"),
      vHeadDim: int("v_head_dim"),
    };
    if (present("n_routed_experts")) {
      if (optInt("moe_layer_freq", 1, 1) !== 1)
        fail("moe_layer_freq", "only 1 (every layer after the dense ones) is supported");
      arch.moe = {
        experts: int("n_routed_experts"),
        sharedExperts: optInt("n_shared_experts", 0),
        topK: int("num_experts_per_tok"),
        expertFfn: int("moe_intermediate_size"),
        denseLayers: optInt("first_k_dense_replace", 0),
      };
    }
    const mtp = optInt("num_nextn_predict_layers", 0);
    if (mtp > 0) arch.mtp = mtp;
  }

  const parsed = archSchema.safeParse(arch);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return fail(i.path.join(".") || "(root)", `invalid architecture: ${i.message}`);
  }
  return parsed.data;
}

/** mlp_only_layers must be the first k layers (DeepSeek-style leading dense layers). */
function leadingDenseLayers(v: unknown, fail: (m: string) => never): number {
  if (v === undefined || v === null) return 0;
  if (!Array.isArray(v)) return fail(`expected a list of layer indices, got ${JSON.stringify(v)}`);
  v.forEach((x, i) => {
    if (x !== i) fail(`only leading dense layers [0, 1, ..., k-1] are supported, got ${JSON.stringify(v)}`);
  });
  return v.length;
}
