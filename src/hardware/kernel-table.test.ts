import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadDeviceCatalog } from "../catalog/devices.ts";
import { kernelTablesFor, loadKernelCatalog } from "../catalog/kernels.ts";
import {
  allReduceSeconds,
  collectiveSeconds,
  contextAttentionSeconds,
  gemmSeconds,
  generationAttentionSeconds,
  groupedGemmSeconds,
  memorySeconds,
} from "./kernel-table.ts";
import { gemmEfficiency, peakFlopsPerSecond } from "./kernel-table-efficiency.ts";
import { gridMicroseconds } from "./kernel-table-interp.ts";
import {
  contextAttentionFlops,
  gemmFlops,
  groupedGemmFlops,
  KERNEL_OP_FREE_AXES,
} from "./kernel-table-work.ts";

const catalog = loadKernelCatalog();
const devices = loadDeviceCatalog();
const h100 = kernelTablesFor(catalog, "nvidia-h100-sxm");
const AIC = "ai-dynamo/aiconfigurator";
const pow2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((e) => 2 ** e);

describe("kernel tables: exact at grid points", () => {
  // Raw rows of aic-core/src/aiconfigurator_core/systems/data/h100_sxm/…/1.3.0rc20/*.parquet at commit
  // 095f58a5 (latency column in ms), rounded to the catalog's 3 significant digits by hand:
  it("GEMM bf16 8192³ on H100 (TensorRT-LLM): row latency 1.40478 ms", () => {
    const r = gemmSeconds(h100, { m: 8192, n: 8192, k: 8192, dtype: "bf16" })!;
    expect(r.seconds).toBeCloseTo(1.4e-3, 9);
    expect(r.table).toMatchObject({
      backend: "trtllm",
      version: "1.3.0rc20",
      dtype: "bf16",
      confidence: "measured",
    });
    expect(r.table.source.repository).toBe(AIC);
    expect(r.outside).toBe(false);
  });
  it("GEMM fp8 4096³ on H100: row latency 0.150736 ms", () => {
    expect(gemmSeconds(h100, { m: 4096, n: 4096, k: 4096, dtype: "fp8" })!.seconds).toBeCloseTo(1.51e-4, 10);
  });
  it("context attention b16 s8192 64 heads 1 KV head d128 bf16: row latency 35.5219 ms", () => {
    const r = contextAttentionSeconds(h100, { batch: 16, seq: 8192, heads: 64, kvHeads: 1, headDim: 128 })!;
    expect(r.seconds).toBeCloseTo(3.55e-2, 8);
  });
  it("custom all-reduce of 128 bf16 elements (256 bytes) on 2 GPUs: row latency 0.00266208 ms", () => {
    const r = allReduceSeconds(h100, { bytes: 256, ranks: 2 })!;
    expect(r.seconds).toBeCloseTo(2.66e-6, 12);
    expect(r.table.op).toBe("custom-all-reduce");
  });
  it("this project's own H100 run: GEMM 2048×4096×4096 bf16 eager PyTorch, 102.98 µs in the YAML", () => {
    const r = gemmSeconds(h100, { m: 2048, n: 4096, k: 4096, dtype: "bf16" }, { backend: "pytorch" })!;
    expect(r.table.backend).toBe("pytorch");
    expect(r.table.source.method).toBe("measured by scripts/gpu/measure_h100.py");
    expect(r.seconds).toBeCloseTo(1.03e-4, 10);
  });
});

