import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ActivationInput,
  activationBytesPerLayer,
  activationTermsPerLayer,
} from "./activation-bytes.ts";
import { arbArch } from "./arch.arbitrary.ts";
import { archSchema } from "./arch.ts";
import { layerKinds } from "./layer-kinds.ts";

// GPT-3 175B as in Korthikanti et al. 2022 Sec. 6 / Table 3: h 12288, a 96, s 2048, t 8.
const gpt3 = archSchema.parse({
  layers: 96,
  hidden: 12288,
  heads: 96,
  kvHeads: 96,
  ffn: 4 * 12288,
  mlp: "gelu",
  vocab: 51200,
});
const s = 2048;
const h = 12288;
const a = 96;
const sbh = s * 1 * h;
const paper = { arch: gpt3, layerKind: "dense", seqLen: s, microBatch: 1, flash: false } as const;

describe("activationBytesPerLayer: Korthikanti et al. 2022 Table 2, GPT-3 175B", () => {
  it("no parallelism: s·b·h·(34 + 5·a·s/h)", () => {
    expect(activationBytesPerLayer(paper)).toBe(sbh * (34 + (5 * a * s) / h));
    expect(activationBytesPerLayer(paper)).toBe(sbh * 114);
  });

  it("tensor parallel t = 8: s·b·h·(10 + 24/t + 5·a·s/(h·t))", () => {
    expect(activationBytesPerLayer({ ...paper, tp: 8 })).toBe(sbh * (10 + 24 / 8 + (5 * a * s) / (h * 8)));
  });

  it("tensor + sequence parallel: s·b·h·(34/t + 5·a·s/(h·t))", () => {
    expect(activationBytesPerLayer({ ...paper, tp: 8, sp: true })).toBe(
      sbh * (34 / 8 + (5 * a * s) / (h * 8)),
    );
  });

  it("selective recompute drops 5·a·s/h: s·b·h·(10 + 24/t), and 34/t with sequence parallel", () => {
    expect(activationBytesPerLayer({ ...paper, tp: 8, recompute: "selective" })).toBe(sbh * (10 + 24 / 8));
    expect(activationBytesPerLayer({ ...paper, tp: 8, sp: true, recompute: "selective" })).toBe(
      sbh * (34 / 8),
    );
  });

  it("full recompute keeps the layer input: 2·s·b·h (sharded by t with sequence parallel)", () => {
    expect(activationBytesPerLayer({ ...paper, tp: 8, recompute: "full" })).toBe(2 * sbh);
    expect(activationBytesPerLayer({ ...paper, tp: 8, sp: true, recompute: "full" })).toBe((2 * sbh) / 8);
  });

  it("flash attention keeps no s x s tensor: only fp32 softmax statistics, 4·a·s·b/t bytes", () => {
    const flash = activationBytesPerLayer({ ...paper, tp: 8, sp: true, flash: true });
    expect(flash).toBe(sbh * (34 / 8) + (4 * a * s) / 8);
  });

  it("micro-batch and context parallel scale the tokens kept", () => {
    expect(activationBytesPerLayer({ ...paper, microBatch: 4 })).toBe(4 * sbh * 114);
    // with cp 2 each device keeps s/2 queries; the score term still spans all s keys
    expect(activationBytesPerLayer({ ...paper, cp: 2 })).toBe((sbh / 2) * 114);
  });
});

describe("activationTermsPerLayer: generalisations, hand-worked (bf16, no dropout, flash)", () => {
  const base = { seqLen: 6, microBatch: 1, dropout: false } as const;
  const byName = (o: ActivationInput) =>
    Object.fromEntries(activationTermsPerLayer(o).map((t) => [t.name, t.bytes]));

  it("GQA + SwiGLU", () => {
    // h 8, 2 heads x 4, 1 kv head, ffn 16; per token: norm 16, input 16, q 16, k 8, v 8,
    // lse 2 * 4 = 8, out 16 | norm 16, input 16, fc1 2 * 16 * 2 = 64, swiglu 32 -> 216; x 6 tokens
    const arch = archSchema.parse({
      layers: 1,
      hidden: 8,
      heads: 2,
      kvHeads: 1,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
    });
    const o: ActivationInput = { ...base, arch, layerKind: "dense" };
    expect(byName(o)).toMatchObject({ q: 96, k: 48, v: 48, "softmax statistics (flash, fp32)": 48 });
    expect(activationBytesPerLayer(o)).toBe(216 * 6);
  });

  it("MoE layer: expert tensors scale with topK x expertFfn", () => {
    // h 8, 4 experts top-2, 1 shared, expert ffn 2; mlp part per token: norm 16, input 16,
    // router probs 4 x 4 = 16, dispatched 2 x 8 x 2 = 32, routed 2 x 3 x 2 x 2 = 24, shared 12
    // (no copy of the expert outputs: the probabilities are applied inside the activation)
    const arch = archSchema.parse({
      layers: 1,
      hidden: 8,
      heads: 2,
      kvHeads: 1,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
      moe: { experts: 4, sharedExperts: 1, topK: 2, expertFfn: 2, denseLayers: 0 },
    });
    const o: ActivationInput = { ...base, arch, layerKind: "moe" };
    expect(activationBytesPerLayer(o)).toBe((88 + 148 - 32) * 6);
    expect(byName(o)["routed expert intermediates"]).toBe(24 * 6);
  });

  it("MLA: latents (replicated across TP) plus per-head q, k, v", () => {
    // h 8, 2 heads, qLora 4, kvLora 3, nope 2, rope 1, v 2; attention per token: norm 16, input 16,
    // q latent 2 x 4 x 2 = 16, kv latent (2 x 3 + 1) x 2 = 14, q 2 x 3 x 2 = 12, k 12, v 8, lse 8, out 8
    const arch = archSchema.parse({
      layers: 1,
      hidden: 8,
      heads: 2,
      kvHeads: 2,
      ffn: 16,
      mlp: "swiglu",
      vocab: 10,
      attention: {
        kind: "mla",
        qLoraRank: 4,
        kvLoraRank: 3,
        qkNopeHeadDim: 2,
        qkRopeHeadDim: 1,
        vHeadDim: 2,
      },
    });
    const o: ActivationInput = { ...base, arch, layerKind: "dense" };
    expect(activationBytesPerLayer(o)).toBe((110 + 128) * 6);
    // tp 2: the latents stay, per-head tensors halve
    const t2 = byName({ ...o, tp: 2 });
    expect(t2["kv latent (norm input and output, k rope)"]).toBe(14 * 6);
    expect(t2.q).toBe(6 * 6);
  });
});

