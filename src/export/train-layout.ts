// A training plan as the engines see it, and the same read back from emitted flags: the round
// trip that proves an emitter wrote the whole plan (src/export emit.test.ts). Data parallelism is
// what the world size leaves after tp x pp x cp, as Megatron-LM derives it.
import { parseMegatronLayout } from "./layers.ts";
import type { TrainEmitPlan } from "./plans.ts";

export interface TrainLayout {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  vpp: number;
  schedule: string;
  microBatch: number;
  globalBatch: number;
  seqLen: number;
  recompute: string;
  zero: number;
  sequenceParallel: boolean;
  precision: string;
  mtp: number;
  shape: {
    layers: number;
    hidden: number;
    ffn: number;
    heads: number;
    kvHeads: number;
    experts: number;
    topK: number;
    expertFfn: number;
    sharedExperts: number;
    denseLayers: number;
    mla: number[];
  };
}

export function trainLayoutOf(p: TrainEmitPlan): TrainLayout {
  const l = p.parallel;
  const a = p.arch;
  const mla = a.attention?.kind === "mla" ? a.attention : undefined;
  return {
    tp: l.tp,
    pp: l.pp,
    dp: l.dp,
    cp: l.cp,
    ep: a.moe ? l.ep : 1,
    vpp: l.schedule === "interleaved" ? l.vpp : 1,
    schedule: l.schedule === "interleaved" && l.vpp <= 1 ? "1f1b" : l.schedule,
    microBatch: l.microBatch,
    globalBatch: p.globalBatch,
    seqLen: p.seqLen,
    recompute: l.recompute,
    zero: l.zero,
    sequenceParallel: l.sequenceParallel && l.tp > 1,
    precision: p.precision,
    mtp: a.mtp ?? 0,
    shape: {
      layers: a.layers,
      hidden: a.hidden,
      ffn: a.ffn,
      heads: a.heads,
      kvHeads: mla ? a.heads : a.kvHeads,
      experts: a.moe?.experts ?? 0,
      topK: a.moe?.topK ?? 0,
      expertFfn: a.moe?.expertFfn ?? 0,
      sharedExperts: a.moe?.sharedExperts ?? 0,
      denseLayers: a.moe?.denseLayers ?? 0,
      mla: mla
        ? [mla.qLoraRank ?? 0, mla.kvLoraRank, mla.qkNopeHeadDim, mla.qkRopeHeadDim, mla.vHeadDim]
        : [],
    },
  };
}

/** Flags to values: --flag v1 v2 ... (a bare flag maps to []). */
export function readArgs(args: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  let cur = "";
  for (const a of args) {
    if (a.startsWith("--")) {
      cur = a;
      m.set(cur, []);
    } else m.get(cur)?.push(a);
  }
  return m;
}

/** Reads Megatron-LM or MindSpeed-LLM flags back into a layout, for a world of `devices`. */
export function parseTrainArgs(args: string[], devices: number): TrainLayout {
  const m = readArgs(args);
  const n = (f: string, dflt = 0) => (m.has(f) ? Number(m.get(f)![0]) : dflt);
  const tp = n("--tensor-model-parallel-size", 1);
  const pp = n("--pipeline-model-parallel-size", 1);
  const cp = n("--context-parallel-size", 1);
  const noop = m.get("--noop-layers")?.[0]?.split(",").filter(Boolean).length ?? 0;
  const layers = n("--num-layers") - noop;
  let vpp = 1;
  const layout = m.get("--pipeline-model-parallel-layout")?.[0];
  if (layout) vpp = parseMegatronLayout(layout).length / pp;
  else if (m.has("--num-layers-per-virtual-pipeline-stage"))
    vpp = n("--num-layers") / pp / n("--num-layers-per-virtual-pipeline-stage");
  const dual = m.get("--schedules-method")?.[0] === "dualpipev";
  const zero = m.has("--use-torch-fsdp2")
    ? 3
    : m.has("--use-megatron-fsdp")
      ? m.get("--data-parallel-sharding-strategy")?.[0] === "optim_grads"
        ? 2
        : 3
      : m.has("--use-distributed-optimizer")
        ? 1
        : 0;
  const freq = m.get("--moe-layer-freq")?.[0] ?? "";
  const dense = m.has("--first-k-dense-replace")
    ? n("--first-k-dense-replace")
    : Number(/^\(\[0\]\*(\d+)\+/.exec(freq)?.[1] ?? 0);
  const expertFfn = n("--moe-ffn-hidden-size") || n("--moe-intermediate-size");
  const shared = m.has("--n-shared-experts")
    ? n("--n-shared-experts")
    : expertFfn > 0
      ? n("--moe-shared-expert-intermediate-size") / expertFfn
      : 0;
  const isMla = m.has("--multi-latent-attention") || m.has("--multi-head-latent-attention");
  const heads = n("--num-attention-heads");
  return {
    tp,
    pp,
    dp: devices / (tp * pp * cp),
    cp,
    ep: n("--expert-model-parallel-size", 1),
    vpp,
    schedule: dual ? "dualpipe" : vpp > 1 ? "interleaved" : "1f1b",
    microBatch: n("--micro-batch-size"),
    globalBatch: n("--global-batch-size"),
    seqLen: n("--seq-length"),
    recompute: m.get("--recompute-granularity")?.[0] ?? "none",
    zero,
    sequenceParallel: m.has("--sequence-parallel"),
    precision: m.has("--fp8-format") ? "fp8" : m.has("--fp16") ? "fp16" : "bf16",
    mtp: n("--mtp-num-layers"),
    shape: {
      layers,
      hidden: n("--hidden-size"),
      ffn: n("--ffn-hidden-size"),
      heads,
      kvHeads: m.has("--num-query-groups") ? n("--num-query-groups") : heads,
      experts: n("--num-experts"),
      topK: n("--moe-router-topk"),
      expertFfn,
      sharedExperts: shared,
      denseLayers: dense,
      mla: isMla
        ? [
            n("--q-lora-rank"),
            n("--kv-lora-rank"),
            n("--qk-head-dim") || n("--qk-nope-head-dim"),
            n("--qk-pos-emb-head-dim") || n("--qk-rope-head-dim"),
            n("--v-head-dim"),
          ]
        : [],
    },
  };
}
