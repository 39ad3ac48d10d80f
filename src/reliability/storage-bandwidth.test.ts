import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RELIABILITY_DEFAULTS } from "./defaults.ts";
import { storageBandwidth } from "./storage-bandwidth.ts";

const perNodeGBps = RELIABILITY_DEFAULTS.storageGBpsPerNode.value;
const capGBps = RELIABILITY_DEFAULTS.storageCapGBps.value;

describe("storage bandwidth scales with the nodes, up to the storage's cap", () => {
  it("a 64-device job (8 nodes) gets 8 GB/s, not the 2,000 GB/s of Llama 3's Tectonic", () => {
    expect(storageBandwidth({ nodes: 8, perNodeGBps, capGBps })).toMatchObject({
      gbps: 8,
      basis: "per-node",
    });
  });

  it("Llama 3's 2,048 nodes reach the 2 TB/s sustained cap", () => {
    expect(storageBandwidth({ nodes: 2048, perNodeGBps, capGBps })).toMatchObject({
      gbps: 2000,
      basis: "capped",
    });
  });

  it("the scenario's aggregate wins", () => {
    expect(storageBandwidth({ nodes: 8, perNodeGBps, capGBps, scenarioGBps: 300 })).toMatchObject({
      gbps: 300,
      basis: "scenario",
    });
  });

  it("never decreases with nodes and never exceeds the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1000 }), (n, more) => {
        const a = storageBandwidth({ nodes: n, perNodeGBps, capGBps }).gbps;
        const b = storageBandwidth({ nodes: n + more, perNodeGBps, capGBps }).gbps;
        return a <= b && b <= capGBps;
      }),
    );
  });

  it("rejects a bandwidth or node count that is not positive", () => {
    expect(() => storageBandwidth({ nodes: 0, perNodeGBps, capGBps })).toThrow(/nodes/);
    expect(() => storageBandwidth({ nodes: 1, perNodeGBps: 0, capGBps })).toThrow(/per-node/);
  });
});
