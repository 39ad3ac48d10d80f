// One inference iteration (a forward pass over a mixed batch of generating and prefilling
// sequences, as with in-flight / continuous batching, Yu et al. 2022 "Orca"; chunked prefill,
// Agrawal et al. 2024 "Sarathi-Serve"): the layers of each pipeline stage, the LM head on the
// rows that need logits, MTP draft passes (DeepSeek-V3 Sec. 2.2) and the framework's per-step cost.
import { COLLECTIVES } from "../collectives/collectives.ts";
import { mtpLayerKind } from "../model/layer-kinds.ts";
import { type LayerSeconds, layerSeconds, type StepContext, type StepLoad } from "./layer-seconds.ts";

export interface IterationParts {
  projections: number;
  attention: number;
  experts: number;
  elementwise: number;
  lmHead: number;
  tpComm: number;
  epComm: number;
  ppComm: number;
  mtpDraft: number;
  overhead: number;
}

export interface IterationSeconds {
  /** the busiest stage: sets the iteration rate */
  seconds: number;
  /** one micro-batch through every stage */
  latencySeconds: number;
  /** the busiest stage's time by cause */
  parts: IterationParts;
  /** FLOPs on the busiest stage's device */
  flops: number;
}

export const PART_NAMES: Record<keyof IterationParts, string> = {
  projections: "matmuls (attention projections, dense MLP, shared experts)",
  attention: "attention core (causal prompt, or over the KV cache)",
  experts: "routed experts",
  elementwise: "norms, residuals, activations",
  lmHead: "LM head",
  tpComm: "tensor-parallel all-reduce",
  epComm: "expert-parallel dispatch/combine",
  ppComm: "pipeline p2p",
  mtpDraft: "MTP draft passes",
  overhead: "framework per-step overhead",
};

const zero = (): IterationParts => ({
  projections: 0,
  attention: 0,
  experts: 0,
  elementwise: 0,
  lmHead: 0,
  tpComm: 0,
  epComm: 0,
  ppComm: 0,
  mtpDraft: 0,
  overhead: 0,
});

function addLayer(p: IterationParts, x: LayerSeconds, times = 1) {
  p.projections += times * x.projections;
  p.attention += times * x.attention;
  p.experts += times * x.experts;
  p.elementwise += times * x.elementwise;
  p.tpComm += times * x.tpComm;
  p.epComm += times * x.epComm;
}

const sum = (p: IterationParts) => Object.values(p).reduce((s, x) => s + x, 0);

function lmHeadSeconds(c: StepContext, rows: number): [number, number] {
  if (rows <= 0) return [0, 0];
  const h = c.arch.hidden;
  const n = c.arch.vocab / c.layout.tp;
  const r = c.rates;
  const flops = 2 * rows * h * n;
  const bytes = h * n * 2 + rows * h * 2 + rows * n * 4;
  return [Math.max(flops / r.halfFlopsPerSecond, bytes / r.memoryBytesPerSecond) + r.kernelSeconds, flops];
}

/** `draftTokens`: MTP draft passes this step (each one token per generating sequence). */
export function iterationSeconds(c: StepContext, load: StepLoad, draftTokens = 0): IterationSeconds {
  const stages = c.layout.stages;
  const cache = new Map<string, LayerSeconds>();
  const layer = (kind: "dense" | "moe") => {
    let x = cache.get(kind);
    if (!x) {
      x = layerSeconds(c, kind, load);
      cache.set(kind, x);
    }
    return x;
  };
  const T = load.decodeSequences * load.queryTokensPerSequence + load.prefillTokens;
  const p2p = c.layout.pp > 1 && T > 0 ? COLLECTIVES.p2p(T * c.arch.hidden * 2, c.groups.pp) : 0;
  let busiest = { seconds: -1, parts: zero(), flops: 0 };
  let latency = 0;
  stages.forEach((kinds, s) => {
    const parts = zero();
    let flops = 0;
    for (const kind of kinds) {
      const x = layer(kind);
      addLayer(parts, x);
      flops += x.flops;
    }
    if (s === stages.length - 1) {
      const [head, hf] = lmHeadSeconds(
        c,
        load.decodeSequences * load.queryTokensPerSequence + load.prefillSequences,
      );
      parts.lmHead = head;
      flops += hf;
      if (draftTokens > 0 && load.decodeSequences > 0) {
        // Each draft pass: the eh_proj projection (2h -> h), one block of the last layer's
        // kind and the shared LM head, one token per generating sequence.
        const drafts: StepLoad = {
          ...load,
          queryTokensPerSequence: 1,
          prefillTokens: 0,
          prefillSequences: 0,
        };
        const block = layerSeconds(c, mtpLayerKind(c.arch), drafts);
        const S = load.decodeSequences;
        const h = c.arch.hidden;
        const proj = Math.max(
          (2 * S * 2 * h * h) / c.rates.matmulFlopsPerSecond,
          (2 * h * h * c.precision.weightBytes + S * 3 * h * 2) / c.rates.memoryBytesPerSecond,
        );
        const [dh, dhf] = lmHeadSeconds(c, S);
        const one =
          block.projections +
          block.attention +
          block.experts +
          block.elementwise +
          block.tpComm +
          block.epComm +
          proj +
          dh;
        parts.mtpDraft = draftTokens * one;
        flops += draftTokens * (block.flops + 4 * S * h * h + dhf);
      }
    }
    parts.ppComm = s < stages.length - 1 ? p2p : 0;
    parts.overhead = c.rates.stepOverheadSeconds;
    const seconds = sum(parts);
    latency += seconds;
    if (seconds > busiest.seconds) busiest = { seconds, parts, flops };
  });
  return { seconds: busiest.seconds, latencySeconds: latency, parts: busiest.parts, flops: busiest.flops };
}
