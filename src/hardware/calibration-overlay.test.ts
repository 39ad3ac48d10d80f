import { describe, expect, it } from "vitest";
import { loadCalibration } from "../catalog/load.ts";
import { getParam } from "./calibration.ts";
import { applyCalibrationOverlay } from "./calibration-overlay.ts";

const base = loadCalibration();
const hopper = () => base.families.find((f) => f.family === "nvidia-hopper")!;

describe("calibration overlay", () => {
  it("changes only the keys it names; other families keep their priors", () => {
    const r = applyCalibrationOverlay(base, {
      families: [{ family: "nvidia-hopper", gemm: { default: { max: 0.5 } } }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = r.value.families.find((f) => f.family === "nvidia-hopper")!;
    expect(h.gemm.default.max).toBe(0.5);
    // the sibling key of the patched object and the family's other keys are the catalog's
    expect(h.gemm.default.overheadSeconds).toBe(hopper().gemm.default.overheadSeconds);
    expect(h.attention).toBe(hopper().attention);
    const others = r.value.families.filter((f) => f.family !== "nvidia-hopper");
    expect(others).toEqual(base.families.filter((f) => f.family !== "nvidia-hopper"));
  });

  it("keeps the catalog's date and cross-validated intervals (an overlay changes efficiencies only)", () => {
    const r = applyCalibrationOverlay(base, { families: [{ family: "nvidia-hopper", attention: 0.5 }] });
    expect(r.ok && r.value.intervals).toEqual(base.intervals);
    expect(r.ok && r.value.updated).toBe(base.updated);
    expect(base.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("adds a new family whole, and refuses an incomplete one naming the missing key", () => {
    const whole = { ...structuredClone(base.default), family: "my-chip", appliesTo: ["my-chip-1"] };
    const ok = applyCalibrationOverlay(base, { families: [whole] });
    expect(ok.ok && ok.value.families.at(-1)?.family).toBe("my-chip");
    const bad = applyCalibrationOverlay(base, { families: [{ family: "my-chip", appliesTo: [] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join("\n")).toMatch(/families\[my-chip\]\.(gemm|attention|memory)/);
  });

  it("refuses a value the engine would not accept, and unknown top-level keys", () => {
    const r = applyCalibrationOverlay(base, { families: [{ family: "nvidia-hopper", attention: 1.7 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/families\[nvidia-hopper\]\.attention/);
    expect(applyCalibrationOverlay(base, { familes: [] }).ok).toBe(false);
  });

  it("does not mutate the catalog calibration", () => {
    const before = structuredClone(base);
    applyCalibrationOverlay(base, { families: [{ family: "nvidia-hopper", memory: 0.5 }] });
    expect(base).toEqual(before);
  });
});

describe("overlay over fitted values", () => {
  it("a key the overlay sets wins over the catalog's fitted value for that key", () => {
    const fittedBase = {
      ...base,
      families: base.families.map((f) =>
        f.family === "nvidia-hopper"
          ? { ...f, fitted: [{ param: "gemm.default.max", value: 0.63, n: 9 }] }
          : f,
      ),
    };
    const r = applyCalibrationOverlay(fittedBase, {
      families: [{ family: "nvidia-hopper", gemm: { default: { max: 0.3 } } }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = r.value.families.find((f) => f.family === "nvidia-hopper")!;
    expect(h.fitted ?? []).toEqual([]);
    expect(getParam(h, "gemm.default.max")).toBe(0.3);
  });
});
