// Properties of the RL step over random workloads and layouts (fast-check): more rollout devices
// never slow a disaggregated step; a longer tail of response lengths never speeds it; one step
// off-policy is never slower than synchronous.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePostTraining, type PostTrainInput } from "./evaluate.ts";
import type { PosttrainInput } from "./schema.ts";
import { device, input } from "./test-fixtures.ts";

const arbCase = fc.record({
  model: fc.constantFrom("llama3.1-8b", "qwen3-8b", "qwen3-4b"),
  rolloutHw: fc.constantFrom("nvidia-h100-sxm", "nvidia-h800-sxm", "huawei-ascend-910c", "nvidia-h20"),
  tp: fc.constantFrom(1, 2, 4),
  dp: fc.integer({ min: 1, max: 6 }),
  more: fc.integer({ min: 1, max: 6 }),
  prompts: fc.integer({ min: 1, max: 128 }),
  samples: fc.integer({ min: 1, max: 32 }),
  promptTokens: fc.integer({ min: 16, max: 2048 }),
  meanShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
  max: fc.integer({ min: 16, max: 8192 }),
  offPolicy: fc.constantFrom(0 as const, 1 as const),
  crossFleetGBps: fc.option(fc.double({ min: 1, max: 1000, noNaN: true }), { nil: undefined }),
});
type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function pt(
  c: Case,
  rolloutDp: number,
  responseTokens: Extract<PosttrainInput, { kind: "rl" }>["responseTokens"],
): PostTrainInput {
  return input(
    c.model,
    "nvidia-h100-sxm",
    8,
    { tp: 1, dp: 8, recompute: "full" },
    {
      kind: "rl",
      promptsPerStep: c.prompts,
      samplesPerPrompt: c.samples,
      promptTokens: c.promptTokens,
      responseTokens,
      placement: "disaggregated",
      offPolicySteps: c.offPolicy,
      crossFleetGBps: c.crossFleetGBps,
      rollout: {
        hardware: c.rolloutHw,
        devices: rolloutDp * c.tp,
        tp: c.tp,
        weights: "int8",
        activations: "int8",
        kvCache: "int8",
      },
      update: { seqLen: c.promptTokens + 8192, miniBatches: 1 },
    },
    { rolloutDevice: device(c.rolloutHw) },
  );
}

let evaluated = 0;
let refused = 0;
function step(inp: PostTrainInput): number | undefined {
  const r = evaluatePostTraining(inp);
  if (r.ok && r.report.kind === "rl") {
    evaluated++;
    return r.report.rl.metrics.stepSeconds;
  }
  refused++;
  return undefined;
}

const dist = (c: Case) => ({ mean: Math.max(1, c.meanShare * c.max), max: c.max });

describe("RL step invariants", () => {
  it("more rollout devices never slow a disaggregated step", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const few = step(pt(c, c.dp, dist(c)));
        const many = step(pt(c, c.dp + c.more, dist(c)));
        if (few === undefined) return;
        expect(many).toBeDefined();
        expect(many!).toBeLessThanOrEqual(few * (1 + 1e-9));
      }),
      { numRuns: 60 },
    );
  });

  it("a longer tail of response lengths never speeds a step", () => {
    fc.assert(
      fc.property(
        arbCase,
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (c, from, stretch) => {
          // quantiles of the base distribution; above `from` each length grows by up to `stretch`
          const q = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1];
          const base = q.map((x) => ({
            q: x,
            tokens: Math.round(Math.max(1, c.max * x ** (1 / c.meanShare - 1))),
          }));
          const longer = base.map((p) => ({
            q: p.q,
            tokens: p.q > from ? Math.round(p.tokens * stretch) : p.tokens,
          }));
          const a = step(pt(c, c.dp, { quantiles: base }));
          const b = step(pt(c, c.dp, { quantiles: longer }));
          if (a === undefined || b === undefined) return;
          expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-9));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("one step off-policy is never slower than synchronous", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const sync = step(pt({ ...c, offPolicy: 0 }, c.dp, dist(c)));
        const off = step(pt({ ...c, offPolicy: 1 }, c.dp, dist(c)));
        if (sync === undefined) return;
        expect(off!).toBeLessThanOrEqual(sync);
      }),
      { numRuns: 40 },
    );
  });

  it("the random cases mostly evaluate (a property over refusals proves nothing)", () => {
    expect(evaluated).toBeGreaterThan(4 * refused);
  });
});
