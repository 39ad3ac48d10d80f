import { describe, expect, it } from "vitest";
import { SERVE_ENGINES } from "../scenario/stack.ts";
import {
  compareVersions,
  type EngineContext,
  resolveEngine,
  speculativeFor,
  versionEntry,
} from "./engine-config.ts";
import { catalogs } from "./test-fixtures.ts";

const cat = catalogs.servingEngines!;
const h100: EngineContext = { memoryGiB: 80, tp: 1, familyStepSeconds: 1.5e-3 };
const ascend: EngineContext = { memoryGiB: 64, tp: 1, familyStepSeconds: 3e-3 };
const resolve = (infer: Parameters<typeof resolveEngine>[1], c = h100) => resolveEngine(cat, infer, c).value;

describe("serving-engine catalog", () => {
  it("has an entry for every engine the scenario accepts, each knob sourced and every number finite", () => {
    for (const id of SERVE_ENGINES) {
      const e = cat.engines.find((x) => x.id === id);
      expect(e, id).toBeDefined();
      for (const v of e!.versions) {
        for (const c of [h100, ascend, { ...h100, tp: 8, memoryGiB: 180 }]) {
          const r = resolve({ engine: id, engineVersion: v.since }, c);
          expect(r.entry).toContain(v.since);
          for (const k of ["maxBatchedTokens", "hostStepSeconds", "syncSeconds", "requestSeconds"] as const)
            expect(Number.isFinite(r[k]), `${id} ${v.since} ${k}`).toBe(true);
          expect(r.maxBatchedTokens).toBeGreaterThan(0);
          expect(r.maxRunningRequests).toBeGreaterThan(0);
        }
        for (const k of ["policy", "maxBatchedTokens", "graphMaxBatch", "hostStepSeconds", "requestSeconds"])
          expect((v as Record<string, { source?: string }>)[k].source!.length).toBeGreaterThan(10);
      }
    }
  });

  it("orders versions numerically, release-candidate suffixes included", () => {
    expect(compareVersions("0.11.0", "0.9.0")).toBeGreaterThan(0);
    expect(compareVersions("0.8.4", "0.8.0")).toBeGreaterThan(0);
    expect(compareVersions("2.1RC1", "2.1")).toBeGreaterThan(0);
    expect(compareVersions("1.0", "1.0.0")).toBe(0);
  });

  it("picks vLLM's defaults by version and device memory (arg_utils.py)", () => {
    const v0 = resolve({ engine: "vllm", engineVersion: "0.7.3" });
    expect([v0.maxBatchedTokens, v0.maxRunningRequests, v0.graphMaxBatch]).toEqual([512, 256, 256]);
    const v1 = resolve({ engine: "vllm", engineVersion: "0.8.4" });
    expect([v1.maxBatchedTokens, v1.maxRunningRequests]).toEqual([2048, 256]);
    const big = resolve({ engine: "vllm", engineVersion: "0.11.0" });
    expect([big.maxBatchedTokens, big.maxRunningRequests, big.policy]).toEqual([8192, 1024, "mixed"]);
    const small = resolve({ engine: "vllm", engineVersion: "0.11.0" }, { ...h100, memoryGiB: 64 });
    expect([small.maxBatchedTokens, small.maxRunningRequests]).toEqual([2048, 256]);
    // no version: the newest entry
    expect(resolve({ engine: "vllm" }).entry).toBe(
      `${versionEntry(cat.engines.find((e) => e.id === "vllm")!).label} (since 0.9.0)`,
    );
  });

  it("picks SGLang's chunk size and graph batch by GPU memory and TP size (server_args.py)", () => {
    const r = (memoryGiB: number, tp: number) => {
      const x = resolve({ engine: "sglang", engineVersion: "0.5.2" }, { ...h100, memoryGiB, tp });
      return [x.maxBatchedTokens, x.graphMaxBatch, x.policy, x.maxRunningRequests];
    };
    expect(r(80, 1)).toEqual([8192, 256, "prefill-first", Number.POSITIVE_INFINITY]);
    expect(r(141, 8)).toEqual([8192, 512, "prefill-first", Number.POSITIVE_INFINITY]);
    expect(r(180, 8)).toEqual([16384, 512, "prefill-first", Number.POSITIVE_INFINITY]);
    expect(r(40, 1)).toEqual([4096, 32, "prefill-first", Number.POSITIVE_INFINITY]);
    expect(resolve({ engine: "sglang", engineVersion: "0.4.3" }).graphMaxBatch).toBe(160);
  });

  it("TensorRT-LLM reserves whole requests and overlaps the host; MindIE caps prompts per batch", () => {
    const t = resolve({ engine: "trtllm" });
    expect([t.kvReservation, t.overlap, t.maxBatchedTokens, t.maxRunningRequests]).toEqual([
      "whole-request",
      true,
      8192,
      2048,
    ]);
    const m = resolve({ engine: "mindie" }, ascend);
    expect([m.policy, m.maxPrefillRequests, m.maxRunningRequests]).toEqual(["prefill-first", 50, 200]);
  });

  it("no engine: the documented default, whose step cost is the device family's", () => {
    const r = resolve({});
    expect(r.engine).toBe(cat.default);
    expect(r.isDefault).toBe(true);
    expect(r.hostStepSeconds).toBe(h100.familyStepSeconds);
    expect(r.syncSeconds + r.requestSeconds + r.hostPerSequenceSeconds).toBe(0);
    // without a catalog: the same generic engine
    expect(resolveEngine(undefined, {}, h100).value.hostStepSeconds).toBe(h100.familyStepSeconds);
  });

  it("the scenario's scheduler overrides win, and say so", () => {
    const r = resolve({
      engine: "vllm",
      scheduler: {
        maxBatchedTokens: 1151,
        maxRunningRequests: 128,
        graphMaxBatch: 0,
        policy: "prefill-first",
      },
    });
    expect([r.maxBatchedTokens, r.maxRunningRequests, r.graphMaxBatch, r.policy]).toEqual([
      1151,
      128,
      0,
      "prefill-first",
    ]);
    expect(r.sources.maxBatchedTokens.confidence).toBe("given");
    expect(resolve({ engine: "sglang", chunkTokens: 4096 }).maxBatchedTokens).toBe(4096);
  });

  it("SGLang with speculative decoding runs without its overlap and caps the batch at 48 unless given", () => {
    const s = speculativeFor(resolve({ engine: "sglang", engineVersion: "0.5.2" }));
    expect([s.overlap, s.maxRunningRequests]).toEqual([false, 48]);
    const given = speculativeFor(resolve({ engine: "sglang", scheduler: { maxRunningRequests: 256 } }));
    expect(given.maxRunningRequests).toBe(256);
    // engines without such a rule keep theirs
    const t = speculativeFor(resolve({ engine: "trtllm" }));
    expect([t.overlap, t.maxRunningRequests]).toEqual([true, 2048]);
  });
});
