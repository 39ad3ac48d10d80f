import { describe, expect, it } from "vitest";
import { bundledCatalogs } from "./bundle.ts";
import { loadCatalogsFromFiles } from "./load.ts";

describe("bundledCatalogs", () => {
  it("builds the same catalogs as the Node loader", () => {
    const b = bundledCatalogs();
    // from the files, not a build snapshot: the bundle reads the same files
    const n = loadCatalogsFromFiles();
    expect(b.devices).toEqual(n.devices);
    expect(b.models).toEqual(n.models);
    expect(b.calibration).toEqual(n.calibration);
    expect(b.servingEngines).toEqual(n.servingEngines);
    expect(b.stacks).toEqual(n.stacks);
    expect(b.prices).toEqual(n.prices);
    expect(b.reliability).toEqual(n.reliability);
    // the measured kernel tables, every device and every table
    expect(b.kernels?.map((k) => k.device)).toEqual(n.kernels?.map((k) => k.device));
    expect(b.kernels).toEqual(n.kernels);
    expect(b.kernels?.length).toBeGreaterThan(0);
  });
});
