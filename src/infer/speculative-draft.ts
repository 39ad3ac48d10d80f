// What drafting costs each step, per method, on the layer model of layer-seconds.ts:
// - EAGLE (Li et al. 2024, arXiv:2401.15077): per draft token, a fusion layer (2h -> h) over the
//   target's features and token embedding, one decoder layer of the target's width, and the
//   target's LM head;
// - EAGLE-3 (Li et al. 2025, arXiv:2503.01840): the fusion takes three feature levels (3h -> h) and
//   the head predicts over a reduced draft vocabulary (32K for the published heads);
// - draft-model: the draft model's own forward pass per draft token (Leviathan et al. 2023);
// - ngram (prompt lookup): a host-side match over the context, no device work;
// - MTP: iteration-seconds.ts prices the MTP modules themselves.
// Their weights and KV cache take device memory next to the target's.
import type { Arch } from "../model/arch.ts";
import { iterationSeconds } from "./iteration-seconds.ts";
import {
  kvElementsPerTokenPerLayerOnDevice,
  layerSeconds,
  type StepContext,
  type StepLoad,
} from "./layer-seconds.ts";
import { type InferLayout, resolveInferLayout } from "./layout.ts";
import { kvBytesPerTokenPerDevice, weightBytesPerDevice } from "./memory.ts";
import type { InferPrecision } from "./precision.ts";
import type { SpeculativeConfig } from "./speculative.ts";

/** EAGLE-3's published heads predict over a 32K-token draft vocabulary. */
export const EAGLE3_DRAFT_VOCAB = 32_000;

/** The draft head as a one-layer dense model of the target's width (EAGLE heads have no experts). */
function headArch(arch: Arch): Arch {
  return { ...arch, layers: 1, moe: undefined, mtp: undefined };
}

function fusionInputs(method: SpeculativeConfig["method"]): number {
  return method === "eagle3" ? 3 : 2;
}

function headVocab(arch: Arch, method: SpeculativeConfig["method"]): number {
  return method === "eagle3" ? Math.min(EAGLE3_DRAFT_VOCAB, arch.vocab) : arch.vocab;
}

/** The draft model laid out on the target's tensor-parallel width where its heads allow, else on one device. */
export function draftLayout(draft: Arch, targetTp: number): InferLayout | undefined {
  const tp =
    draft.heads % targetTp === 0 && (draft.kvHeads >= targetTp ? draft.kvHeads % targetTp === 0 : true)
      ? targetTp
      : 1;
  const r = resolveInferLayout(draft, { tp, ep: 1, dp: 1, pp: 1 });
  return r.ok ? r.value : undefined;
}

/** Device seconds of the drafting in one step with `load.decodeSequences` sequences generating. */
export function draftSeconds(c: StepContext, spec: SpeculativeConfig, load: StepLoad): number {
  const S = load.decodeSequences;
  const k = spec.draftTokens;
  if (S <= 0 || k <= 0 || spec.method === "ngram" || spec.method === "mtp") return 0;
  const drafts: StepLoad = {
    ...load,
    queryTokensPerSequence: 1,
    prefillTokens: 0,
    prefillSequences: 0,
    prefillKvReadTokens: 0,
    busiestPrefillTokens: undefined,
  };
  const r = c.rates;
  const noOverhead = { ...r, stepOverheadSeconds: 0 };
  if (spec.method === "draft-model" && spec.draftArch) {
    const layout = draftLayout(spec.draftArch, c.layout.tp);
    if (!layout) return 0;
    const dc: StepContext = { ...c, arch: spec.draftArch, layout, rates: noOverhead };
    return k * iterationSeconds(dc, drafts, 0).seconds;
  }
  const arch = headArch(c.arch);
  const x = layerSeconds({ ...c, arch, rates: noOverhead }, "dense", drafts);
  const h = c.arch.hidden;
  const tp = c.layout.tp;
  const m = fusionInputs(spec.method);
  const roof = (flops: number, bytes: number) =>
    Math.max(flops / r.halfFlopsPerSecond, bytes / r.memoryBytesPerSecond) + r.kernelSeconds;
  const fusion = roof(2 * S * m * h * h, m * h * h * 2 + S * (m + 1) * h * 2);
  const vocab = headVocab(c.arch, spec.method) / tp;
  const head = roof(2 * S * h * vocab, h * vocab * 2 + S * h * 2 + S * vocab * 4);
  const one = x.projections + x.attention + x.elementwise + x.tpComm + fusion + head;
  return k * one;
}

/** Extra weight bytes per device the draft brings (16-bit heads; a draft model at the target's format). */
export function draftWeightBytes(
  arch: Arch,
  layout: InferLayout,
  p: InferPrecision,
  spec: SpeculativeConfig | null,
): number {
  if (!spec || spec.method === "ngram" || spec.method === "mtp") return 0;
  if (spec.method === "draft-model" && spec.draftArch) {
    const l = draftLayout(spec.draftArch, layout.tp);
    return l ? weightBytesPerDevice(spec.draftArch, l, p) : 0;
  }
  const h = arch.hidden;
  const head = headArch(arch);
  const one: InferLayout = { ...layout, pp: 1, ep: 1, stages: [["dense"]] };
  const bf16: InferPrecision = { ...p, weightBytes: 2 };
  // weightBytesPerDevice adds the embedding and LM-head tables: EAGLE shares the target's
  // embedding; its LM head is the target's (EAGLE) or a draft-vocabulary one (EAGLE-3).
  const tables = ((arch.vocab * h * 2) / layout.tp) * (head.tiedEmbeddings ? 1 : 2);
  const layer = weightBytesPerDevice(head, one, bf16) - tables;
  const ownHead = spec.method === "eagle3" ? (headVocab(arch, spec.method) * h * 2) / layout.tp : 0;
  return layer + (fusionInputs(spec.method) * h * h * 2) / layout.tp + ownHead;
}

/** Extra KV-cache bytes per cached token per device the draft keeps. */
export function draftKvBytesPerToken(
  arch: Arch,
  layout: InferLayout,
  p: InferPrecision,
  spec: SpeculativeConfig | null,
): number {
  if (!spec || spec.method === "ngram" || spec.method === "mtp") return 0;
  if (spec.method === "draft-model" && spec.draftArch) {
    const l = draftLayout(spec.draftArch, layout.tp);
    return l ? kvBytesPerTokenPerDevice(spec.draftArch, l, p) : 0;
  }
  return kvElementsPerTokenPerLayerOnDevice(arch, layout.tp) * p.kvBytes;
}
