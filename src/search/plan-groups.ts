// The search space cut into groups that share a structure (tp, pp, cp, dp, ep), a precision
// and a pipeline schedule; each group spans micro-batch x recompute x ZeRO. Whole groups die
// here without evaluation: tp beyond the scale-up domain (fabric_limit), a precision the
// device lacks (dtype_unsupported), ZeRO stages whose model state alone overflows
// (hbm_overflow), and micro-batches a context-parallel sibling dominates.
import { issue } from "../issues.ts";
import { SCHEDULES } from "../train/schedule.ts";
import { GiB } from "../units.ts";
import { gcd } from "./divisors.ts";
import type { SearchContext } from "./plan-context.ts";
import type { PlanLedger } from "./plan-ledger.ts";
import {
  microBatchChoices,
  type PipelineChoice,
  pipelineChoices,
  type Structure,
  structures,
  supportsPrecision,
  type TrainPrecision,
} from "./space.ts";
import { stateLowerBoundBytes } from "./state-bound.ts";

export interface Group {
  index: number;
  devices: number;
  s: Structure;
  precision: TrainPrecision;
  pipe: PipelineChoice;
  /** micro-batches, ascending */
  mbs: number[];
  /** per micro-batch: a context-parallel sibling dominates its cells below ZeRO 3 */
  cpDominated: boolean[];
  /** per ZeRO stage (ctx.Z): its model state alone overflows */
  byBound: boolean[];
  /** a 1F1B group decided by this zero-bubble group's cells: same memory, no faster */
  twin?: PipelineChoice;
  /** state-bound slack at the most-saving ZeRO stage, bytes (for feasibility-first order) */
  slack: number;
  /** an interleaved group's 1F1B or zero-bubble sibling, whose probe bounds this group too */
  base?: Group;
}

/** Enumerates the groups of one device count, counting the whole-group rejections. */
export function buildGroups(ctx: SearchContext, ledger: PlanLedger, devices: number, first: number): Group[] {
  const { inp, fixed, R, Z, precisions } = ctx;
  const groups: Group[] = [];
  const cells = R.length * Z.length;
  const cpTwins =
    !inp.exhaustive && fixed.cp === undefined && fixed.dp === undefined && fixed.microBatch === undefined;
  const scheduleTwins = !inp.exhaustive && fixed.schedule === undefined;
  const structs = structures({
    arch: inp.arch,
    devices,
    seqLen: inp.train.seqLen,
    globalBatch: inp.train.globalBatch,
    fixed,
  });
  for (const s of structs) {
    const pipes = pipelineChoices(s.pp, inp.arch.layers, fixed);
    const allMbs = microBatchChoices(inp.train.globalBatch, s.dp, fixed);
    const perPipe = allMbs.length * cells;
    const size = precisions.length * pipes.length * perPipe;
    ledger.counts.space += size;
    if (s.tp > ctx.domain && !inp.exhaustive) {
      const why = `tp ${s.tp} exceeds the scale-up domain of ${ctx.domain} devices`;
      ledger.reject(
        "fabric_limit",
        size,
        true,
        issue("fabric_limit", ["parallel", "tp"], why, { need: s.tp, have: ctx.domain }),
      );
      continue;
    }
    // Context parallelism with cp sharing a factor g with the micro-batch splits the tokens as
    // cp/g does with g times the data parallelism and mb/g: the same memory and groups plus the
    // ring's K/V traffic, and each rank's attention over a sequence cp/g times shorter, at a rate
    // no higher (the same query tiles, so the same occupancy, and the measured flash curves rise
    // with the sequence; Blackwell's dips 7% from 16k to 32k tokens, the one place this does not
    // hold). That sibling is in the space, so this candidate is dominated; except under ZeRO 3,
    // where the extra traffic can hide parameter gathers.
    const mbs = allMbs;
    const cpDominated = mbs.map((mb) => cpTwins && s.cp > 1 && gcd(s.cp, mb) > 1);
    const dominatedMbs = cpDominated.filter(Boolean).length;
    for (const precision of precisions) {
      if (!supportsPrecision(inp.device, precision)) {
        const why = `${inp.device.name} has no ${precision} matmul peak`;
        ledger.reject(
          "dtype_unsupported",
          pipes.length * perPipe,
          true,
          issue("dtype_unsupported", ["train", "precision"], why),
        );
        continue;
      }
      const hasZb = scheduleTwins && pipes.some((p) => p.schedule === "zero-bubble");
      let base: Group | undefined;
      for (const pipe of pipes) {
        if (hasZb && pipe.schedule === "1f1b") continue; // searched as the zero-bubble group's twin
        const twin =
          hasZb && pipe.schedule === "zero-bubble" ? pipes.find((p) => p.schedule === "1f1b") : undefined;
        // 1F1B and zero-bubble hold one copy of the stage's parameters each: one bound serves both.
        const copies = SCHEDULES[pipe.schedule].parameterCopies;
        const members = twin ? 2 : 1;
        let slack = -Infinity;
        const byBound = Z.map((z) => {
          if (inp.exhaustive) return false;
          const bound = stateLowerBoundBytes(ctx.split, s, z, precision, copies);
          slack = Math.max(slack, ctx.capacity - bound);
          if (bound <= ctx.capacity) return false;
          const why = `model state alone needs at least ${(bound / GiB).toFixed(1)} GiB per device, the device has ${(ctx.capacity / GiB).toFixed(1)} GiB`;
          ledger.reject(
            "hbm_overflow",
            R.length * mbs.length * members,
            true,
            issue("hbm_overflow", ["parallel"], why, { need: bound, have: ctx.capacity }),
          );
          return true;
        });
        const liveBelow3 = Z.filter((z, j) => z < 3 && !byBound[j]).length;
        ledger.reject("dominated", dominatedMbs * liveBelow3 * R.length * members, true);
        if (byBound.every(Boolean) || mbs.length === 0) continue;
        const g: Group = {
          index: first + groups.length,
          devices,
          s,
          precision,
          pipe,
          mbs,
          cpDominated,
          byBound,
          twin,
          slack,
        };
        if (pipe.schedule === "interleaved") g.base = base;
        else if (pipe.schedule === "1f1b" || pipe.schedule === "zero-bubble") base ??= g;
        groups.push(g);
      }
    }
  }
  return groups;
}
