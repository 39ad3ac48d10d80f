// The batch a scenario runs at: the one it states (batchPerDevice, or concurrency for the whole
// system), else the largest that fits in memory and meets the latency objectives (a
// max-throughput run, validation/README.md). TPOT and TTFT grow with the batch, so the
// largest batch meeting them is found by bisection.
import { type Issue, issue } from "../issues.ts";
import type { Deployment } from "./deployment.ts";
import { KV_MEMORY_FRACTION } from "./memory.ts";
import {
  fitsMemory,
  maxSequencesPerGroup,
  type ServingMode,
  servingPoint,
  type Workload,
} from "./serving-point.ts";

export interface BatchRequest {
  batchPerDevice?: number | null;
  concurrency?: number | null;
  tpotSloMs?: number | null;
  ttftSloMs?: number | null;
}

export type BatchChoice =
  | {
      ok: true;
      sequencesPerGroup: number;
      maxSequencesPerGroup: number;
      chosenBy: "given" | "concurrency" | "memory" | "slo";
    }
  | { ok: false; issues: Issue[]; maxSequencesPerGroup: number };

export function meetsSlo(d: Deployment, w: Workload, mode: ServingMode, S: number, r: BatchRequest): boolean {
  const p = servingPoint(d, w, mode, S);
  if (r.tpotSloMs && mode !== "prefill" && p.tpotSeconds * 1000 > r.tpotSloMs) return false;
  if (r.ttftSloMs && mode !== "decode" && p.ttftSeconds * 1000 > r.ttftSloMs) return false;
  return true;
}

export function chooseBatch(
  d: Deployment,
  w: Workload,
  mode: ServingMode,
  r: BatchRequest,
  path: (string | number)[] = ["infer"],
): BatchChoice {
  const l = d.layout;
  const maxS = maxSequencesPerGroup(d, w, mode);
  let S: number | undefined;
  let chosenBy: "given" | "concurrency" | "memory" | "slo" = "memory";
  if (r.batchPerDevice) {
    S = r.batchPerDevice * l.tp;
    chosenBy = "given";
  } else if (r.concurrency) {
    S = r.concurrency / (l.dp * l.attentionGroups * l.pp);
    chosenBy = "concurrency";
  }
  if (S !== undefined) {
    if (!fitsMemory(d, w, mode, S)) {
      const p = servingPoint(d, w, mode, S);
      const code =
        p.memory.weightsGiB + p.memory.workspaceGiB >= p.memory.capacityGiB ? "hbm_overflow" : "kv_overflow";
      return {
        ok: false,
        maxSequencesPerGroup: maxS,
        issues: [
          issue(
            code,
            [...path, chosenBy === "given" ? "batchPerDevice" : "concurrency"],
            `${(S / l.tp).toPrecision(4)} sequences per device need ${p.memory.totalGiB.toFixed(1)} GiB of ${p.memory.capacityGiB.toFixed(1)} GiB (KV pool ${Math.round(100 * KV_MEMORY_FRACTION)}% of what weights leave); at most ${(maxS / l.tp).toPrecision(4)} fit`,
            { need: p.memory.totalGiB, have: p.memory.capacityGiB },
          ),
        ],
      };
    }
    return { ok: true, sequencesPerGroup: S, maxSequencesPerGroup: maxS, chosenBy };
  }
  if (maxS < 1) {
    const p = servingPoint(d, w, mode, 1);
    const weightsOnly = p.memory.weightsGiB + p.memory.workspaceGiB >= p.memory.capacityGiB;
    return {
      ok: false,
      maxSequencesPerGroup: 0,
      issues: [
        issue(
          weightsOnly ? "hbm_overflow" : "kv_overflow",
          [...path],
          weightsOnly
            ? `weights need ${p.memory.weightsGiB.toFixed(1)} GiB per device of ${p.memory.capacityGiB.toFixed(1)} GiB: use more devices (tp/ep/pp) or narrower weights`
            : `the KV cache of one sequence does not fit next to ${p.memory.weightsGiB.toFixed(1)} GiB of weights`,
          { need: p.memory.totalGiB, have: p.memory.capacityGiB },
        ),
      ],
    };
  }
  if (!r.tpotSloMs && !r.ttftSloMs)
    return { ok: true, sequencesPerGroup: maxS, maxSequencesPerGroup: maxS, chosenBy };
  if (meetsSlo(d, w, mode, maxS, r))
    return { ok: true, sequencesPerGroup: maxS, maxSequencesPerGroup: maxS, chosenBy };
  if (!meetsSlo(d, w, mode, 1, r)) {
    const p = servingPoint(d, w, mode, 1);
    const what =
      r.tpotSloMs && mode !== "prefill"
        ? `TPOT ${(p.tpotSeconds * 1000).toFixed(1)} ms`
        : `TTFT ${(p.ttftSeconds * 1000).toFixed(0)} ms`;
    return {
      ok: false,
      maxSequencesPerGroup: maxS,
      issues: [
        issue("slo_unmet", path, `even one sequence per attention group takes ${what}, over the objective`),
      ],
    };
  }
  let lo = 1;
  let hi = maxS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meetsSlo(d, w, mode, mid, r)) lo = mid;
    else hi = mid;
  }
  return { ok: true, sequencesPerGroup: lo, maxSequencesPerGroup: maxS, chosenBy: "slo" };
}
