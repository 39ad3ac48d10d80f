import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrationFor } from "../hardware/calibration.ts";
import { buildDeployment } from "./deployment.ts";
import { evaluateInference } from "./evaluate.ts";
import { inferenceFamily } from "./infer-calibration.ts";
import { resolveInferPrecision } from "./precision.ts";
import {
  acceptanceFromLength,
  acceptLengthOf,
  resolveSpeculative,
  type SpeculativeConfig,
} from "./speculative.ts";
import { draftSeconds } from "./speculative-draft.ts";
import { catalogs, device, infer, model } from "./test-fixtures.ts";

describe("accept length and acceptance", () => {
  it("acceptLength = 1 + a + ... + a^k, worked by hand", () => {
    expect(acceptLengthOf(0, 0.9)).toBe(1);
    expect(acceptLengthOf(1, 0.7)).toBeCloseTo(1.7, 12);
    expect(acceptLengthOf(3, 0.5)).toBeCloseTo(1.875, 12);
    expect(acceptLengthOf(3, 1)).toBe(4);
  });

  it("the format example (3 drafts, accept length 1.69) is acceptance ~0.43", () => {
    const a = acceptanceFromLength(3, 1.69);
    // 1 + .43 + .1849 + .0795 = 1.6944
    expect(a).toBeGreaterThan(0.425);
    expect(a).toBeLessThan(0.432);
    expect(acceptLengthOf(3, a)).toBeCloseTo(1.69, 9);
  });

  it("converts both ways", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), (k, a) => {
        expect(acceptanceFromLength(k, acceptLengthOf(k, a))).toBeCloseTo(a, 9);
      }),
    );
  });
});

describe("resolveSpeculative", () => {
  const llama = model("llama3.1-8b");
  const v3 = model("deepseek-v3");

  it("reads the mtp block as MTP on a model with MTP modules", () => {
    const r = resolveSpeculative({ mtp: { draftTokens: 1, acceptance: 0.8 }, speculative: null }, v3);
    expect(r.ok && r.value?.method).toBe("mtp");
  });

  it("reads the mtp block as an EAGLE-style head, with a warning, on a model without them", () => {
    const r = resolveSpeculative({ mtp: { draftTokens: 2, acceptance: 0.7 }, speculative: null }, llama);
    if (!r.ok) throw new Error("refused");
    expect(r.value?.method).toBe("eagle");
    expect(r.warnings[0].code).toBe("default_used");
    expect(r.value?.acceptLength).toBeCloseTo(1 + 0.7 + 0.49, 12);
  });

  it("takes acceptLength, refuses impossible ones and a draft model it cannot find", () => {
    const ok = resolveSpeculative(
      { speculative: { method: "eagle3", draftTokens: 3, acceptLength: 2.5 } },
      llama,
    );
    expect(ok.ok && ok.value?.acceptLength).toBeCloseTo(2.5, 9);
    const tooLong = resolveSpeculative(
      { speculative: { method: "eagle3", draftTokens: 3, acceptLength: 4.5 } },
      llama,
    );
    expect(tooLong.ok).toBe(false);
    const none = resolveSpeculative({ speculative: { method: "eagle", draftTokens: 3 } }, llama);
    expect(none.ok).toBe(false);
    const unknown = resolveSpeculative(
      { speculative: { method: "draft-model", draftTokens: 3, acceptance: 0.6, draftModel: "nope" } },
      llama,
    );
    expect(!unknown.ok && unknown.issues[0].code).toBe("unknown_id");
  });
});

