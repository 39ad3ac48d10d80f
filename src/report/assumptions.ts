// What a result rests on, as rows a person reads: the training software's settings with where each
// came from (the scenario, the engine's documented default, the tool's), and the money's parts with
// their ranges. Shared by the reports and the web page; formats only.
import type { JobCost } from "../economics/types.ts";
import type { TrainStack } from "../stack/train-stack.ts";
import { spellOut } from "./labels.ts";

const STACK_LABELS: Record<string, string> = {
  engine: "Training engine",
  version: "Engine version",
  graphs: "CUDA/ACL graphs",
  moeDispatch: "MoE token dispatch",
  moeDispatcher: "MoE dispatcher",
  groupedGemm: "Expert matmuls",
  a2aOverlap: "Expert all-to-all overlapped with compute",
  tpCommOverlap: "Tensor-parallel communication overlapped",
  ppOverlap: "Pipeline send/receive overlapped",
  fp8Recipe: "FP8 scaling recipe",
  fp8Fused: "FP8 casts fused into kernels",
  expertMlpFused: "Expert MLP fused (activation and casts in the GEMM epilogues)",
  expertBiasLoop: "Expert biases added expert by expert",
  moeBalance: "Expert load balance",
  attention: "Attention kernel",
  softmaxFusion: "Attention softmax fused (unfused attention)",
  hostCpu: "Host CPU",
  capacityFactor: "Expert capacity factor",
  gradPrecision: "Main gradients kept and reduced in",
  gradAccumFusion: "Gradient accumulation fused into the weight-gradient GEMM",
  tpAsyncBackward: "Backward tensor-parallel collectives behind their GEMMs",
  commSmShare: "Compute units held by overlapped communication",
};

export interface StackRow {
  key: string;
  label: string;
  value: string;
  /** the scenario, the engine's default (with its version), or the tool's default */
  from: string;
}

function shown(v: unknown): string {
  if (v === true) return "yes";
  if (v === false) return "no";
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(shown).join(", ");
  if (v && typeof v === "object")
    return Object.entries(v)
      .map(([k, x]) => `${spellOut(k).label.toLowerCase()} ${shown(x)}`)
      .join(", ");
  return String(v);
}

/** Where a setting came from, in words (src/stack/train-stack.ts writes the short forms). */
export function settingFrom(from: string | undefined): string {
  if (from === undefined || from === "tool default") return "the tool's default";
  if (from === "scenario") return "your scenario";
  if (from === "device's host") return "the device's usual host CPU";
  if (from === "default default") return "the catalog's default stack (catalog/stacks.yaml)";
  const onVendor = /^(\S+) default on (.+)$/.exec(from);
  if (onVendor)
    return onVendor[1] === "default"
      ? `the catalog's default stack on ${onVendor[2]} devices (catalog/stacks.yaml)`
      : `${onVendor[1]}'s documented default on ${onVendor[2]} devices (catalog/stacks.yaml)`;
  const dflt = /^(\S+) default$/.exec(from);
  if (dflt) return `${dflt[1]}'s documented default (catalog/stacks.yaml)`;
  const ver = /^(\S+) (\S+)\+$/.exec(from);
  if (ver) return `${ver[1]} ${ver[2]} and later (catalog/stacks.yaml)`;
  return from;
}

/** Every setting of the training software the step was costed for, with where it came from. */
export function stackRows(stack: TrainStack): StackRow[] {
  return Object.entries(stack)
    .filter(([k, v]) => k !== "from" && v !== undefined)
    .map(([key, v]) => ({
      key,
      // a setting the engine adds later is spelled out, never shown raw
      label: STACK_LABELS[key] ?? spellOut(key).label,
      value: key === "engine" && v === "default" ? "not named (the default stack)" : shown(v),
      from:
        key === "engine" && v === "default"
          ? "the scenario names none"
          : key === "engine" || key === "version"
            ? "your scenario"
            : settingFrom(stack.from[key]),
    }));
}

export interface CostPart {
  label: string;
  value: number;
  low: number;
  high: number;
}

/** A job's money by part, each with its range, total last; parts that are zero left out. */
export function costParts(c: JobCost): CostPart[] {
  const parts: CostPart[] = [
    { label: "Devices", ...c.capitalUSD },
    { label: "Energy", ...c.energyUSD },
  ];
  if (c.interruptionUSD) parts.push({ label: "Work lost to interruptions", ...c.interruptionUSD });
  return [...parts.filter((p) => p.value > 0 || p.high > 0), { label: "Total", ...c.totalUSD }];
}

const BASIS: Record<JobCost["basis"], string> = {
  "user-hourly": "your hourly price",
  "user-purchase": "your purchase price, amortised",
  "on-demand": "cloud on-demand",
  reserved: "cloud reserved",
  rental: "rental",
  purchase: "purchase, amortised",
};

/** "cloud on-demand", "purchase, amortised", "your hourly price". */
export const costBasisName = (c: Pick<JobCost, "basis">) => BASIS[c.basis];

/** "cloud on-demand: <the catalog offer, its date and confidence>". */
export const costBasisLine = (c: Pick<JobCost, "basis" | "label">) => `${BASIS[c.basis]}: ${c.label}`;

/** The flash attention kernel's rate a training step was costed at (the train report's
 * `attention`; absent for unfused attention): a CLI line, or with `sentence` a capitalised
 * sentence for the reports and the web page. */
export function attentionRateLine(
  a:
    | { kernel: string; seq: number; batchHeads?: number; efficiency: number; basis: "curve" | "constant" }
    | undefined,
  sentence = false,
): string | undefined {
  if (!a) return undefined;
  const launch = a.batchHeads !== undefined ? ` and ${a.batchHeads} sequences × heads a launch` : "";
  const text = `ttention kernel ${a.kernel}: ${(100 * a.efficiency).toFixed(1)} % of the 16-bit peak forward and backward at ${a.seq} tokens${launch} (${a.basis === "curve" ? "the family's measured curve" : "the family's constant"})`;
  return sentence ? `A${text}.` : `a${text}`;
}
