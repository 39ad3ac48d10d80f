// The serving engine a scenario runs on, resolved to plain numbers: the catalog entry of the
// named engine (catalog/serving-engines.yaml) at the version given (the latest entry whose
// `since` is not after it; no version: the latest), its device- and TP-dependent defaults
// picked for this device, and the scenario's `infer.scheduler` overrides on top. Each knob keeps
// its source so the report can say where a number came from.
import type { Confidence } from "../hardware/device.ts";
import { type Issue, issue } from "../issues.ts";
import type { InferSpec } from "../scenario/schema.ts";
import type { ServeEngine } from "../scenario/stack.ts";
import type {
  EngineVersionEntry,
  KnobCondition,
  SchedulePolicy,
  ServingEngineCatalog,
  ServingEngineEntry,
} from "./serving-engines.ts";

export interface KnobSource {
  source: string;
  confidence: Confidence | "given";
}

export interface EngineConfig {
  engine: ServeEngine;
  name: string;
  /** the version asked for, if any */
  version?: string;
  /** the catalog entry used ("V1 engine, memory-tiered defaults since 0.9.0") */
  entry: string;
  /** true when the scenario named no engine */
  isDefault: boolean;
  policy: SchedulePolicy;
  maxBatchedTokens: number;
  /** Infinity when only the KV cache limits the running requests */
  maxRunningRequests: number;
  maxPrefillRequests: number;
  graphMaxBatch: number;
  graphScope: "decode-only" | "mixed";
  kvReservation: "on-demand" | "whole-request";
  hostStepSeconds: number;
  hostPerSequenceSeconds: number;
  syncSeconds: number;
  overlap: boolean;
  requestSeconds: number;
  eagerLaunchSeconds: number;
  /** with speculative decoding (speculativeFor applies them) */
  speculativeOverlap: boolean;
  speculativeMaxRunning?: number;
  sources: Record<string, KnobSource>;
}

/** The engine as it runs with speculative decoding on (SGLang turns its overlap off and caps the batch). */
export function speculativeFor(e: EngineConfig): EngineConfig {
  const capped =
    e.speculativeMaxRunning !== undefined && e.sources.maxRunningRequests?.confidence !== "given";
  return {
    ...e,
    overlap: e.speculativeOverlap,
    ...(capped ? { maxRunningRequests: Math.min(e.maxRunningRequests, e.speculativeMaxRunning!) } : {}),
  };
}

export interface EngineContext {
  /** device memory, GiB (HBM stacks are binary-sized) */
  memoryGiB: number;
  tp: number;
  /** the device family's per-step cost (catalog/calibration.yaml), for hostStepSeconds: family */
  familyStepSeconds: number;
}

/** Numeric parts of a version string: "0.11.0" → [0, 11, 0]; "2.1RC1" → [2, 1, 1]. */
function parts(v: string): number[] {
  return (v.match(/\d+/g) ?? []).map(Number);
}

export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The entry in force at `version` (versions listed oldest first); no version: the newest. */
export function versionEntry(e: ServingEngineEntry, version?: string): EngineVersionEntry {
  const sorted = [...e.versions].sort((a, b) => compareVersions(a.since, b.since));
  if (!version) return sorted[sorted.length - 1];
  let found = sorted[0];
  for (const v of sorted) if (compareVersions(v.since, version) <= 0) found = v;
  return found;
}

function holds(w: KnobCondition | undefined, c: EngineContext): boolean {
  if (!w) return true;
  if (w.memoryGiBAtLeast !== undefined && !(c.memoryGiB >= w.memoryGiBAtLeast)) return false;
  if (w.memoryGiBBelow !== undefined && !(c.memoryGiB < w.memoryGiBBelow)) return false;
  if (w.tpAtLeast !== undefined && !(c.tp >= w.tpAtLeast)) return false;
  if (w.tpBelow !== undefined && !(c.tp < w.tpBelow)) return false;
  return true;
}

type Tiered = number | { when?: KnobCondition; value: number }[];

export function tieredValue(v: Tiered, c: EngineContext): number {
  if (typeof v === "number") return v;
  for (const t of v) if (holds(t.when, c)) return t.value;
  return v[v.length - 1].value;
}

