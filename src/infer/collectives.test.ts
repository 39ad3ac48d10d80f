import { describe, expect, it } from "vitest";
import { COLLECTIVES } from "../collectives/collectives.ts";
import { fabricParams, group } from "../collectives/group.ts";
import { calibrationFor } from "../hardware/calibration.ts";
import { expertDispatchSeconds } from "./expert-dispatch.ts";
import { catalogs, device } from "./test-fixtures.ts";
import { tpAllReduceSeconds } from "./tp-all-reduce.ts";

const h800 = device("nvidia-h800-sxm");
const fabric = fabricParams(h800, calibrationFor(catalogs.calibration, h800.id).family);

describe("tpAllReduceSeconds", () => {
  it("a small decode all-reduce on NVSwitch costs one latency step, not one per peer", () => {
    const g = group(fabric, 8, 1);
    const bytes = 4 * 7168 * 2;
    const t = tpAllReduceSeconds(bytes, g);
    expect(t).toBeCloseTo(g.latencySeconds + (bytes * 7) / g.upBytesPerSecond, 12);
    expect(t).toBeLessThan(COLLECTIVES.allReduce(bytes, g) / 4);
  });

  it("a large one moves the ring volume in two steps", () => {
    const g = group(fabric, 8, 1);
    const bytes = 256e6;
    expect(tpAllReduceSeconds(bytes, g)).toBeCloseTo(
      2 * g.latencySeconds + (2 * bytes * 7) / 8 / g.upBytesPerSecond,
      9,
    );
  });
});

describe("expertDispatchSeconds", () => {
  it("node-limited routing caps the copies that cross the NICs", () => {
    const g = group(fabric, 128, 1); // 16 nodes of 8
    const free = expertDispatchSeconds(g, 4096, 7168, 8);
    const limited = expertDispatchSeconds(g, 4096, 7168, 8, 4);
    expect(limited).toBeLessThan(free);
    // at most 4 remote nodes x (15/16) copies per token over the NIC
    const across = (4096 * 4 * (15 / 16) * 7168) / g.outBytesPerSecond;
    expect(limited).toBeCloseTo(across + g.latencySeconds * (1 + Math.log2(128)), 9);
  });

  it("inside one domain only the other devices holding a token's experts receive it", () => {
    const g = group(fabric, 8, 1);
    const copies = 8 * (1 - (7 / 8) ** 8) * (7 / 8);
    expect(expertDispatchSeconds(g, 1000, 7168, 8)).toBeCloseTo(
      (1000 * copies * 7168) / g.upBytesPerSecond + g.latencySeconds * 4,
      12,
    );
  });
});
