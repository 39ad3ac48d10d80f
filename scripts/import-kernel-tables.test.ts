import { describe, expect, it } from "vitest";
import { buildGrid } from "../src/hardware/kernel-table-build.ts";
import {
  compareVersions,
  importAiconfigurator,
  type Limits,
  type Row,
  serialise,
  type TableReader,
} from "./import-kernel-tables.ts";

// A tiny made-up collection: one system, a GEMM table in two versions and an NCCL table.
const gemmRow = (m: number, n: number, k: number, ms: number): Row => ({
  gemm_dtype: "bfloat16",
  kernel_source: "torch_flow",
  m,
  n,
  k,
  latency: ms,
});
const FILES: Record<string, Row[]> = {
  "h100_sxm/gemm/trtllm/1.0.0/gemm_perf.parquet": [gemmRow(1, 128, 128, 0.01)],
  "h100_sxm/gemm/trtllm/1.3.0rc20/gemm_perf.parquet": [
    gemmRow(1, 128, 128, 0.01),
    gemmRow(2, 128, 128, 0.009), // faster than m = 1: raised to 0.01 to keep latency monotone
    gemmRow(4, 128, 128, 0.012),
    gemmRow(1, 256, 128, 0.011),
    // (2, 256, 128) and (4, 256, 128) missing: filled from their lower neighbours
    gemmRow(1, 128, 256, 0.02),
    gemmRow(2, 128, 256, 0.02),
    gemmRow(2, 128, 256, 0.019), // a second kernel at the same point: the faster one counts
    gemmRow(4, 128, 256, 1e-9), // faster than any device: dropped
    gemmRow(1, 256, 256, 0.02),
  ],
  "h100_sxm/comm/nccl/2.29.2/nccl_perf.parquet": [
    { op_name: "all_reduce", nccl_dtype: "half", num_gpus: 2, message_size: 128, latency: 0.005 },
    { op_name: "all_reduce", nccl_dtype: "half", num_gpus: 4, message_size: 128, latency: 0.006 },
  ],
  "h100_sxm/silicon_sample.csv": [],
};
const reader: TableReader = {
  list: () => Object.keys(FILES).sort(),
  rowCount: async (p) => FILES[p].length,
  rows: async (p) => FILES[p].map((r) => ({ ...r })),
};
const limits = (): Limits => ({
  flopsPerSecond: () => 1e15,
  hbmBytesPerSecond: 3e12,
  l2Bytes: 5e7,
  linkBytesPerSecond: 4.5e11,
});

describe("import-kernel-tables", () => {
  it("orders engine versions: rc before the release, post after it", () => {
    const v = ["1.3.0", "1.3.0rc20", "1.2.0rc5", "0.5.6.post2", "1.3.0rc3", "0.5.6"];
    expect(v.sort(compareVersions)).toEqual([
      "0.5.6",
      "0.5.6.post2",
      "1.2.0rc5",
      "1.3.0rc3",
      "1.3.0rc20",
      "1.3.0",
    ]);
  });

  it("is deterministic: the same input gives byte-identical files", async () => {
    const a = (await importAiconfigurator(reader, { commit: "abc" }, limits)).map(serialise);
    const b = (await importAiconfigurator(reader, { commit: "abc" }, limits)).map(serialise);
    expect(a).toEqual(b);
    expect(a.join("")).not.toContain("silicon_sample");
  });

  it("reduces rows to a grid: newest full version, fastest kernel, holes filled, monotone, unphysical rows dropped", async () => {
    const [file] = await importAiconfigurator(reader, { commit: "abc" }, limits);
    expect(file.device).toBe("nvidia-h100-sxm");
    const gemm = file.tables.find((t) => t.op === "gemm")!;
    expect(gemm.version).toBe("1.3.0rc20");
    expect(gemm.source).toEqual({
      repository: "ai-dynamo/aiconfigurator",
      path: "aic-core/src/aiconfigurator_core/systems/data/h100_sxm/gemm/trtllm/1.3.0rc20/gemm_perf.parquet",
      commit: "abc",
      licence: "Apache-2.0",
    });
    expect(gemm.axes).toEqual([
      { name: "m", values: [1, 2, 4] },
      { name: "n", values: [128, 256] },
      { name: "k", values: [128, 256] },
    ]);
    // grid order (m, n, k), k fastest; worked by hand in µs. Holes first (from the values as read):
    // (2,256,128) = min(from m: 11·2, from n: 9·2) = 18; (2,256,256) = min(20·2, 19·2, 18·2) = 36;
    // (4,128,256) dropped = min(from m: 19·2, from k: 12·2) = 24; (4,256,128) = min(18·2, 12·2) = 24;
    // (4,256,256) = min(36·2, 24·2, 24·2) = 48. Then the running maximum along m raises
    // (2,128,128) 9 → 10 and (2,128,256) 19 → 20 (both below their m = 1 neighbours).
    expect(gemm.microseconds).toEqual([10, 20, 11, 20, 10, 20, 18, 36, 12, 24, 24, 48]);
    expect(gemm.measuredPoints).toBe(7);
    expect(gemm.derivedPoints).toBe(5);
    expect(gemm.raisedPoints).toBe(2);
    expect(gemm.note).toMatch(/^1 rows faster/);
    const nccl = file.tables.find((t) => t.op === "nccl-all-reduce")!;
    // message_size counts half-precision elements: 128 → 256 bytes
    expect(nccl.axes[0]).toEqual({ name: "bytes", values: [256] });
    expect(nccl.microseconds).toEqual([5, 6]);
  });

  it("buildGrid keeps a measured monotone grid as it is", () => {
    const g = buildGrid(
      [[1, 2]],
      [
        { at: [1], microseconds: 3.14259 },
        { at: [2], microseconds: 6 },
      ],
      [1],
    );
    expect(g).toEqual({ microseconds: [3.14, 6], measuredPoints: 2, derivedPoints: 0, raisedPoints: 0 });
  });

  it("buildGrid leaves a free axis as measured: a slow kernel path is not copied upward", () => {
    // axes (heads, bytes): 2 heads take a slow path (10 µs), 4 heads a fast one (3 µs)
    const samples = [
      { at: [2, 1], microseconds: 10 },
      { at: [2, 2], microseconds: 20 },
      { at: [4, 1], microseconds: 3 },
      { at: [4, 2], microseconds: 6 },
    ];
    const forced = buildGrid(
      [
        [2, 4],
        [1, 2],
      ],
      samples,
      [0, 1],
    );
    expect(forced.microseconds).toEqual([10, 20, 10, 20]);
    expect(forced.raisedPoints).toBe(2);
    const free = buildGrid(
      [
        [2, 4],
        [1, 2],
      ],
      samples,
      [0, 1],
      [false, true],
    );
    expect(free.microseconds).toEqual([10, 20, 3, 6]);
    expect(free.raisedPoints).toBe(0);
  });
});