describe("kernel tables: interpolation", () => {
  const table = {
    axes: [
      { name: "m", values: [1, 4] },
      { name: "n", values: [10] },
    ],
    microseconds: [2, 8],
  };
  it("is a power law between grid points: halfway in log m, sqrt(2·8) = 4", () => {
    expect(gridMicroseconds(table, { m: 2, n: 10 }, { m: 1, n: 1 }).microseconds).toBeCloseTo(4, 12);
  });
  it("clamps below the grid and scales by work above it", () => {
    expect(gridMicroseconds(table, { m: 0.5, n: 5 }, { m: 1, n: 1 })).toEqual({
      microseconds: 2,
      outside: true,
    });
    // m 8 = 2× the edge (8 µs), n 20 = 2× its single value: 8 · 2 · 2
    expect(gridMicroseconds(table, { m: 8, n: 20 }, { m: 1, n: 1 }).microseconds).toBeCloseTo(32, 12);
  });
  it("is continuous across the top edge of every GEMM table", () => {
    for (const set of catalog)
      for (const t of set.tables.filter((x) => x.op === "gemm")) {
        const top = Object.fromEntries(t.axes.map((a) => [a.name, a.values[a.values.length - 1]]));
        const at = gridMicroseconds(t, top, { m: 1, n: 1, k: 1 }).microseconds;
        for (const a of t.axes) {
          const above = gridMicroseconds(
            t,
            { ...top, [a.name]: top[a.name] * (1 + 1e-9) },
            { m: 1, n: 1, k: 1 },
          );
          const below = gridMicroseconds(
            t,
            { ...top, [a.name]: top[a.name] * (1 - 1e-9) },
            { m: 1, n: 1, k: 1 },
          );
          expect(Math.abs(above.microseconds / at - 1)).toBeLessThan(1e-6);
          expect(Math.abs(below.microseconds / at - 1)).toBeLessThan(1e-6);
        }
      }
  });
});

describe("kernel tables: monotone in work", () => {
  const devicesWithTables = catalog.map((s) => s.device);
  const dev = fc.constantFrom(...devicesWithTables);
  const grow = fc.double({ min: 1, max: 8, noNaN: true });
  it("GEMM latency never falls as m, n or k grows (inside and beyond the grid)", () => {
    fc.assert(
      fc.property(
        dev,
        pow2(0, 17),
        pow2(5, 17),
        pow2(5, 17),
        fc.constantFrom("m", "n", "k"),
        grow,
        (d, m, n, k, axis, f) => {
          const set = kernelTablesFor(catalog, d);
          const q = { m, n, k, dtype: "bf16" };
          const a = gemmSeconds(set, q)!;
          const b = gemmSeconds(set, { ...q, [axis]: q[axis as "m"] * f })!;
          expect(b.seconds).toBeGreaterThanOrEqual(a.seconds * (1 - 1e-12));
        },
      ),
    );
  });
  it("grouped GEMM, attention and all-reduce latency never fall as any size grows", () => {
    fc.assert(
      fc.property(
        dev,
        fc.nat(4),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.nat(4),
        grow,
        (d, which, u, axisIndex, f) => {
          const set = kernelTablesFor(catalog, d);
          const lerp = (lo: number, hi: number, x: number) => lo * (hi / lo) ** x;
          const cases = [
            () => {
              const q = {
                tokensPerExpert: lerp(1 / 64, 8192, u[0]),
                experts: lerp(1, 512, u[1]),
                hidden: lerp(1024, 16384, u[2]),
                inter: lerp(64, 32768, u[3]),
                dtype: "bf16",
              };
              const key = (["tokensPerExpert", "experts", "hidden", "inter"] as const)[axisIndex % 4];
              return [groupedGemmSeconds(set, q), groupedGemmSeconds(set, { ...q, [key]: q[key] * f })];
            },
            () => {
              const q = {
                batch: lerp(1, 512, u[0]),
                seq: lerp(1, 65536, u[1]),
                heads: lerp(1, 128, u[2]),
                kvHeads: lerp(1, 16, u[3]),
                headDim: lerp(32, 256, u[4]),
              };
              const key = (["batch", "seq", "heads", "kvHeads", "headDim"] as const)[axisIndex];
              // the KV-head axis picks the kernel path (KERNEL_OP_FREE_AXES): no order along it
              if (KERNEL_OP_FREE_AXES["context-attention"]?.includes(key)) return [undefined, undefined];
              return [
                contextAttentionSeconds(set, q),
                contextAttentionSeconds(set, { ...q, [key]: q[key] * f }),
              ];
            },
            () => {
              const q = {
                batch: lerp(1, 4096, u[0]),
                kvLength: lerp(1, 262144, u[1]),
                heads: lerp(1, 128, u[2]),
                kvHeads: lerp(1, 16, u[3]),
                headDim: lerp(32, 256, u[4]),
              };
              const key = (["batch", "kvLength", "heads", "kvHeads", "headDim"] as const)[axisIndex];
              if (KERNEL_OP_FREE_AXES["generation-attention"]?.includes(key)) return [undefined, undefined];
              return [
                generationAttentionSeconds(set, q),
                generationAttentionSeconds(set, { ...q, [key]: q[key] * f }),
              ];
            },
            () => {
              const q = { bytes: lerp(64, 2 ** 32, u[0]), ranks: Math.round(lerp(2, 72, u[1])) };
              const key = axisIndex % 2 === 0 ? "bytes" : "ranks";
              return [
                allReduceSeconds(set, q),
                allReduceSeconds(set, {
                  ...q,
                  [key]: key === "ranks" ? Math.round(q.ranks * f) : q.bytes * f,
                }),
              ];
            },
            () => {
              const q = { kind: "all-gather" as const, bytes: lerp(64, 2 ** 32, u[0]), ranks: 2 + axisIndex };
              return [collectiveSeconds(set, q), collectiveSeconds(set, { ...q, bytes: q.bytes * f })];
            },
          ];
          const [a, b] = cases[which]() as [{ seconds: number } | undefined, { seconds: number } | undefined];
          if (!a || !b) return;
          expect(b.seconds).toBeGreaterThanOrEqual(a.seconds * (1 - 1e-12));
        },
      ),
    );
  });
});

