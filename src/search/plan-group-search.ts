// One group's candidates: micro-batch (ascending) x recompute x ZeRO. Two monotone facts of
// the memory and time model decide most cells without evaluating them (tests pin both facts
// against src/train):
//   - memory never falls as the micro-batch grows or as recomputation or sharding is relaxed:
//     one overflow proves every larger-memory cell overflows (hbm_overflow);
//   - recomputation and sharding only add work: once a cell fits, every cell that recomputes
//     or shards at least as much is no faster (dominated). Except under ZeRO 3, whose parameter
//     gathers extra recomputation can hide: a ZeRO-3 cell that fits dominates no other.
// A zero-bubble group also decides its 1F1B twin: same memory, and ZB-H1 fills part of 1F1B's
// bubble (Qi et al. 2023 Sec. 3), so 1F1B is dominated where ZB fits and overflows where it does.
import { type Candidate, type Cell, evaluateCandidate, type SearchContext } from "./plan-context.ts";
import type { Group } from "./plan-groups.ts";
import type { PlanLedger } from "./plan-ledger.ts";

const OVER: Cell = { kind: "over", evaluated: false };
const DOM: Cell = { kind: "dom", evaluated: false };

function tally(ledger: PlanLedger, c: Cell): void {
  if (c.kind === "fit") ledger.fit();
  else if (c.kind === "over") ledger.reject("hbm_overflow", 1, !c.evaluated);
  else if (c.kind === "dom") ledger.reject("dominated", 1, true);
  else ledger.reject(c.code ?? "not_divisible", 1, false);
}

/** Whether buildGroups already decided cell column j at micro-batch index mi. */
function closed(ctx: SearchContext, g: Group, mi: number, j: number): boolean {
  return g.byBound[j] || (g.cpDominated[mi] && ctx.Z[j] < 3);
}

/** Candidates of the group from micro-batch index `from` on that buildGroups left open. */
export function openCells(ctx: SearchContext, g: Group, from = 0): number {
  let n = 0;
  for (let mi = from; mi < g.mbs.length; mi++)
    for (let j = 0; j < ctx.Z.length; j++) if (!closed(ctx, g, mi, j)) n++;
  return n * ctx.R.length * (g.twin ? 2 : 1);
}

/** Searches a group; yields after each evaluation so the caller can report progress or stop. */
export function* searchGroup(ctx: SearchContext, ledger: PlanLedger, g: Group, stop: () => boolean) {
  const { R, Z } = ctx;
  const I = R.length - 1;
  const J = Z.length - 1;
  // over[i][j]: (R[i], Z[j]) overflows at the current micro-batch, hence at every larger one.
  const over = R.map(() => Z.map((_, j) => g.byBound[j]));
  const at = (mb: number, i: number, j: number, pipe = g.pipe): Candidate => ({
    devices: g.devices,
    s: g.s,
    precision: g.precision,
    pipe,
    mb,
    r: R[i],
    z: Z[j],
  });
  if (ctx.inp.exhaustive) {
    for (const mb of g.mbs) {
      for (let i = 0; i <= I; i++) {
        for (let j = 0; j <= J; j++) {
          if (stop()) return;
          tally(ledger, evaluateCandidate(ctx, ledger, at(mb, i, j)));
          yield;
        }
      }
    }
    return;
  }
  for (let mi = 0; mi < g.mbs.length; mi++) {
    if (stop()) return;
    const mb = g.mbs[mi];
    if (over.every((row) => row.every(Boolean))) {
      ledger.reject("hbm_overflow", openCells(ctx, g, mi), true);
      return;
    }
    const shut = (j: number) => closed(ctx, g, mi, j);
    const cells: (Cell | undefined)[][] = R.map((_, i) =>
      Z.map((_, j) => (over[i][j] ? OVER : shut(j) ? DOM : undefined)),
    );
    const run = (i: number, j: number) => {
      const c = evaluateCandidate(ctx, ledger, at(mb, i, j));
      cells[i][j] = c;
      if (c.kind === "fit" && Z[j] < 3) {
        for (let a = i; a <= I; a++) for (let b = j; b <= J; b++) cells[a][b] ??= DOM;
      } else if (c.kind === "over") {
        for (let a = 0; a <= i; a++) {
          for (let b = 0; b <= j; b++) {
            over[a][b] = true;
            cells[a][b] ??= OVER;
          }
        }
      }
    };
    // Least saving first (fits: the rest is dominated), then the most-saving corner
    // (overflows: everything here does), then the rest row by row.
    const order: [number, number][] = [
      [0, 0],
      [I, J],
    ];
    for (let i = 0; i <= I; i++) for (let j = 0; j <= J; j++) order.push([i, j]);
    for (const [i, j] of order) {
      if (cells[i][j]) continue;
      if (stop()) break;
      run(i, j);
      yield;
    }
    for (let i = 0; i <= I; i++) {
      for (let j = 0; j <= J; j++) {
        const c = cells[i][j];
        // closed cells were counted by buildGroups; an undecided cell means a stop
        if (shut(j) || !c) continue;
        tally(ledger, c);
        if (!g.twin) continue;
        if (c.kind === "over") tally(ledger, OVER);
        else if (c.kind === "fit" || c.kind === "dom") tally(ledger, DOM);
        else tally(ledger, evaluateCandidate(ctx, ledger, at(mb, i, j, g.twin)));
      }
    }
  }
}