describe("the draft's cost", () => {
  const h100 = device("nvidia-h100-sxm");
  const qwen32 = model("qwen3-32b");
  const prec = resolveInferPrecision(h100, { weights: "bf16", kvCache: "bf16" });
  if (!prec.ok) throw new Error("precision");
  const family = inferenceFamily(calibrationFor(catalogs.calibration, h100.id).family);
  const deploy = (speculative: SpeculativeConfig | null) => {
    const b = buildDeployment({
      arch: qwen32,
      device: h100,
      family,
      precision: prec.value,
      parallel: { tp: 1, ep: 1, dp: 1, pp: 1 },
      speculative,
    });
    if (!b.ok) throw new Error(b.issues.map((i) => i.message).join("; "));
    return b.value;
  };
  const spec = (
    method: SpeculativeConfig["method"],
    extra: Partial<SpeculativeConfig> = {},
  ): SpeculativeConfig => ({
    method,
    draftTokens: 3,
    acceptance: 0.6,
    acceptLength: acceptLengthOf(3, 0.6),
    from: "speculative",
    ...extra,
  });
  const load = {
    decodeSequences: 8,
    queryTokensPerSequence: 4,
    contextTokens: 2000,
    prefillTokens: 0,
    prefillKeysPerToken: 0,
    prefillSequences: 0,
    prefillKvReadTokens: 0,
  };

  it("EAGLE costs one decoder layer and the LM head per draft token; EAGLE-3's smaller vocabulary less", () => {
    const e = deploy(spec("eagle"));
    const eagle = draftSeconds(e, spec("eagle"), load);
    const eagle3 = draftSeconds(e, spec("eagle3"), load);
    // Qwen3-32B: one of 64 layers (~0.49e9 bf16 parameters) plus a 5120 x 151,936 LM head (0.78e9)
    // read per draft token: ~2.5 GB at ~3 TB/s, ~0.85 ms; three drafts ~2.6 ms.
    expect(eagle).toBeGreaterThan(3 * ((1.27e9 * 2) / 3.35e12));
    expect(eagle).toBeLessThan(3 * 2e-3);
    expect(eagle3).toBeLessThan(eagle);
    expect(draftSeconds(e, spec("ngram"), load)).toBe(0);
  });

  it("a draft model costs its own forward per draft token, and its weights take memory", () => {
    const s = spec("draft-model", { draftArch: model("qwen3-0.6b") });
    const d = deploy(s);
    const t = draftSeconds(d, s, load);
    // Qwen3-0.6B: ~0.6e9 bf16 parameters read per pass, 3 passes: at least ~1 ms
    expect(t).toBeGreaterThan((3 * 0.6e9 * 2) / 3.35e12);
    expect(d.weightBytes).toBeGreaterThan(deploy(null).weightBytes + 0.5e9 * 2);
  });

  it("at batch 1 speculation cuts TPOT by about the accept length less the draft's cost", () => {
    const run = (speculative?: object) => {
      const r = evaluateInference({
        arch: qwen32,
        device: h100,
        calibration: catalogs.calibration,
        devices: 1,
        infer: infer({
          phase: "decode",
          inputTokens: 1000,
          outputTokens: 1000,
          batchPerDevice: 1,
          ...speculative,
        }),
        servingEngines: catalogs.servingEngines,
      });
      if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
      return r.report;
    };
    const plain = run();
    const eagle3 = run({ speculative: { method: "eagle3", draftTokens: 3, acceptLength: 2.5 } });
    expect(eagle3.tokensPerStep).toBeCloseTo(2.5, 9);
    const gain = plain.metrics.tpotSeconds! / eagle3.metrics.tpotSeconds!;
    expect(gain).toBeGreaterThan(1.5);
    expect(gain).toBeLessThan(2.5);
  });

  it("an mtp block on a model without MTP modules is served, with a warning, not refused", () => {
    const r = evaluateInference({
      arch: qwen32,
      device: h100,
      calibration: catalogs.calibration,
      devices: 1,
      infer: infer({ inputTokens: 1000, outputTokens: 500, mtp: { draftTokens: 2, acceptance: 0.7 } }),
      servingEngines: catalogs.servingEngines,
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.report.speculative?.method).toBe("eagle");
      expect(r.report.warnings.some((w) => w.path.includes("mtp"))).toBe(true);
    }
  });
});
