// `xpuplan validate` in one function: every case predicted in-sample (the catalog calibration
// as fitted on all the cases), or with `crossValidate` out of sample (leave-one-source-out, see
// ./cross-validate.ts) with the in-sample prediction kept beside it. Reliability cases are held
// out the same way: each is predicted from failure rates without its own source's observations
// (src/reliability/rates-excluding.ts), since the rates are what those cases would inform.
import {
  errorPct,
  summarise,
  type ValidationRow,
  type ValidationSummary,
  validateCase,
} from "../engine/validate.ts";
import { catalogForCase } from "../reliability/rates-excluding.ts";
import type { Catalogs } from "../scenario/resolve.ts";
import type { Case } from "../scenario/schema.ts";
import { crossValidate } from "./cross-validate.ts";
import { fitRows } from "./fit-rows.ts";
import { enginePredictor } from "./predictor.ts";

export interface Validation {
  cases: ValidationRow[];
  summary: ValidationSummary;
  /** "in-sample" or "cross-validated (leave-one-source-out)" */
  mode: string;
}

export function validateCases(
  cases: Case[],
  cat: Catalogs,
  opts: { crossValidate?: boolean } = {},
): Validation {
  const rows = cases.flatMap((c) => validateCase(c, cat));
  if (!opts.crossValidate) return { cases: rows, summary: summarise(rows), mode: "in-sample" };
  const cv = crossValidate(cat.calibration, fitRows(cases, cat), enginePredictor(cat));
  const key = (id: string, metric: string) => `${id}\u0000${metric}`;
  const out = new Map(cv.map((x) => [key(x.row.caseId, x.row.metric), x]));
  const held = new Map<string, number | null>();
  if (cat.reliability)
    for (const c of cases) {
      if (c.kind !== "reliability") continue;
      const rel = catalogForCase(c.source, cat.reliability).catalog;
      for (const r of validateCase(c, { ...cat, reliability: rel }))
        held.set(key(r.id, r.metric), r.predicted);
    }
  const cvRows = rows.map((r): ValidationRow => {
    const h = held.get(key(r.id, r.metric));
    if (h !== undefined)
      return h === null
        ? {
            ...r,
            inSamplePredicted: r.predicted,
            predicted: null,
            errorPct: null,
            error: "not predicted out of sample",
          }
        : { ...r, inSamplePredicted: r.predicted, predicted: h, errorPct: errorPct(h, r.measured) };
    const x = out.get(key(r.id, r.metric));
    if (!x || r.predicted === null) return { ...r, inSamplePredicted: r.predicted };
    const p = x.outOfSample;
    return p === undefined || !Number.isFinite(p)
      ? {
          ...r,
          inSamplePredicted: r.predicted,
          predicted: null,
          errorPct: null,
          error: "not predicted out of sample",
        }
      : { ...r, inSamplePredicted: r.predicted, predicted: p, errorPct: errorPct(p, r.measured) };
  });
  return { cases: cvRows, summary: summarise(cvRows), mode: "cross-validated (leave-one-source-out)" };
}