describe("kernel tables: free axes", () => {
  it("decode attention may be faster with more KV heads: H200's 64-head MQA path is slower than 64 over 8", () => {
    const set = kernelTablesFor(catalog, "nvidia-h200-sxm");
    const q = { batch: 64, kvLength: 4096, heads: 64, headDim: 128, kvDtype: "fp8" };
    const mqa = generationAttentionSeconds(set, { ...q, kvHeads: 1 }, { backend: "trtllm" });
    const gqa = generationAttentionSeconds(set, { ...q, kvHeads: 8 }, { backend: "trtllm" });
    // the measured rows: 1 KV head reads its cache at ~0.05 TB/s, 8 KV heads at ~3 TB/s
    expect(mqa!.seconds).toBeGreaterThan(2 * gqa!.seconds);
  });
});

describe("kernel tables: never faster than the device", () => {
  it("no GEMM, grouped GEMM or context attention grid point beats the catalog's dense peak", () => {
    for (const set of catalog) {
      const device = devices.find((d) => d.id === set.device)!;
      for (const t of set.tables) {
        const flops =
          t.op === "gemm"
            ? (p: Record<string, number>) => gemmFlops({ m: p.m, n: p.n, k: p.k })
            : t.op === "grouped-gemm"
              ? (p: Record<string, number>) =>
                  groupedGemmFlops({
                    tokensPerExpert: p.tokensPerExpert,
                    experts: p.experts,
                    hidden: p.hidden,
                    inter: p.inter,
                  })
              : t.op === "context-attention"
                ? (p: Record<string, number>) =>
                    contextAttentionFlops({ batch: p.batch, seq: p.seq, heads: p.heads, headDim: p.headDim })
                : undefined;
        const peak = peakFlopsPerSecond(device, t.dtype);
        if (!flops || !peak) continue;
        const idx = t.axes.map(() => 0);
        let worst = 0;
        let where = "";
        for (let i = 0; i < t.microseconds.length; i++) {
          const p = Object.fromEntries(t.axes.map((a, d) => [a.name, a.values[idx[d]]]));
          const ratio = flops(p) / (t.microseconds[i] * 1e-6) / peak;
          if (ratio > worst) [worst, where] = [ratio, JSON.stringify(p)];
          for (let d = idx.length - 1; d >= 0; d--) {
            if (++idx[d] < t.axes[d].values.length) break;
            idx[d] = 0;
          }
        }
        // 0.5 % for the 3-significant-digit rounding of the stored latency
        expect(worst, `${set.device} ${t.op} ${t.dtype} ${t.backend} ${where}`).toBeLessThanOrEqual(1.005);
      }
    }
  });
  it("GEMM efficiency stays below 1 for random shapes, beyond the grid too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...catalog.map((s) => s.device)),
        pow2(0, 18),
        pow2(4, 18),
        pow2(4, 18),
        fc.constantFrom("bf16", "fp8", "fp8-block", "nvfp4"),
        (d, m, n, k, dtype) => {
          const e = gemmEfficiency(kernelTablesFor(catalog, d), devices.find((x) => x.id === d)!, {
            m,
            n,
            k,
            dtype,
          });
          if (e) expect(e.efficiency).toBeLessThanOrEqual(1.005);
        },
      ),
    );
  });
  it("memory-bound shapes take at least their bytes at HBM bandwidth", () => {
    for (const set of catalog) {
      const device = devices.find((d) => d.id === set.device)!;
      const hbm = device.memory.bandwidthTBps!.value * 1e12;
      // m = 1, a 16384² bf16 weight (512 MiB) read once
      const g = gemmSeconds(set, { m: 1, n: 16384, k: 16384, dtype: "bf16" });
      if (g) expect(g.seconds).toBeGreaterThanOrEqual((16384 * 16384 * 2) / hbm / 1.005);
      // decode: 256 sequences × 8192 cached tokens × 8 KV heads × 128 × K and V × 2 bytes
      for (const backend of ["trtllm", "vllm", "sglang"]) {
        const a = generationAttentionSeconds(
          set,
          { batch: 256, kvLength: 8192, heads: 32, kvHeads: 8, headDim: 128 },
          { backend },
        );
        if (a)
          expect(a.seconds, `${set.device} ${a.table.backend}`).toBeGreaterThanOrEqual(
            (256 * 8192 * 8 * 128 * 2 * 2) / hbm / 1.005,
          );
      }
    }
  });
});

