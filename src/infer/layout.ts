// The layout of one inference deployment (validation/README.md, `infer:` block): an
// instance spans max(tp, ep)·pp devices; attention is tensor-parallel over tp devices and, when
// ep > tp, the ep/tp attention groups serve their own sequences (data-parallel attention, as
// SGLang's --enable-dp-attention and TensorRT-LLM's enable_attention_dp); the MoE layers spread
// their experts over the ep devices (tp/ep-way tensor parallel inside an expert when tp > ep).
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import { type LayerKind, layerKinds } from "../model/layer-kinds.ts";

export interface InferParallel {
  tp: number;
  ep: number;
  dp: number;
  pp: number;
}

export interface InferLayout extends InferParallel {
  devices: number;
  devicesPerInstance: number;
  /** attention groups per instance, each serving its own sequences */
  attentionGroups: number;
  /** tensor-parallel ways inside one expert */
  expertTp: number;
  /** routed experts per device on average (may be fractional: redundant or uneven placement) */
  localExperts: number;
  /** routed experts held by the busiest device (memory) */
  maxLocalExperts: number;
  /** main-model layer kinds on each pipeline stage */
  stages: LayerKind[][];
}

/** Contiguous, balanced stages, the remainder one each on the first stages. */
export function splitStages(kinds: LayerKind[], pp: number): LayerKind[][] {
  const base = Math.floor(kinds.length / pp);
  const rem = kinds.length - base * pp;
  const out: LayerKind[][] = [];
  let at = 0;
  for (let s = 0; s < pp; s++) {
    const n = base + (s < rem ? 1 : 0);
    out.push(kinds.slice(at, at + n));
    at += n;
  }
  return out;
}

export function resolveInferLayout(
  arch: Arch,
  p: InferParallel,
  devices?: number,
  path: (string | number)[] = ["infer"],
): { ok: true; value: InferLayout; warnings: Issue[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const { tp, ep, dp, pp } = p;
  const width = Math.max(tp, ep);
  const perInstance = width * pp;
  const total = dp * perInstance;
  if (devices !== undefined && total !== devices) {
    issues.push(
      issue(
        "layout_mismatch",
        path,
        `dp·max(tp, ep)·pp = ${dp}·${width}·${pp} = ${total} differs from devices ${devices}`,
        {
          need: total,
          have: devices,
        },
      ),
    );
  }
  if (width % Math.min(tp, ep) !== 0) {
    issues.push(
      issue(
        "not_divisible",
        [...path, "ep"],
        `tp ${tp} and ep ${ep}: the larger must be a multiple of the smaller`,
      ),
    );
  }
  if (arch.heads % tp !== 0) {
    issues.push(
      issue("not_divisible", [...path, "tp"], `${arch.heads} attention heads do not split over tp ${tp}`),
    );
  }
  if (arch.attention?.kind !== "mla" && arch.kvHeads > tp && arch.kvHeads % tp !== 0) {
    issues.push(
      issue("not_divisible", [...path, "tp"], `${arch.kvHeads} key/value heads do not split over tp ${tp}`),
    );
  }
  if (pp > arch.layers) {
    issues.push(issue("not_divisible", [...path, "pp"], `pp ${pp} exceeds the ${arch.layers} layers`));
  }
  const experts = arch.moe?.experts ?? 0;
  if (!arch.moe && ep > 1) {
    issues.push(issue("not_divisible", [...path, "ep"], `ep ${ep} > 1 on a model without experts`));
  }
  if (arch.moe && ep > experts) {
    issues.push(issue("not_divisible", [...path, "ep"], `ep ${ep} exceeds the ${experts} routed experts`));
  }
  if (issues.length > 0) return { ok: false, issues };
  if (arch.moe && experts % ep !== 0) {
    warnings.push(
      issue(
        "not_divisible",
        [...path, "ep"],
        `${experts} experts over ep ${ep}: uneven placement (redundant experts); the busiest device holds ${Math.ceil(experts / ep)}`,
        { severity: "warning" },
      ),
    );
  }
  if (tp > 1 && arch.attention?.kind === "mla") {
    warnings.push(
      issue(
        "not_divisible",
        [...path, "tp"],
        `MLA caches one latent per token that every tp rank keeps whole: the KV cache is replicated ${tp}x; data-parallel attention (tp 1, ep > 1) avoids it`,
        { severity: "warning" },
      ),
    );
  } else if (tp > arch.kvHeads) {
    warnings.push(
      issue(
        "not_divisible",
        [...path, "tp"],
        `${arch.kvHeads} key/value heads over tp ${tp}: each is replicated ${tp / arch.kvHeads}x`,
        {
          severity: "warning",
        },
      ),
    );
  }
  return {
    ok: true,
    value: {
      tp,
      ep,
      dp,
      pp,
      devices: total,
      devicesPerInstance: perInstance,
      attentionGroups: width / tp,
      expertTp: width / ep,
      localExperts: experts / ep,
      maxLocalExperts: Math.ceil(experts / ep),
      stages: splitStages(layerKinds(arch), pp),
    },
    warnings,
  };
}
