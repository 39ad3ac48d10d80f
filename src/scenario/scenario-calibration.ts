// The catalogs a scenario computes on: the catalog's calibration with the scenario's own
// `calibration:` overlay merged over it (src/hardware/calibration-overlay.ts). A path there must
// have been read into the overlay itself by the shell that can read files: the engine reads none.
import { applyCalibrationOverlay } from "../hardware/calibration-overlay.ts";
import type { Catalogs, ResolveError } from "./resolve.ts";
import type { Scenario } from "./schema.ts";

export const CALIBRATION_PATH_UNREAD =
  "a path is read only by the command line (xpuplan); send the overlay itself (the file's content)";

export type WithCalibration = { ok: true; value: Catalogs } | { ok: false; errors: ResolveError[] };

/** `cat` with `overlay` merged over its calibration; errors carry the key path inside the overlay. */
export function withCalibration(
  cat: Catalogs,
  overlay: unknown,
  path: (string | number)[] = ["calibration"],
): WithCalibration {
  if (overlay === undefined) return { ok: true, value: cat };
  if (typeof overlay === "string") return { ok: false, errors: [{ path, message: CALIBRATION_PATH_UNREAD }] };
  const r = applyCalibrationOverlay(cat.calibration, overlay);
  if (!r.ok) return { ok: false, errors: r.errors.map((message) => ({ path, message })) };
  return { ok: true, value: { ...cat, calibration: r.value } };
}

/** The catalogs for a scenario: its `calibration:` overlay, if any, over `cat`'s. */
export function scenarioCatalogs(s: Pick<Scenario, "calibration">, cat: Catalogs): WithCalibration {
  return withCalibration(cat, s.calibration);
}
