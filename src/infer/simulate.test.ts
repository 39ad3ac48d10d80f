import { describe, expect, it } from "vitest";
import { type SimulationInput, simulateServing } from "./simulate.ts";
import type { GroupRules } from "./simulate-group.ts";
import type { StepTimer } from "./simulate-step.ts";

/** Every iteration takes tau, whatever the batch: schedules can be worked by hand. */
const fixed = (tau: number): StepTimer => ({ seconds: () => tau, evaluations: 1 });

const rules = (o: Partial<GroupRules> = {}): GroupRules => ({
  policy: "mixed",
  role: "mixed",
  maxBatchedTokens: 8192,
  maxRunning: 1024,
  maxPrefillRequests: Number.POSITIVE_INFINITY,
  kvCapacityTokens: 1e9,
  wholeRequest: false,
  decodeQuery: 1,
  tokensPerStep: 1,
  ...o,
});

const base = (o: Partial<SimulationInput> = {}): SimulationInput => ({
  instances: [{ timer: fixed(0.01), groups: 1, rules: rules() }],
  inputTokens: 100,
  outputTokens: 5,
  cachedTokens: 0,
  load: { kind: "closed", clients: 2 },
  transferSeconds: 0,
  requestSeconds: 0,
  speculative: null,
  seed: 1,
  warmup: 0,
  measured: 2,
  ...o,
});

describe("simulateServing, worked by hand", () => {
  it("2 clients, prompts fit one iteration: TTFT one step, TPOT one step, 2 requests every 5 steps", () => {
    const tau = 0.01;
    const r = simulateServing(base({ measured: 6 }));
    // Iteration 1 computes both 100-token prompts (first tokens at tau); 4 decode steps give the
    // other 4 tokens (done at 5 tau); both clients send again at once: the cycle repeats.
    expect(r.ttft.mean).toBeCloseTo(tau, 12);
    expect(r.ttft.p99).toBeCloseTo(tau, 12);
    expect(r.e2e.mean).toBeCloseTo(5 * tau, 12);
    expect(r.tpot.mean).toBeCloseTo((5 * tau - tau) / 4, 12);
    // 2 requests x 5 tokens every 5 tau, measured from the first completion to the sixth
    expect(r.outputTokensPerSecond).toBeCloseTo((2 * 5) / (5 * tau), 6);
    expect(r.finished).toBe(true);
  });

  it("mixed scheduling chunks the second prompt next to the first one's decodes", () => {
    // Budget 100: iteration 1 prefills A; iteration 2 runs A's decode (1 token) and 99 of B's
    // prompt; iteration 3 A's decode and B's last token: B's first token at 3 tau.
    const tau = 0.01;
    const r = simulateServing(
      base({
        outputTokens: 3,
        instances: [{ timer: fixed(tau), groups: 1, rules: rules({ maxBatchedTokens: 100 }) }],
      }),
    );
    // A: TTFT tau, done after 2 decode steps (iterations 2, 3) at 3 tau. B: TTFT 3 tau, decodes
    // in iterations 4 and 5, done at 5 tau. Mean TTFT 2 tau, mean e2e 4 tau, TPOT tau for both.
    expect(r.ttft.mean).toBeCloseTo(2 * tau, 12);
    expect(r.e2e.mean).toBeCloseTo(4 * tau, 12);
    expect(r.tpot.mean).toBeCloseTo(tau, 12);
  });

  it("prefill-first scheduling pauses the running decodes for a new prompt", () => {
    // Iteration 1: A's prompt; iteration 2: B's prompt (A paused); iterations 3, 4: both decode.
    // A: TTFT tau, e2e 4 tau, TPOT 1.5 tau; B: TTFT 2 tau, e2e 4 tau, TPOT tau.
    const tau = 0.01;
    const r = simulateServing(
      base({
        outputTokens: 3,
        instances: [
          { timer: fixed(tau), groups: 1, rules: rules({ maxBatchedTokens: 100, policy: "prefill-first" }) },
        ],
      }),
    );
    expect(r.ttft.mean).toBeCloseTo(1.5 * tau, 12);
    expect(r.e2e.mean).toBeCloseTo(4 * tau, 12);
    expect(r.tpot.mean).toBeCloseTo(1.25 * tau, 12);
  });

  it("the API server's time adds to TTFT and end-to-end latency, not to TPOT", () => {
    const a = simulateServing(base());
    const b = simulateServing(base({ requestSeconds: 0.05 }));
    expect(b.ttft.mean - a.ttft.mean).toBeCloseTo(0.05, 12);
    expect(b.e2e.mean - a.e2e.mean).toBeCloseTo(0.05, 12);
    expect(b.tpot.mean).toBeCloseTo(a.tpot.mean, 12);
  });

  it("a whole-request KV reservation admits only what fits, one request at a time here", () => {
    // Capacity 110 tokens; each request reserves 100 + 5: B waits for A to finish (5 tau).
    const tau = 0.01;
    const r = simulateServing(
      base({
        instances: [
          { timer: fixed(tau), groups: 1, rules: rules({ kvCapacityTokens: 110, wholeRequest: true }) },
        ],
      }),
    );
    // A: TTFT tau, done 5 tau. B: admitted at 5 tau, first token 6 tau, done 10 tau.
    expect(r.ttft.mean).toBeCloseTo((tau + 6 * tau) / 2, 12);
    expect(r.e2e.mean).toBeCloseTo((5 * tau + 10 * tau) / 2, 12);
  });

  it("on-demand KV preempts the latest request when the cache fills, and it still finishes", () => {
    const r = simulateServing(
      base({
        outputTokens: 50,
        measured: 4,
        instances: [{ timer: fixed(0.01), groups: 1, rules: rules({ kvCapacityTokens: 260 }) }],
      }),
    );
    expect(r.preemptions).toBeGreaterThan(0);
    expect(r.finished).toBe(true);
    expect(r.requests).toBe(4);
  });
});

