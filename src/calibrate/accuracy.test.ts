// The accuracy the project is held to, on the repository's validation cases, out of sample
// (leave-one-source-out). Training is held to issue 12's p90 bound (30%) and to a median a little
// above the recorded level; serving to a guard a little above its recorded level, tightened as it
// improves. Recorded 2026-12-03 (fifth pass) on 342 training and 123 serving measurements:
// training 8.1% median, 23.0% p90, with the backward's tensor-parallel collectives issued
// asynchronously as Megatron does, the unfused attention's dropout and flash attention's
// occupancy (8.2% / 22.9% before the occupancy; 9.2% / 22.4% before all three, with
// attention rates by kernel generation and sequence
// length (Blackwell's from NVIDIA's GB200 cuDNN benchmark), llm-foundry's Triton kernel written as
// fa1, 99 more llm-foundry rows and the optimizer's 42/50 bytes per parameter (9.2% / 24.1% on the
// 243 of before; 8.8% / 26.4% on them before this pass, with 54 more Ascend runs (MindSpeed-LLM's README table,
// MindFormers' model cards), softmaxFusion, sliding windows, the expert-bias loop and the routed
// experts' activation backward (8.7% / 28.9% on 189 before them,
// unchanged when each overlapped TP collective was paired with its own GEMM
// (Ascend dense 16.6% / 30.0% to 9.8% / 23.6%) (8.7% / 28.5% before the NeMo 2.x FP8 rows declared their bf16 gradients;
// 8.6% / 26.9% before two MindSpeed-LLM cases were corrected to the sequence
// parallelism their scripts pass; 8.8% / 26.6% on 182 before seven Megatron-Bridge 26.06 rows joined;
// 8.8% / 28.9% before the data-parallel floor no schedule hides was charged;
// 8.6% / 26.9% on 178 before Megatron-Bridge PR #1760's four overlap rows joined,
// 8.7% / 27.6% on 170 before gradient-accumulation fusion was written down and twelve MoE rows
// joined; 9.1% / 29.2% on 161 before nine MLPerf submissions joined; 10.6% / 31.3% on
// the 130 before the MosaicML and NeMo dense runs joined and
// llm-foundry's FlashAttention-2 kernels were written down; 10.6% / 32.8% on 110 before twenty
// more MoE runs; 12.9% / 45.8% before Blackwell ran from its measured kernels); serving
// 13.7% / 44.1%.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { readCases } from "../cli/calibrate-commands.ts";
import { summarise } from "../engine/validate.ts";
import { validateCases } from "./validate-cases.ts";

const CASES = fileURLToPath(new URL("../../validation/cases", import.meta.url));

describe("cross-validated accuracy on validation/cases", () => {
  const v = validateCases(readCases([CASES]), loadCatalogs(), { crossValidate: true });

  it("training: median |error| <= 10%, p90 <= 25%, none failed (issue 12's bounds)", () => {
    const t = v.summary.byKind.train;
    console.log(`train (cross-validated): n=${t.n} median ${t.medianAbsErrorPct}% p90 ${t.p90AbsErrorPct}%`);
    expect(t.failed).toBe(0);
    expect(t.medianAbsErrorPct).toBeLessThanOrEqual(10);
    expect(t.p90AbsErrorPct).toBeLessThanOrEqual(25);
  });

  it("training MoE runs: median |error| <= 15% (issue 12's bound)", () => {
    // the MoE regimes' rows pooled, summarised as the validation table summarises them
    const moe = summarise(v.cases.filter((r) => r.kind === "train" && r.regime?.endsWith("/moe")));
    console.log(`train MoE (cross-validated): n=${moe.n} median ${moe.medianAbsErrorPct}%`);
    expect(moe.n).toBeGreaterThan(0);
    expect(moe.medianAbsErrorPct).toBeLessThanOrEqual(15);
  });

  it("serving: median |error| <= 15%, p90 <= 46%", () => {
    const s = v.summary.byKind.infer;
    console.log(`infer (cross-validated): n=${s.n} median ${s.medianAbsErrorPct}% p90 ${s.p90AbsErrorPct}%`);
    expect(s.medianAbsErrorPct).toBeLessThanOrEqual(15);
    expect(s.p90AbsErrorPct).toBeLessThanOrEqual(46);
  });
});