describe("activationBytesPerLayer: invariants", () => {
  const arbOpts = fc.record({
    seqLen: fc.integer({ min: 1, max: 8192 }),
    microBatch: fc.integer({ min: 1, max: 8 }),
    cp: fc.integer({ min: 1, max: 8 }),
    sp: fc.boolean(),
    flash: fc.boolean(),
    dropout: fc.boolean(),
    recompute: fc.constantFrom("none" as const, "selective" as const, "full" as const),
  });

  it("more TP never raises activation bytes per device", () => {
    fc.assert(
      fc.property(
        arbArch,
        arbOpts,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 64 }),
        (arch, o, t, dt) => {
          for (const layerKind of new Set(layerKinds(arch))) {
            const x = { ...o, arch, layerKind };
            expect(activationBytesPerLayer({ ...x, tp: t + dt })).toBeLessThanOrEqual(
              activationBytesPerLayer({ ...x, tp: t }),
            );
          }
        },
      ),
    );
  });

  it("full <= selective <= none; flash never keeps more than the s x s tensors; positive", () => {
    fc.assert(
      fc.property(arbArch, arbOpts, fc.integer({ min: 1, max: 16 }), (arch, o, tp) => {
        const x = { ...o, arch, tp, layerKind: layerKinds(arch)[0] };
        const none = activationBytesPerLayer({ ...x, recompute: "none" });
        const sel = activationBytesPerLayer({ ...x, recompute: "selective" });
        const full = activationBytesPerLayer({ ...x, recompute: "full" });
        expect(full).toBeGreaterThan(0);
        expect(full).toBeLessThanOrEqual(sel);
        expect(sel).toBeLessThanOrEqual(none);
        if (o.seqLen >= 2) {
          expect(activationBytesPerLayer({ ...x, flash: true })).toBeLessThanOrEqual(
            activationBytesPerLayer({ ...x, flash: false }),
          );
        }
      }),
    );
  });
});

describe("torchtitan's per-op selective recompute (opPolicy)", () => {
  // Llama 3.1 8B: h 4096, 32 query / 8 KV heads of 128, SwiGLU ffn 14336. The block calls
  // wq, wk, wv, wo, w1, w3, w2 in that order; every second call's output is recomputed, so wq, wv
  // and w1 are kept (w2's output only feeds the residual sum), with the block input and the
  // flash attention's output and fp32 statistics.
  const llama8b = archSchema.parse({
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    ffn: 14336,
    mlp: "swiglu",
    vocab: 128256,
  });
  const op = {
    arch: llama8b,
    layerKind: "dense",
    seqLen: 8192,
    microBatch: 2,
    recompute: "selective",
    opPolicy: true,
  } as const;

  it("keeps block input, wq, wv, w1 outputs and the attention output: 55,424 bytes per token", () => {
    const perToken = 2 * 4096 + 2 * 4096 + 2 * 1024 + 2 * 14336 + 2 * 4096 + 4 * 32;
    expect(perToken).toBe(55424);
    expect(activationBytesPerLayer(op)).toBe(perToken * 8192 * 2);
    expect(activationTermsPerLayer(op).map((x) => x.name)).toEqual([
      "block input",
      "qkv output 1",
      "qkv output 3",
      "fc1 output 1",
      "attention output (flash, saved)",
      "softmax statistics (flash, fp32)",
    ]);
  });

  it("a GELU block (wq, wk, wv, wo, fc1, fc2) keeps wq, wv and fc1 outputs", () => {
    const x = { ...paper, tp: 8, recompute: "selective", opPolicy: true, flash: true } as const;
    const perToken = 2 * h + 2 * (h / 8) + 2 * (h / 8) + 2 * ((4 * h) / 8) + 2 * (h / 8) + (4 * a) / 8;
    expect(activationBytesPerLayer(x)).toBe(perToken * s);
  });

  it("is a selective policy: between full recompute and none, whatever the model", () => {
    fc.assert(
      fc.property(arbArch, fc.integer({ min: 1, max: 8 }), (arch, tp) => {
        for (const layerKind of new Set(layerKinds(arch))) {
          const x = { arch, layerKind, seqLen: 1024, microBatch: 1, tp };
          const sel = activationBytesPerLayer({ ...x, recompute: "selective", opPolicy: true });
          expect(sel).toBeGreaterThanOrEqual(activationBytesPerLayer({ ...x, recompute: "full" }));
          expect(sel).toBeLessThanOrEqual(activationBytesPerLayer({ ...x, recompute: "none" }));
        }
      }),
    );
  });
});
