// Matmul shapes after the tensor-parallel split against the matrix units. Tensor cores and the
// Ascend Cube unit work on fixed tiles: the Cube's fractal is 16x16 (fp16), Hopper's wgmma wants
// multiples of 16 (64 rows), and the tuned large-GEMM kernels of both (cuBLAS/CUTLASS CTA tiles,
// CANN matmul base blocks) step in 128s; FP8 block-quantized weights (DeepSeek-V3's 128x128
// blocks) need whole blocks per rank. A dimension that is not a multiple pads: the padded share
// of the tile is wasted work (or, for fp8 blocks, will not load).
import type { Finding, PortingInput } from "./finding.ts";

export const HARD_ALIGN = 16;
export const TILE = 128;
/** below this padded share a 128-misalignment is not worth a finding */
export const WASTE_THRESHOLD = 0.01;

interface Dim {
  name: string;
  size: number;
  /** split by the tensor-parallel size */
  split: boolean;
  /** a linear layer's weight that FP8 recipes quantize in blocks (embeddings and head stay 16-bit) */
  fp8: boolean;
}

function dims(inp: PortingInput, tp: number, expertsSplit: boolean): Dim[] {
  const a = inp.arch;
  const hd =
    a.attention?.kind === "mla"
      ? a.attention.qkNopeHeadDim + a.attention.qkRopeHeadDim
      : (a.headDim ?? a.hidden / a.heads);
  const out: Dim[] = [
    { name: "hidden", size: a.hidden, split: false, fp8: true },
    { name: "query heads x head dim", size: (a.heads / tp) * hd, split: true, fp8: true },
    { name: "ffn", size: a.ffn / tp, split: true, fp8: true },
    { name: "vocab", size: a.vocab / tp, split: true, fp8: false },
  ];
  if (a.attention?.kind !== "mla") {
    out.push({ name: "kv heads x head dim", size: Math.max(1, a.kvHeads / tp) * hd, split: true, fp8: true });
  }
  if (a.moe) {
    const size = expertsSplit ? a.moe.expertFfn / tp : a.moe.expertFfn;
    out.push({ name: "expert ffn", size, split: expertsSplit, fp8: true });
  }
  return out;
}

export function tileFindings(inp: PortingInput): Finding[] {
  const a = inp.arch;
  const domain = inp.device.scaleUp.domainSize;
  const given = inp.parallel?.tp ?? inp.infer?.tp;
  const tps = given ? [given] : [1, 2, 4, 8, 16].filter((t) => t <= Math.max(1, domain) && a.heads % t === 0);
  // Serving engines split experts over tp when there is no expert parallelism (moe_tp = tp).
  const expertsSplit = inp.infer !== undefined && (inp.infer.ep ?? 1) === 1;
  const fp8Blocks = inp.infer?.weights === "fp8" || inp.train?.precision === "fp8";
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const tp of tps) {
    for (const d of dims(inp, tp, expertsSplit)) {
      if (seen.has(d.name) || (!d.split && tp > 1)) continue;
      const size = d.size;
      const where = d.split && tp > 1 ? ` per rank at tp ${tp}` : "";
      if (!Number.isInteger(size)) {
        seen.add(d.name);
        out.push({
          code: "not_divisible",
          severity: "error",
          message: `${d.name} does not split evenly${where} (${size.toFixed(2)})`,
          number: size,
          unit: "elements per rank",
          suggestion: `use a tensor-parallel size that divides it`,
          path: [given && inp.infer ? "infer" : "parallel", "tp"],
        });
        continue;
      }
      const padded = Math.ceil(size / TILE) * TILE;
      const waste = (padded - size) / padded;
      const hard = size % HARD_ALIGN !== 0;
      const blocks = fp8Blocks && d.fp8 && size % TILE !== 0;
      if (!hard && !blocks && waste < WASTE_THRESHOLD) continue;
      seen.add(d.name);
      const fix = d.split
        ? `a tensor-parallel size that leaves a multiple of ${TILE} per rank${tp > 1 ? ` (smaller than ${tp})` : ""}`
        : `pad ${d.name} to ${padded} (multiple of ${TILE})`;
      out.push({
        code: "tile_misaligned",
        severity: blocks ? "error" : hard ? "warning" : "info",
        message: blocks
          ? `${d.name} is ${size}${where}, not whole 128x128 FP8 weight blocks: block-quantized FP8 weights will not split there`
          : `${d.name} is ${size}${where}, not a multiple of ${hard ? HARD_ALIGN : TILE}: the matrix units pad it to ${padded}, ${(waste * 100).toFixed(1)}% of that work wasted`,
        number: waste * 100,
        unit: "% of the padded tile wasted",
        suggestion: blocks ? `use expert parallelism instead of splitting it, or ${fix}` : `use ${fix}`,
      });
    }
  }
  return out;
}
