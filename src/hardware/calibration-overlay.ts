// A user's calibration overlay (what `xpuplan calibrate` writes): the same shape as
// catalog/calibration.yaml, every key optional. Families are matched by name and merged key by
// key over the catalog's (a key the overlay leaves out keeps the catalog's value, so a family
// with no cases of its own keeps its priors); a family the catalog lacks is added whole and must
// then be complete. The merged result is checked against the calibration schema, so an overlay
// can never produce a calibration the engine would not accept.
import { z } from "zod";
import { type Calibration, calibrationSchema } from "./calibration.ts";

const familyPatch = z.record(z.string(), z.unknown()).and(z.object({ family: z.string() }));

export const calibrationOverlaySchema = z
  .object({
    /** what the overlay was fitted on and how well (free-form record written by `calibrate`) */
    fittedOn: z.unknown().optional(),
    families: z.array(familyPatch).optional(),
    default: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CalibrationOverlay = z.infer<typeof calibrationOverlaySchema>;

type Plain = Record<string, unknown>;
const isPlain = (x: unknown): x is Plain => typeof x === "object" && x !== null && !Array.isArray(x);

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlain(base) || !isPlain(patch)) return patch === undefined ? base : patch;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v);
  return out;
}

/** Dotted paths of the numbers a patch sets. */
function numericPaths(x: unknown, prefix: string[] = []): string[] {
  if (typeof x === "number") return [prefix.join(".")];
  if (!isPlain(x)) return [];
  return Object.entries(x).flatMap(([k, v]) => numericPaths(v, [...prefix, k]));
}

/** A value the overlay sets wins over the catalog's fitted value for the same key (the fitted
 * entries are applied over the family's fields, so they would otherwise hide the overlay's). */
function overrideFitted(merged: unknown, patch: Plain): unknown {
  if (!isPlain(merged) || patch.fitted !== undefined || !Array.isArray(merged.fitted)) return merged;
  const set = new Set(numericPaths(patch));
  return { ...merged, fitted: merged.fitted.filter((e) => !(isPlain(e) && set.has(String(e.param)))) };
}

export type OverlayResult = { ok: true; value: Calibration } | { ok: false; errors: string[] };

/** The catalog calibration with `overlay` applied; errors name the key path that is wrong. */
export function applyCalibrationOverlay(base: Calibration, overlay: unknown): OverlayResult {
  const o = calibrationOverlaySchema.safeParse(overlay);
  if (!o.success) {
    return { ok: false, errors: o.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`) };
  }
  const families = base.families.map((f) => structuredClone(f) as unknown);
  for (const patch of o.data.families ?? []) {
    const i = base.families.findIndex((f) => f.family === patch.family);
    if (i >= 0) families[i] = overrideFitted(merge(families[i], patch), patch);
    else families.push(patch);
  }
  // the catalog's date and cross-validated intervals stay: an overlay changes efficiencies only
  const merged = {
    ...(base.updated !== undefined ? { updated: base.updated } : {}),
    families,
    default: merge(structuredClone(base.default), o.data.default),
    ...(base.intervals !== undefined ? { intervals: base.intervals } : {}),
  };
  const r = calibrationSchema.safeParse(merged);
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => {
        const [top, idx, ...rest] = i.path;
        const name =
          top === "families" && typeof idx === "number"
            ? `families[${String((merged.families[idx] as Plain)?.family ?? idx)}]`
            : String(top ?? "(top)");
        return `${[name, ...(top === "families" ? rest : [idx, ...rest])].filter((x) => x !== undefined).join(".")}: ${i.message}`;
      }),
    };
  }
  return { ok: true, value: r.data };
}
