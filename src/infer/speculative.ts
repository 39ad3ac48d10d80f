// Speculative decoding of every kind (Leviathan et al. 2023, Eq. 1; EAGLE, Li et al. 2024;
// EAGLE-3, Li et al. 2025; DeepSeek-V3 MTP, arXiv:2412.19437 Sec. 2.2; prompt-lookup n-grams):
// k draft tokens per step, each accepted with probability a given the previous one was, give an
// expected acceptLength = 1 + a + a^2 + ... + a^k tokens per verification step (the verified
// token included). Sources quote either number; one converts to the other by bisection, the sum
// rising with a. The format's `mtp:` block keeps its meaning; on a model without MTP modules it is
// read as a small EAGLE-style draft head, with a warning.
import { type Issue, issue } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec } from "../scenario/schema.ts";
import type { SpeculativeSpec } from "../scenario/stack.ts";

export type SpeculativeMethod = SpeculativeSpec["method"];

export interface SpeculativeConfig {
  method: SpeculativeMethod;
  draftTokens: number;
  /** conditional acceptance of each draft token */
  acceptance: number;
  /** expected tokens per verification step, verified token included */
  acceptLength: number;
  /** draft-model: the draft's architecture */
  draftArch?: Arch;
  /** where it was read: infer.speculative, or infer.mtp */
  from: "speculative" | "mtp";
}

/** 1 + a + a^2 + ... + a^k: expected tokens per step with k drafts at acceptance a. */
export function acceptLengthOf(draftTokens: number, acceptance: number): number {
  let sum = 1;
  let term = 1;
  for (let i = 0; i < draftTokens; i++) {
    term *= acceptance;
    sum += term;
  }
  return sum;
}

/** The acceptance a with acceptLengthOf(k, a) = L, for 1 <= L <= k + 1. */
export function acceptanceFromLength(draftTokens: number, acceptLength: number): number {
  if (acceptLength <= 1) return 0;
  if (acceptLength >= draftTokens + 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (acceptLengthOf(draftTokens, mid) < acceptLength) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export type SpeculativeResult =
  | { ok: true; value: SpeculativeConfig | null; warnings: Issue[] }
  | { ok: false; issues: Issue[] };

/**
 * The speculative decoding a scenario asks for. `draftArch`: the resolved `draftModel` (the caller
 * looks the id up in the model catalog; undefined when it is unknown).
 */
export function resolveSpeculative(
  infer: Pick<InferSpec, "mtp" | "speculative">,
  arch: Arch,
  draftArch?: Arch,
): SpeculativeResult {
  const warnings: Issue[] = [];
  const hasMtp = (arch.mtp ?? 0) > 0;
  const s = infer.speculative;
  if (!s && !infer.mtp) return { ok: true, value: null, warnings };
  if (s && infer.mtp) {
    warnings.push(
      issue("default_used", ["infer", "mtp"], "both mtp: and speculative: are given; speculative: is used", {
        severity: "warning",
      }),
    );
  }
  if (!s) {
    const m = infer.mtp!;
    if (!hasMtp) {
      warnings.push(
        issue(
          "default_used",
          ["infer", "mtp"],
          "the model has no MTP modules: the mtp block is read as a small EAGLE-style draft head (one decoder layer and the LM head per draft token)",
          { severity: "warning" },
        ),
      );
    }
    return {
      ok: true,
      value: {
        method: hasMtp ? "mtp" : "eagle",
        draftTokens: m.draftTokens,
        acceptance: m.acceptance,
        acceptLength: acceptLengthOf(m.draftTokens, m.acceptance),
        from: "mtp",
      },
      warnings,
    };
  }
  const path = ["infer", "speculative"];
  const k = s.draftTokens;
  let acceptance: number;
  if (s.acceptance !== undefined) {
    acceptance = s.acceptance;
    if (s.acceptLength !== undefined) {
      const implied = acceptLengthOf(k, acceptance);
      if (Math.abs(implied - s.acceptLength) > 0.05 * s.acceptLength)
        warnings.push(
          issue(
            "default_used",
            [...path, "acceptLength"],
            `acceptance ${acceptance} implies an accept length of ${implied.toFixed(2)}, not ${s.acceptLength}; acceptance is used`,
            { severity: "warning" },
          ),
        );
    }
  } else if (s.acceptLength !== undefined) {
    if (s.acceptLength > k + 1) {
      return {
        ok: false,
        issues: [
          issue(
            "missing_key",
            [...path, "acceptLength"],
            `acceptLength ${s.acceptLength} exceeds draftTokens + 1 = ${k + 1}`,
          ),
        ],
      };
    }
    acceptance = acceptanceFromLength(k, s.acceptLength);
  } else {
    return {
      ok: false,
      issues: [issue("missing_key", path, "speculative decoding needs acceptance or acceptLength")],
    };
  }
  let method = s.method;
  if (method === "mtp" && !hasMtp) {
    warnings.push(
      issue(
        "default_used",
        [...path, "method"],
        "the model has no MTP modules: mtp is modelled as an EAGLE-style draft head",
        { severity: "warning" },
      ),
    );
    method = "eagle";
  }
  if (method === "draft-model") {
    if (!s.draftModel)
      return {
        ok: false,
        issues: [issue("missing_key", [...path, "draftModel"], "draft-model needs draftModel")],
      };
    if (!draftArch)
      return {
        ok: false,
        issues: [issue("unknown_id", [...path, "draftModel"], `unknown model id "${s.draftModel}"`)],
      };
  }
  return {
    ok: true,
    value: {
      method,
      draftTokens: k,
      acceptance,
      acceptLength: acceptLengthOf(k, acceptance),
      ...(method === "draft-model" ? { draftArch } : {}),
      from: "speculative",
    },
    warnings,
  };
}
