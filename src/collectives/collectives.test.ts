// Conformance suite: every collective in the registry obeys the same physical bounds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLLECTIVES, type CollectiveKind } from "./collectives.ts";
import { type FabricParams, group } from "./group.ts";

const nvswitch: FabricParams = {
  kind: "switched",
  domainSize: 8,
  upGBps: 450,
  perPeerGBps: 450,
  nicGbps: 400,
  upEfficiency: 0.8,
  outEfficiency: 0.85,
  latencySeconds: 8e-6,
};
const hccs: FabricParams = { ...nvswitch, kind: "full-mesh", upGBps: 196, perPeerGBps: 28, nicGbps: 200 };

// Bytes a member must move at least once for each collective (NCCL bus-bandwidth convention).
const minimumTraffic: Record<CollectiveKind, (b: number, n: number) => number> = {
  allReduce: (b, n) => (2 * (n - 1) * b) / n,
  reduceScatter: (b, n) => ((n - 1) * b) / n,
  allGather: (b, n) => ((n - 1) * b) / n,
  allToAll: (b, n) => ((n - 1) * b) / n,
  p2p: (b) => b,
};

describe("collectives conformance", () => {
  const kinds = Object.keys(COLLECTIVES) as CollectiveKind[];
  for (const kind of kinds) {
    it(`${kind}: never beats bytes / fastest link, grows with bytes, is positive and finite`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(nvswitch, hccs),
          fc.integer({ min: 2, max: 512 }),
          fc.constantFrom(1, 2, 4, 8, 16),
          fc.double({ min: 1e3, max: 1e11, noNaN: true }),
          (f, n, stride, bytes) => {
            const g = group(f, n, stride);
            const t = COLLECTIVES[kind](bytes, g);
            const fastest = Math.max(g.upBytesPerSecond, g.outBytesPerSecond, g.peerBytesPerSecond);
            expect(Number.isFinite(t)).toBe(true);
            expect(t).toBeGreaterThan(0);
            // Across domains the hierarchical algorithms move 1/intra of the data per NIC, and an
            // all-to-all may use both tiers at once: bound by the sum of the tiers' bandwidths.
            const both = g.upBytesPerSecond + g.outBytesPerSecond;
            const floor =
              kind === "p2p"
                ? bytes / fastest
                : kind === "allToAll"
                  ? minimumTraffic[kind](bytes, g.n) / both
                  : minimumTraffic[kind](bytes, g.n) / fastest / (g.inter > 1 ? g.intra : 1);
            expect(t).toBeGreaterThanOrEqual(floor * 0.999);
            expect(COLLECTIVES[kind](bytes * 2, g)).toBeGreaterThan(t);
          },
        ),
      );
    });
  }

  it("a group of one costs nothing (except a p2p send)", () => {
    const g = group(nvswitch, 1, 1);
    for (const k of ["allReduce", "reduceScatter", "allGather", "allToAll"] as const)
      expect(COLLECTIVES[k](1e9, g)).toBe(0);
  });

  it("hand-worked: 8-GPU NVSwitch ring all-reduce of 1 GB = 2·7/8·1e9 / (450e9·0.8) + 14·8 µs", () => {
    const t = COLLECTIVES.allReduce(1e9, group(nvswitch, 8, 1));
    expect(t).toBeCloseTo((2 * 7) / 8 / (450 * 0.8) + 14 * 8e-6, 9);
  });

  it("full mesh: a 2-member group gets only one 28 GB/s link; NVSwitch gives the full port", () => {
    const small = group(hccs, 2, 1);
    expect(small.upBytesPerSecond).toBeCloseTo(28e9 * 0.8);
    const full = group(hccs, 8, 1);
    expect(full.upBytesPerSecond).toBeCloseTo(Math.min(196, 7 * 28) * 1e9 * 0.8);
    expect(group(nvswitch, 2, 1).upBytesPerSecond).toBeCloseTo(450e9 * 0.8);
  });

  it("a group spanning nodes is slower than the same group inside one node", () => {
    const inside = COLLECTIVES.allReduce(1e9, group(nvswitch, 8, 1));
    const across = COLLECTIVES.allReduce(1e9, group(nvswitch, 8, 8));
    expect(across).toBeGreaterThan(inside);
  });
});

describe("measured full-mesh bandwidth", () => {
  const mesh910b: FabricParams = {
    ...hccs,
    upGBps: 196,
    perPeerGBps: 28,
    meshBusGBps: [
      { members: 2, busGBps: 18 },
      { members: 4, busGBps: 30 },
      { members: 8, busGBps: 72 },
    ],
  };
  it("reproduces the cited HCCL all-reduce bus bandwidth at 2, 4 and 8 NPUs (18 / 30 / 72 GB/s)", () => {
    for (const [n, bus] of [
      [2, 18],
      [4, 30],
      [8, 72],
    ]) {
      const bytes = 1e10; // large enough that latency is negligible
      const t = COLLECTIVES.allReduce(bytes, group(mesh910b, n, 1));
      // nccl-tests convention: busBw = algBw · 2(n-1)/n, algBw = bytes / t
      const busGBps = ((bytes / t) * (2 * (n - 1))) / n / 1e9;
      expect(busGBps).toBeCloseTo(bus, 0);
    }
  });
});
