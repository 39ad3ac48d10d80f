// Pure text and JSON views of the model catalog for `xpuplan models` (no I/O: the command
// prints what these return).
import { kvCacheBytesPerToken } from "../model/kv-cache-bytes.ts";
import type { ModelEntry } from "../model/model-entry.ts";
import { modelFlopsPerToken } from "../model/model-flops.ts";
import { paramCounts } from "../model/param-counts.ts";
import { BYTES_PER_ELEMENT } from "../units.ts";

/** Sequence length of the FLOPs/token figure shown. */
export const FLOPS_SEQ_LEN = 4096;

export interface ModelSummary {
  id: string;
  name: string;
  totalParams: number;
  activeParams: number;
  mtpParams: number;
  layers: number;
  hidden: number;
  attention: "mha" | "gqa" | "mla";
  moe: { experts: number; sharedExperts: number; topK: number } | null;
  kvCacheBytesPerTokenBf16: number;
  /** Forward FLOPs per token at FLOPS_SEQ_LEN, full (non-causal) attention square. */
  forwardFlopsPerToken: number;
  source: { title: string; url: string };
}

function attentionKind(m: ModelEntry): ModelSummary["attention"] {
  if (m.arch.attention?.kind === "mla") return "mla";
  return m.arch.kvHeads === m.arch.heads ? "mha" : "gqa";
}

export function summarizeModel(m: ModelEntry): ModelSummary {
  const p = paramCounts(m.arch);
  const moe = m.arch.moe;
  return {
    id: m.id,
    name: m.name,
    totalParams: p.total,
    activeParams: p.active,
    mtpParams: p.mtp,
    layers: m.arch.layers,
    hidden: m.arch.hidden,
    attention: attentionKind(m),
    moe: moe ? { experts: moe.experts, sharedExperts: moe.sharedExperts, topK: moe.topK } : null,
    kvCacheBytesPerTokenBf16: kvCacheBytesPerToken(m.arch, BYTES_PER_ELEMENT.bf16),
    forwardFlopsPerToken: modelFlopsPerToken(m.arch, FLOPS_SEQ_LEN).total,
    source: m.source,
  };
}

export function modelListJson(models: readonly ModelEntry[]): ModelSummary[] {
  return models.map(summarizeModel);
}

/** 671026000000 -> "671.0B"; 596049920 -> "596.0M". */
export function formatCount(n: number): string {
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toFixed(1)}${u}`;
  return String(n);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatModelList(models: readonly ModelEntry[]): string {
  const rows = [["id", "name", "total", "active", "layers", "hidden", "attention", "experts"]];
  for (const s of modelListJson(models)) {
    rows.push([
      s.id,
      s.name,
      formatCount(s.totalParams),
      formatCount(s.activeParams),
      String(s.layers),
      String(s.hidden),
      s.attention,
      s.moe ? `${s.moe.topK}/${s.moe.experts}${s.moe.sharedExperts ? `+${s.moe.sharedExperts}` : ""}` : "-",
    ]);
  }
  return table(rows);
}

export function formatModel(m: ModelEntry): string {
  const s = summarizeModel(m);
  const a = m.arch;
  const att = a.attention;
  const lines: [string, string][] = [
    ["id", s.id],
    ["name", s.name],
    ["source", `${s.source.title} <${s.source.url}>`],
    ["layers", String(a.layers)],
    ["hidden", String(a.hidden)],
    [
      "attention",
      att?.kind === "mla"
        ? `mla: ${a.heads} heads, q lora ${att.qLoraRank ?? "none"}, kv lora ${att.kvLoraRank}, ` +
          `qk ${att.qkNopeHeadDim}+${att.qkRopeHeadDim} (nope+rope), v ${att.vHeadDim}`
        : `${s.attention}: ${a.heads} heads, ${a.kvHeads} kv heads, head dim ${a.headDim ?? a.hidden / a.heads}`,
    ],
    ["mlp", `${a.mlp}, ffn ${a.ffn}`],
  ];
  if (a.moe) {
    const moe = a.moe;
    lines.push([
      "moe",
      `${moe.experts} routed experts (top ${moe.topK}), ${moe.sharedExperts} shared, expert ffn ${moe.expertFfn}, ` +
        `first ${moe.denseLayers} layers dense`,
    ]);
  }
  if (a.mtp) lines.push(["mtp modules", `${a.mtp} (${formatCount(s.mtpParams)} parameters, not in total)`]);
  lines.push(
    ["vocab", `${a.vocab}${a.tiedEmbeddings ? " (tied embeddings)" : ""}`],
    ["total params", formatCount(s.totalParams)],
    ["active params", `${formatCount(s.activeParams)} per token`],
    ["kv cache (bf16)", `${s.kvCacheBytesPerTokenBf16} bytes/token`],
    ["forward flops", `${(s.forwardFlopsPerToken / 1e9).toFixed(1)} GFLOP/token at ${FLOPS_SEQ_LEN} tokens`],
  );
  const w = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}
