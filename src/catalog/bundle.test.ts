import { describe, expect, it } from "vitest";
import { bundledCatalogs } from "./bundle.ts";
import { loadCatalogs } from "./load.ts";

describe("bundledCatalogs", () => {
  it("builds the same catalogs as the Node loader", () => {
    const b = bundledCatalogs();
    const n = loadCatalogs();
    expect(b.devices).toEqual(n.devices);
    expect(b.models).toEqual(n.models);
    expect(b.calibration).toEqual(n.calibration);
    expect(b.servingEngines).toEqual(n.servingEngines);
  });
});
