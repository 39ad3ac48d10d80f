// The scenario form edits the YAML text itself (through the yaml package's Document, so the
// user's comments and key order survive): the text stays the one source of truth and the form
// only reads and writes keys in it.
import { isMap, parseDocument } from "yaml";
import { kvFormatSchema, trainPrecisionSchema, weightFormatSchema } from "../scenario/schema.ts";
import { SERVE_ENGINES, SPECULATIVE_METHODS, TRAIN_ENGINES } from "../scenario/stack.ts";

export type FieldPath = (string | number)[];

export interface Field {
  path: FieldPath;
  label: string;
  kind: "number" | "select" | "model" | "hardware" | "text";
  options?: readonly string[];
  /** an empty input removes the key (the tool's default applies) */
  optional?: boolean;
}

const WEIGHTS = weightFormatSchema.options;
const KV = kvFormatSchema.options;

export interface FieldGroup {
  title: string;
  fields: Field[];
  /** shown folded until opened (groups most scenarios leave alone) */
  folded?: boolean;
}

export const FIELDS: FieldGroup[] = [
  {
    title: "Scenario",
    fields: [
      { path: ["model"], label: "Model", kind: "model" },
      { path: ["hardware"], label: "Hardware", kind: "hardware" },
      { path: ["devices"], label: "Devices", kind: "number" },
      { path: ["devicesPerNode"], label: "Devices per node", kind: "number", optional: true },
    ],
  },
  {
    title: "Training",
    fields: [
      { path: ["train", "seqLen"], label: "Sequence length", kind: "number" },
      { path: ["train", "globalBatch"], label: "Global batch", kind: "number" },
      {
        path: ["train", "precision"],
        label: "Precision",
        kind: "select",
        options: trainPrecisionSchema.options,
      },
      { path: ["train", "tokens"], label: "Tokens (total)", kind: "number", optional: true },
      {
        path: ["stack", "engine"],
        label: "Training engine",
        kind: "select",
        options: TRAIN_ENGINES,
        optional: true,
      },
      { path: ["stack", "version"], label: "Engine version", kind: "text", optional: true },
    ],
  },
  {
    title: "Parallelism",
    fields: [
      { path: ["parallel", "tp"], label: "TP", kind: "number", optional: true },
      { path: ["parallel", "pp"], label: "PP", kind: "number", optional: true },
      { path: ["parallel", "dp"], label: "DP", kind: "number", optional: true },
      { path: ["parallel", "cp"], label: "CP", kind: "number", optional: true },
      { path: ["parallel", "ep"], label: "EP", kind: "number", optional: true },
      { path: ["parallel", "vpp"], label: "VPP", kind: "number", optional: true },
      { path: ["parallel", "microBatch"], label: "Micro-batch", kind: "number", optional: true },
      {
        path: ["parallel", "schedule"],
        label: "Schedule",
        kind: "select",
        options: ["1f1b", "interleaved", "dualpipe", "zero-bubble"],
        optional: true,
      },
      {
        path: ["parallel", "recompute"],
        label: "Recompute",
        kind: "select",
        options: ["none", "selective", "full"],
        optional: true,
      },
      {
        path: ["parallel", "zero"],
        label: "ZeRO",
        kind: "select",
        options: ["0", "1", "2", "3"],
        optional: true,
      },
    ],
  },
  {
    title: "Serving",
    fields: [
      { path: ["infer", "inputTokens"], label: "Input tokens", kind: "number", optional: true },
      { path: ["infer", "outputTokens"], label: "Output tokens", kind: "number", optional: true },
      {
        path: ["infer", "phase"],
        label: "Phase",
        kind: "select",
        options: ["both", "prefill", "decode"],
        optional: true,
      },
      { path: ["infer", "requestsPerSecond"], label: "Request rate (/s)", kind: "number", optional: true },
      { path: ["infer", "concurrency"], label: "Concurrency", kind: "number", optional: true },
      { path: ["infer", "batchPerDevice"], label: "Batch per device", kind: "number", optional: true },
      { path: ["infer", "tpotSloMs"], label: "TPOT SLO (ms)", kind: "number", optional: true },
      { path: ["infer", "ttftSloMs"], label: "TTFT SLO (ms)", kind: "number", optional: true },
      { path: ["infer", "tp"], label: "Infer TP", kind: "number", optional: true },
      { path: ["infer", "dp"], label: "Infer DP", kind: "number", optional: true },
      { path: ["infer", "ep"], label: "Infer EP", kind: "number", optional: true },
      { path: ["infer", "pp"], label: "Infer PP", kind: "number", optional: true },
    ],
  },
  {
    title: "Serving engine and formats",
    folded: true,
    fields: [
      {
        path: ["infer", "engine"],
        label: "Serving engine",
        kind: "select",
        options: SERVE_ENGINES,
        optional: true,
      },
      { path: ["infer", "engineVersion"], label: "Engine version", kind: "text", optional: true },
      { path: ["infer", "weights"], label: "Weights", kind: "select", options: WEIGHTS, optional: true },
      {
        path: ["infer", "activations"],
        label: "Activations",
        kind: "select",
        options: WEIGHTS,
        optional: true,
      },
      { path: ["infer", "kvCache"], label: "KV cache", kind: "select", options: KV, optional: true },
      {
        path: ["infer", "prefixCacheHitRate"],
        label: "Prefix-cache hit rate",
        kind: "number",
        optional: true,
      },
      { path: ["infer", "mtp", "draftTokens"], label: "MTP draft tokens", kind: "number", optional: true },
      { path: ["infer", "mtp", "acceptance"], label: "MTP acceptance", kind: "number", optional: true },
      {
        path: ["infer", "speculative", "method"],
        label: "Speculative decoding",
        kind: "select",
        options: SPECULATIVE_METHODS,
        optional: true,
      },
      {
        path: ["infer", "speculative", "draftTokens"],
        label: "Draft tokens",
        kind: "number",
        optional: true,
      },
      {
        path: ["infer", "speculative", "acceptance"],
        label: "Draft acceptance",
        kind: "number",
        optional: true,
      },
    ],
  },
  {
    title: "Disaggregated pools",
    folded: true,
    fields: [
      {
        path: ["infer", "pools", "prefill", "devices"],
        label: "Prefill devices",
        kind: "number",
        optional: true,
      },
      { path: ["infer", "pools", "prefill", "tp"], label: "Prefill TP", kind: "number", optional: true },
      { path: ["infer", "pools", "prefill", "dp"], label: "Prefill DP", kind: "number", optional: true },
      {
        path: ["infer", "pools", "decode", "devices"],
        label: "Decode devices",
        kind: "number",
        optional: true,
      },
      { path: ["infer", "pools", "decode", "tp"], label: "Decode TP", kind: "number", optional: true },
      { path: ["infer", "pools", "decode", "dp"], label: "Decode DP", kind: "number", optional: true },
    ],
  },
  {
    title: "Reliability",
    fields: [
      { path: ["reliability", "durationDays"], label: "Duration (days)", kind: "number", optional: true },
      { path: ["reliability", "deadlineDays"], label: "Deadline (days)", kind: "number", optional: true },
      { path: ["reliability", "seed"], label: "Seed", kind: "number", optional: true },
    ],
  },
];