export function resolveEngine(
  catalog: ServingEngineCatalog | undefined,
  infer: Pick<InferSpec, "engine" | "engineVersion" | "scheduler" | "chunkTokens">,
  c: EngineContext,
): { value: EngineConfig; warnings: Issue[] } {
  const warnings: Issue[] = [];
  const wanted: ServeEngine = infer.engine ?? catalog?.default ?? "other";
  const e = catalog?.engines.find((x) => x.id === wanted) ?? catalog?.engines.find((x) => x.id === "other");
  const sources: Record<string, KnobSource> = {};
  if (!e) {
    // No catalog loaded: the family's step cost and vLLM's documented V1 defaults.
    warnings.push(
      issue("default_used", ["infer", "engine"], "no serving-engine catalog: a generic scheduler is used", {
        severity: "warning",
      }),
    );
  } else if (infer.engine && e.id !== infer.engine) {
    warnings.push(
      issue(
        "default_used",
        ["infer", "engine"],
        `no catalog entry for ${infer.engine}; ${e.name} stands in`,
        {
          severity: "warning",
        },
      ),
    );
  }
  const v = e ? versionEntry(e, infer.engineVersion) : undefined;
  if (e && v && infer.engineVersion && compareVersions(infer.engineVersion, v.since) < 0) {
    warnings.push(
      issue(
        "default_used",
        ["infer", "engineVersion"],
        `${e.name} ${infer.engineVersion} predates the catalog's oldest entry (${v.since}); its defaults are used`,
        { severity: "warning" },
      ),
    );
  }
  const num = (name: keyof EngineVersionEntry, fallback: number): number => {
    const k = v?.[name] as { value: Tiered; source: string; confidence: Confidence } | undefined;
    if (!k) return fallback;
    sources[name] = { source: k.source, confidence: k.confidence };
    return tieredValue(k.value, c);
  };
  const pick = <T>(name: keyof EngineVersionEntry, fallback: T): T => {
    const k = v?.[name] as { value: T; source: string; confidence: Confidence } | undefined;
    if (!k) return fallback;
    sources[name] = { source: k.source, confidence: k.confidence };
    return k.value;
  };
  const bigMemory = c.memoryGiB >= 70;
  let maxBatchedTokens = num("maxBatchedTokens", bigMemory ? 8192 : 2048);
  let running = num("maxRunningRequests", bigMemory ? 1024 : 256);
  let graphMaxBatch = num("graphMaxBatch", 1e9);
  let policy = pick<SchedulePolicy>("policy", "mixed");
  const hostRaw = pick<number | "family">("hostStepSeconds", "family");
  const o = infer.scheduler;
  const given = (name: string) => {
    sources[name] = { source: `infer.scheduler.${name}`, confidence: "given" };
  };
  if (o?.maxBatchedTokens) {
    maxBatchedTokens = o.maxBatchedTokens;
    given("maxBatchedTokens");
  } else if (infer.chunkTokens) {
    maxBatchedTokens = infer.chunkTokens;
    sources.maxBatchedTokens = { source: "infer.chunkTokens", confidence: "given" };
  }
  if (o?.maxRunningRequests) {
    running = o.maxRunningRequests;
    given("maxRunningRequests");
  }
  if (o?.graphMaxBatch !== undefined) {
    graphMaxBatch = o.graphMaxBatch;
    given("graphMaxBatch");
  }
  if (o?.policy) {
    policy = o.policy;
    given("policy");
  }
  const prefillCap = num("maxPrefillRequests", 0);
  const eager = e ? tieredValue(e.eagerLaunchSeconds.value, c) : 8e-6;
  const overlap = pick("overlap", false);
  const specOverlap = v?.speculativeOverlap ? pick("speculativeOverlap", overlap) : overlap;
  const specRunning = v?.speculativeMaxRunning ? num("speculativeMaxRunning", 0) : undefined;
  if (e)
    sources.eagerLaunchSeconds = {
      source: e.eagerLaunchSeconds.source,
      confidence: e.eagerLaunchSeconds.confidence,
    };
  return {
    value: {
      engine: e?.id ?? "other",
      name: e?.name ?? "unnamed engine",
      version: infer.engineVersion,
      entry: v ? `${v.label} (since ${v.since})` : "generic",
      isDefault: !infer.engine,
      policy,
      maxBatchedTokens,
      maxRunningRequests: running > 0 ? running : Number.POSITIVE_INFINITY,
      maxPrefillRequests: prefillCap > 0 ? prefillCap : Number.POSITIVE_INFINITY,
      graphMaxBatch,
      graphScope: pick("graphScope", "mixed"),
      kvReservation: pick("kvReservation", "on-demand"),
      hostStepSeconds: hostRaw === "family" ? c.familyStepSeconds : hostRaw,
      hostPerSequenceSeconds: num("hostPerSequenceSeconds", 0),
      syncSeconds: num("syncSeconds", 0),
      overlap,
      requestSeconds: num("requestSeconds", 0),
      eagerLaunchSeconds: eager,
      speculativeOverlap: specOverlap,
      ...(specRunning ? { speculativeMaxRunning: specRunning } : {}),
      sources,
    },
    warnings,
  };
}
