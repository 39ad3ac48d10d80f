// Legal but suspicious input: values far outside anything real become warnings in the result
// (never errors: a what-if may go there on purpose), so a typo such as `tokens: 1e30` does not
// come back as 1.3e20 days without a word. The bounds, and where they come from:
// - context: the model's own max_position_embeddings (config.json), `arch.maxContext`;
// - devices: 1,000,000 accelerators in one job, about five times the largest clusters announced
//   by 2025 (xAI's Colossus, ~200,000 GPUs);
// - tokens: 1e15 training tokens, about 25 times the largest published pre-training corpora
//   (Qwen3: 36T tokens, Qwen3 technical report, 2025);
// - time: a century (36,525 days) of training or of a reliability horizon.
import { type Issue, issue } from "../issues.ts";
import type { Resolved } from "./resolve.ts";

export const SANITY_BOUNDS = { devices: 1_000_000, trainTokens: 1e15, days: 36_525 } as const;

const n = (x: number) => (x >= 1e7 ? x.toExponential(2) : x.toLocaleString("en-US"));

/** Warnings for the resolved scenario and, given them, the predicted training days. */
export function sanityWarnings(r: Resolved, predicted: { trainDays?: number } = {}): Issue[] {
  const s = r.scenario;
  const out: Issue[] = [];
  const warn = (path: (string | number)[], message: string) =>
    out.push(issue("implausible", path, message, { severity: "warning" }));
  const ctx = r.arch.maxContext;
  if (ctx !== undefined && s.train && s.train.seqLen > ctx) {
    warn(
      ["train", "seqLen"],
      `seqLen ${n(s.train.seqLen)} exceeds the model's context length ${n(ctx)} (max_position_embeddings)`,
    );
  }
  if (ctx !== undefined && s.infer && s.infer.inputTokens + s.infer.outputTokens > ctx) {
    warn(
      ["infer", "inputTokens"],
      `inputTokens + outputTokens = ${n(s.infer.inputTokens + s.infer.outputTokens)} exceeds the model's context length ${n(ctx)}`,
    );
  }
  if (s.devices > SANITY_BOUNDS.devices) {
    warn(
      ["devices"],
      `${n(s.devices)} devices is more than ${n(SANITY_BOUNDS.devices)}: more accelerators than any cluster on Earth holds`,
    );
  }
  const tokens = s.train?.tokens;
  if (tokens !== undefined && tokens > SANITY_BOUNDS.trainTokens) {
    warn(
      ["train", "tokens"],
      `${n(tokens)} tokens is more than ${n(SANITY_BOUNDS.trainTokens)}, far beyond any training corpus (the largest published: 3.6e13)`,
    );
  }
  const days = predicted.trainDays;
  if (days !== undefined && days > SANITY_BOUNDS.days) {
    warn(["train", "tokens"], `training would take ${n(Math.round(days))} days: more than a century`);
  }
  const horizon = s.reliability?.durationDays;
  if (horizon !== undefined && horizon > SANITY_BOUNDS.days) {
    warn(["reliability", "durationDays"], `${n(horizon)} days is more than a century`);
  }
  return out;
}