/** The value at `path`, or undefined when the text does not parse or has no such key. */
export function readField(text: string, path: FieldPath): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  return doc.getIn(path);
}

/** Whether the form can edit the text: it parses, and its top level is a mapping. */
export function canEdit(text: string): boolean {
  const doc = parseDocument(text.trim() === "" ? "{}" : text);
  return doc.errors.length === 0 && isMap(doc.contents);
}

/** The text with `path` set (undefined: removed), or undefined when the text cannot be edited. */
export function writeField(text: string, path: FieldPath, value: unknown): string | undefined {
  const doc = parseDocument(text.trim() === "" ? "{}" : text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  if (value === undefined) {
    doc.deleteIn(path);
    // blocks left empty would fail validation for nothing: drop them, innermost first
    for (let n = path.length - 1; n > 0; n--) {
      const parent = path.slice(0, n);
      const p = doc.getIn(parent);
      if (!isMap(p) || p.items.length > 0) break;
      doc.deleteIn(parent);
    }
  } else {
    doc.setIn(path, value);
  }
  return doc.toString();
}

/** What a form input's string means for the YAML: a number, a string, or removal. */
export function inputValue(f: Field, raw: string): unknown {
  const t = raw.trim();
  if (t === "") return undefined;
  if (f.kind === "number" || (f.kind === "select" && f.path.at(-1) === "zero")) {
    const n = Number(t);
    return Number.isFinite(n) ? n : t;
  }
  return t;
}

export const DEFAULT_SCENARIO = `# Edit here or in the form; the page and its link follow.
model: llama3.1-70b
hardware: nvidia-h100-sxm
devices: 64
train:
  seqLen: 4096
  globalBatch: 512
  precision: bf16
  tokens: 1.5e12
parallel:
  tp: 8
  pp: 4
  dp: 2
  microBatch: 1
  schedule: 1f1b
reliability:
  durationDays: 30
`;
