// Layers per pipeline stage as the training model places them (src/train/layout.ts stageSplit:
// an even share, the remainder one each on the first stages; the embedding and loss counted as
// layers when pp·vpp exceeds the layers by one or two), in the forms the
// engines take: Megatron-LM's --pipeline-model-parallel-layout string ("E" embedding, "t"
// transformer layer, "m" MTP layer, "L" loss; stages split by "|"; megatron/training/arguments.py)
// and MindSpeed-LLM's --num-layer-list.
import { layersPerStage, stageSplit } from "../train/layout.ts";

export function stageLayers(layers: number, pp: number, vpp: number): number[] {
  const s = stageSplit(layers, { pp, vpp });
  return s.ok ? s.split : layersPerStage(layers, pp * vpp);
}

export const evenSplit = (layers: number, pp: number, vpp: number) => layers % (pp * vpp) === 0;

export function megatronLayout(layers: number, pp: number, vpp: number, mtp: number): string {
  const split = stageLayers(layers, pp, vpp);
  return split
    .map((n, s) => {
      let stage = "t".repeat(n);
      if (s === 0) stage = `E${stage}`;
      if (s === split.length - 1) stage = `${stage}${"m".repeat(mtp)}L`;
      return stage;
    })
    .join("|");
}

/** Stages and transformer layers per stage of a Megatron layout string (for checks and round trips). */
export function parseMegatronLayout(layout: string): number[] {
  return layout.split("|").map((s) => [...s].filter((c) => c === "t").length);
}
