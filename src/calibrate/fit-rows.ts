// The measurements a fit or a cross-validation works on: one row per (case, metric), resolved
// once, with the source it belongs to, the device family whose efficiencies predict it, its
// regime (for prediction intervals) and whether it is counted (a metric restating another of the
// same case is not).
import { computeTablesFor } from "../cost/device-tables.ts";
import { calibrationFor } from "../hardware/calibration.ts";
import { type Catalogs, type Resolved, resolveScenario } from "../scenario/resolve.ts";
import type { Case } from "../scenario/schema.ts";
import { countedMetrics } from "./metric-classes.ts";
import { regimeOf } from "./regime.ts";
import { sourceKey } from "./source-key.ts";

export interface FitRow {
  caseId: string;
  kind: Case["kind"];
  source: string;
  metric: string;
  measured: number;
  counted: boolean;
  family: string;
  regime: string;
  resolved: Resolved;
  /** the device has measured kernel tables (its own or a sibling's): inference GEMMs and
   * attention are then timed from them, not from the family's efficiencies */
  kernelTables: boolean;
}

/** Rows of the cases that resolve; a case that does not resolve cannot inform a fit. */
export function fitRows(cases: Case[], cat: Catalogs): FitRow[] {
  const rows: FitRow[] = [];
  for (const c of cases) {
    const r = resolveScenario(c.scenario, cat);
    if (!r.ok) continue;
    const family = calibrationFor(cat.calibration, r.value.device.id).family.family;
    const counted = countedMetrics(Object.keys(c.measured));
    for (const [metric, measured] of Object.entries(c.measured)) {
      rows.push({
        caseId: c.id,
        kind: c.kind,
        source: sourceKey(c.source.title),
        metric,
        measured,
        counted: counted.get(metric) ?? true,
        family,
        regime: regimeOf(c.kind, r.value),
        resolved: r.value,
        kernelTables: computeTablesFor(cat.kernels, r.value.device.id) !== undefined,
      });
    }
  }
  return rows;
}
