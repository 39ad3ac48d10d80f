import { describe, expect, it } from "vitest";
import type { TrainStack } from "../stack/train-stack.ts";
import { attentionRateLine, settingFrom, stackRows } from "./assumptions.ts";

describe("stackRows", () => {
  it("labels every setting, a later one spelled out, and says where each came from", () => {
    const stack = {
      engine: "megatron-core",
      graphs: "full",
      a2aOverlap: true,
      expertTp: 2,
      recomputeModules: ["mla", "moe"],
      from: { graphs: "megatron-core default", a2aOverlap: "scenario", expertTp: "megatron-core 0.13+" },
    } as unknown as TrainStack;
    const rows = Object.fromEntries(stackRows(stack).map((r) => [r.key, r]));
    expect(rows.graphs).toMatchObject({ label: "CUDA/ACL graphs", value: "full" });
    expect(rows.graphs.from).toBe("megatron-core's documented default (catalog/stacks.yaml)");
    expect(rows.a2aOverlap).toMatchObject({ value: "yes", from: "your scenario" });
    expect(rows.expertTp).toMatchObject({ label: "Expert TP", value: "2" });
    expect(rows.expertTp.from).toBe("megatron-core 0.13 and later (catalog/stacks.yaml)");
    expect(rows.recomputeModules).toMatchObject({ label: "Recompute modules", value: "mla, moe" });
    expect(rows.recomputeModules.from).toBe("the tool's default");
  });

  it("reads the short forms of where a setting came from", () => {
    expect(settingFrom("default default")).toBe("the catalog's default stack (catalog/stacks.yaml)");
    expect(settingFrom("device's host")).toBe("the device's usual host CPU");
    expect(settingFrom(undefined)).toBe("the tool's default");
    expect(settingFrom("default default on NVIDIA")).toBe(
      "the catalog's default stack on NVIDIA devices (catalog/stacks.yaml)",
    );
    expect(settingFrom("other default on NVIDIA")).toBe(
      "other's documented default on NVIDIA devices (catalog/stacks.yaml)",
    );
  });
});

describe("attentionRateLine", () => {
  const a = { kernel: "fa1", seq: 8192, efficiency: 0.1316, basis: "curve" as const };
  it("a CLI line, or a sentence for the reports; nothing for unfused attention", () => {
    expect(attentionRateLine(a)).toBe(
      "attention kernel fa1: 13.2 % of the 16-bit peak forward and backward at 8192 tokens (the family's measured curve)",
    );
    expect(attentionRateLine({ ...a, basis: "constant" }, true)).toBe(
      "Attention kernel fa1: 13.2 % of the 16-bit peak forward and backward at 8192 tokens (the family's constant).",
    );
    expect(attentionRateLine(undefined)).toBeUndefined();
    expect(attentionRateLine({ ...a, batchHeads: 8 })).toBe(
      "attention kernel fa1: 13.2 % of the 16-bit peak forward and backward at 8192 tokens and 8 sequences × heads a launch (the family's measured curve)",
    );
  });
});