describe("simulateServing, laws and limits", () => {
  const timer: StepTimer = {
    // a decode step of 8 ms plus 0.1 ms per sequence and 40 us per prompt token
    seconds: (x) => 0.008 + 1e-4 * x.decodes + 4e-5 * x.prefillTokens,
    evaluations: 0,
  };
  const real = (o: Partial<SimulationInput>) =>
    base({
      instances: [{ timer, groups: 1, rules: rules() }],
      inputTokens: 1000,
      outputTokens: 200,
      warmup: undefined,
      measured: undefined,
      staggerSeconds: 2,
      ...o,
    });

  it("closed loop obeys Little's law: clients = throughput x end-to-end latency", () => {
    for (const clients of [1, 7, 32, 100]) {
      const r = simulateServing(real({ load: { kind: "closed", clients } }));
      expect(r.requestsPerSecond * r.e2e.mean).toBeGreaterThan(0.97 * clients);
      expect(r.requestsPerSecond * r.e2e.mean).toBeLessThan(1.03 * clients);
    }
  });

  it("open loop below saturation serves the offered rate with a bounded queue", () => {
    const r = simulateServing(real({ load: { kind: "open", requestsPerSecond: 2 } }));
    expect(r.stable).toBe(true);
    expect(r.requestsPerSecond).toBeGreaterThan(2 * 0.85);
    expect(r.requestsPerSecond).toBeLessThan(2 * 1.15);
    expect(r.backlog).toBeLessThan(10);
  });

  it("open loop above saturation is flagged unstable", () => {
    // At 1,024 running the step is ~0.11 s for ~1,024 tokens: ~9k tokens/s, 45 requests/s at most.
    const r = simulateServing(real({ load: { kind: "open", requestsPerSecond: 200 } }));
    expect(r.stable).toBe(false);
    expect(r.requestsPerSecond).toBeLessThan(200);
  });

  it("is deterministic for a seed; another seed draws other arrivals", () => {
    const a = simulateServing(real({ load: { kind: "open", requestsPerSecond: 5 }, seed: 7 }));
    const b = simulateServing(real({ load: { kind: "open", requestsPerSecond: 5 }, seed: 7 }));
    const c = simulateServing(real({ load: { kind: "open", requestsPerSecond: 5 }, seed: 8 }));
    expect(b).toEqual(a);
    expect(c.ttft.mean).not.toBe(a.ttft.mean);
  });

  it("speculative decoding with acceptance a and k drafts takes about (out-1)/acceptLength steps", () => {
    const plain = simulateServing(real({ load: { kind: "closed", clients: 1 } }));
    const spec = simulateServing(
      real({
        load: { kind: "closed", clients: 1 },
        speculative: { draftTokens: 3, acceptance: 0.5 },
        instances: [{ timer, groups: 1, rules: rules({ decodeQuery: 4, tokensPerStep: 1.875 }) }],
      }),
    );
    // same step time here: TPOT falls by the accept length 1 + .5 + .25 + .125 = 1.875
    expect(plain.tpot.mean / spec.tpot.mean).toBeGreaterThan(1.875 * 0.95);
    expect(plain.tpot.mean / spec.tpot.mean).toBeLessThan(1.875 * 1.05);
  });
});
