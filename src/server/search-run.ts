// The long searches (plan, compare) as the API and the web worker run them: with a time budget,
// a caller's signal to cancel, and progress reports. Stopping early answers the best so far
// (stopped: true) instead of nothing. The engine does the searching; this file only orders the calls.

import type { Catalogs } from "../scenario/resolve.ts";
import type { PlanInput, PlanResult } from "../search/index.ts";
import { type CompareResult, compareDevices, planTrainingAsync } from "../search/index.ts";
import type { Engine, Job } from "./operations.ts";

export interface SearchProgress {
  /** what `done` and `total` count */
  unit: "candidates" | "devices";
  done: number;
  total: number;
  /** plan search: layouts evaluated and fitting so far */
  evaluated?: number;
  fits?: number;
  /** the best so far, in a line (plan: its layout and tokens/s; compare: the last device done) */
  best?: string;
}

export interface SearchControl {
  /** the computation's time limit: past about 85 % of it the search answers its best so far */
  budgetMs?: number;
  /** aborted by the caller (DELETE /jobs/:id, a Cancel button): the search answers its best so far */
  signal?: AbortSignal;
  onProgress?: (p: SearchProgress) => void;
}

/** The caller's signal and the budget's, as one signal (undefined when neither is set). */
export function stopSignal(c: SearchControl): AbortSignal | undefined {
  const budget =
    c.budgetMs !== undefined ? AbortSignal.timeout(Math.max(1, Math.floor(0.85 * c.budgetMs))) : undefined;
  const both = [budget, c.signal].filter((s): s is AbortSignal => s !== undefined);
  return both.length === 0 ? undefined : both.length === 1 ? both[0] : AbortSignal.any(both);
}

export function runPlan(
  input: Omit<PlanInput, "signal" | "onProgress">,
  c: SearchControl,
): Promise<PlanResult> {
  const report = c.onProgress;
  return planTrainingAsync({
    ...input,
    signal: stopSignal(c),
    onProgress: report
      ? (p) =>
          report({
            unit: "candidates",
            done: p.decided,
            total: p.space,
            evaluated: p.evaluated,
            fits: p.fits,
            best: p.best
              ? `tp ${p.best.parallel.tp} · pp ${p.best.parallel.pp} · dp ${p.best.parallel.dp}: ${Math.round(p.best.figures.tokensPerSecondPerDevice)} tokens/s per device`
              : undefined,
          })
      : undefined,
  });
}

/** One device at a time, yielding between devices so a cancel message can arrive; on the
 * catalogs the job computes on (its calibration overlay applied). */
export async function runCompare(
  job: Extract<Job, { op: "compare" }>,
  cat: Engine["catalogs"] & Catalogs,
  c: SearchControl,
): Promise<CompareResult & { stopped: boolean }> {
  const reliability = cat.reliability
    ? { catalog: cat.reliability, spec: job.scenario.reliability }
    : undefined;
  const signal = stopSignal(c);
  const total = job.hardware.length;
  let out: CompareResult | undefined;
  let stopped = false;
  for (const [i, id] of job.hardware.entries()) {
    if (signal?.aborted && out) {
      stopped = true;
      break;
    }
    const one = compareDevices(job.scenario, cat, [id], job.objective ?? "time", {
      reliability,
      ...job.sizing,
    });
    out = out ? { ...out, rows: [...out.rows, ...one.rows] } : one;
    c.onProgress?.({ unit: "devices", done: i + 1, total, best: one.rows[0]?.name });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  const result = out as CompareResult;
  if (stopped) {
    const left = job.hardware.slice(result.rows.length);
    result.notes = [
      ...result.notes,
      `stopped after ${result.rows.length} of ${total} devices (not compared: ${left.join(", ")})`,
    ];
  }
  return { ...result, stopped };
}