describe("kernel tables: coverage and fallbacks", () => {
  it("says undefined where no table covers the dtype or device, so the caller keeps its prior", () => {
    expect(
      gemmSeconds(kernelTablesFor(catalog, "nvidia-a100-80gb-sxm"), { m: 64, n: 64, k: 64, dtype: "fp8" }),
    ).toBeUndefined();
    expect(
      gemmSeconds(kernelTablesFor(catalog, "huawei-ascend-910b3"), { m: 64, n: 64, k: 64, dtype: "bf16" }),
    ).toBeUndefined();
  });
  it("falls back to another engine and says which one answered", () => {
    const r = contextAttentionSeconds(
      kernelTablesFor(catalog, "nvidia-a100-80gb-sxm"),
      { batch: 1, seq: 1024, heads: 32, kvHeads: 8, headDim: 128 },
      { backend: "sglang" },
    )!;
    expect(r.table.backend).toBe("trtllm");
  });
  it("a collective over one rank costs nothing", () => {
    expect(allReduceSeconds(h100, { bytes: 1e6, ranks: 1 })!.seconds).toBe(0);
  });
  it("HBM copy from the own measurements: 1 GiB in 714.41 µs (YAML hbm row)", () => {
    expect(memorySeconds(h100, { kind: "copy", bytes: 2 ** 30 })!.seconds).toBeCloseTo(7.14e-4, 9);
  });
});
