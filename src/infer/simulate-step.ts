// Iteration times for the serving simulation: the engine step of step-seconds.ts for the batch
// the scheduler formed, memoised by a coarse key. Token counts and contexts are rounded up to a
// geometric grid (2% apart above 32, exact below) and the step is evaluated at the grid point,
// so a key always maps to the same time whichever batch reached it first (deterministic runs, a
// few hundred distinct evaluations per operating point), and a step is never shorter than its
// batch's own time (the step grows with every load term), so TTFT keeps its lower bound.
import type { Deployment } from "./deployment.ts";
import type { StepLoad } from "./layer-seconds.ts";
import { stepSeconds } from "./step-seconds.ts";

/** One iteration's work over the whole instance (all attention groups). */
export interface InstanceLoad {
  /** generating sequences */
  decodes: number;
  /** their mean cached context, tokens */
  meanContext: number;
  /** prompt tokens computed this iteration */
  prefillTokens: number;
  /** prompts whose last chunk is in this iteration (one LM-head row each) */
  prefillSequences: number;
  /** mean keys each prompt token attends to */
  keysPerToken: number;
  /** cached tokens the chunks re-read (earlier chunks, prefix-cache hits) */
  kvReadTokens: number;
  /** prompt tokens of the busiest attention group */
  busiestPrefillTokens: number;
}

const STEP = Math.log(1.02);

/** The grid point at or above x: integers up to 32, then 2% apart. */
export function gridPoint(x: number): number {
  if (!(x > 0)) return 0;
  if (x <= 32) return Math.ceil(x - 1e-9);
  const p = Math.exp(Math.ceil(Math.log(x) / STEP - 1e-9) * STEP);
  return Math.max(p, x);
}

export interface StepTimer {
  seconds(load: InstanceLoad): number;
  /** distinct evaluations so far */
  readonly evaluations: number;
}

export function stepTimer(d: Deployment): StepTimer {
  const memo = new Map<string, number>();
  const groups = d.layout.attentionGroups;
  const query = 1 + d.draftTokens;
  let evaluations = 0;
  return {
    get evaluations() {
      return evaluations;
    },
    seconds(x: InstanceLoad): number {
      const dec = gridPoint(x.decodes);
      const ctx = dec > 0 ? gridPoint(x.meanContext) : 0;
      const pt = gridPoint(x.prefillTokens);
      const ps = pt > 0 ? gridPoint(x.prefillSequences) : 0;
      const keys = pt > 0 ? gridPoint(x.keysPerToken) : 0;
      const kvr = pt > 0 ? gridPoint(x.kvReadTokens) : 0;
      const busy = groups > 1 && pt > 0 ? gridPoint(x.busiestPrefillTokens) : 0;
      const key = `${dec}|${ctx}|${pt}|${ps}|${keys}|${kvr}|${busy}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const load: StepLoad = {
        decodeSequences: dec / groups,
        queryTokensPerSequence: query,
        contextTokens: ctx,
        prefillTokens: pt / groups,
        prefillKeysPerToken: keys,
        prefillSequences: ps / groups,
        prefillKvReadTokens: kvr / groups,
        ...(groups > 1 && pt > 0 ? { busiestPrefillTokens: busy } : {}),
      };
      const it = stepSeconds(d, load, dec > 0);
      // A pipeline stage hands each micro-batch on: one micro-batch returns every latencySeconds.
      const s = d.layout.pp > 1 ? it.latencySeconds : it.seconds;
      evaluations++;
      memo.set(key, s);
      return s;
    },
  };
}
