// One engine iteration end to end: the device work of iteration-seconds.ts (layers, LM head, MTP
// drafts) plus the draft model or head of other speculative methods, plus the engine's fixed
// costs (catalog/serving-engines.yaml):
// - launches: a batch the engine captured as a CUDA/ACL graph replays in one launch; any other
//   runs eager and the host issues its kernels one by one (kernel-count.ts), so the step takes
//   the longer of the device work and the host's issue time (PyTorch CUDA-graphs blog 2021:
//   launch overheads matter when kernels are shorter than their launches);
// - sync: sampling and the token copy back, every step, hidden by nothing;
// - host: scheduling, input preparation and output processing, per step and per running request,
//   added to the step, or overlapped with the device (SGLang v0.4 zero-overhead scheduler,
//   TensorRT-LLM overlap scheduler: the step takes the longer of the two).
import type { Deployment } from "./deployment.ts";
import { type IterationSeconds, iterationSeconds } from "./iteration-seconds.ts";
import type { StepLoad } from "./layer-seconds.ts";
import { draftSeconds } from "./speculative-draft.ts";

/** Whether the engine replays a captured graph for this batch. */
export function graphed(d: Deployment, load: StepLoad): boolean {
  const e = d.engine;
  if (e.graphMaxBatch <= 0) return false;
  if (e.graphScope === "decode-only") {
    return load.prefillTokens === 0 && load.decodeSequences <= e.graphMaxBatch;
  }
  const tokens = load.decodeSequences * load.queryTokensPerSequence + load.prefillTokens;
  return tokens <= e.graphMaxBatch;
}

/** The iteration with the engine's costs; `draft`: run the speculative drafts (decoding steps). */
export function stepSeconds(d: Deployment, load: StepLoad, draft = true): IterationSeconds {
  const e = d.engine;
  const spec = d.speculative;
  const k = draft && spec ? spec.draftTokens : 0;
  const device = { ...d, rates: { ...d.rates, stepOverheadSeconds: 0 } };
  const it = iterationSeconds(device, load, spec?.method === "mtp" ? k : 0);
  const drafting = k > 0 && spec ? draftSeconds(device, spec, load) : 0;
  const work = it.seconds + drafting;
  const launches = graphed(d, load) ? 0 : d.kernelsPerStep * e.eagerLaunchSeconds;
  const issued = Math.max(work, launches);
  const sequences = load.decodeSequences + load.prefillSequences;
  const host =
    e.hostStepSeconds +
    e.hostPerSequenceSeconds * sequences +
    (spec?.method === "ngram" ? NGRAM_HOST_SECONDS_PER_SEQUENCE * sequences : 0);
  const seconds = (e.overlap ? Math.max(issued, host) : issued + host) + e.syncSeconds;
  const fixed = seconds - work;
  return {
    seconds,
    latencySeconds: it.latencySeconds + drafting + fixed * d.layout.pp,
    parts: { ...it.parts, mtpDraft: it.parts.mtpDraft + drafting, overhead: fixed },
    flops: it.flops,
  };
}

/** Prompt-lookup drafting on the host (vLLM's n-gram proposer): a match over each context per step. */
export const NGRAM_HOST_SECONDS_PER_SEQUENCE = 2e-5;
