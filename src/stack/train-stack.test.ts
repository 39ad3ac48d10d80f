// The training stack resolved from the catalog's engine defaults: a default that depends on the
// device's vendor (DeepEP exists on NVIDIA GPUs only) applies on that vendor's devices, under
// the engine's versioned defaults and the scenario's own keys.
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { resolveTrainStack } from "./train-stack.ts";

const stacks = loadCatalogs().stacks;

describe("resolveTrainStack: defaults by vendor", () => {
  it("no engine named: DeepEP's dispatcher on NVIDIA, the alltoall dispatcher on Ascend", () => {
    const nv = resolveTrainStack(undefined, stacks, false, "x86", "NVIDIA");
    expect(nv.moeDispatcher).toBe("deepep");
    expect(nv.from.moeDispatcher).toBe("default default on NVIDIA");
    const hw = resolveTrainStack(undefined, stacks, false, "arm", "Huawei (HiSilicon)");
    expect(hw.moeDispatcher).toBe("alltoall");
    expect(hw.from.moeDispatcher).toBe("default default");
  });

  it("a named engine keeps its own default, and the scenario's key wins over both", () => {
    // Megatron-Core as its MoE training examples run it: the alltoall dispatcher, grouped GEMM
    const mc = resolveTrainStack({ engine: "megatron-core" }, stacks, false, "x86", "NVIDIA");
    expect(mc.moeDispatcher).toBe("alltoall");
    expect(mc.groupedGemm).toBe("fused");
    expect(mc.from.moeDispatcher).toBe("megatron-core default");
    const own = resolveTrainStack({ moeDispatcher: "alltoall" }, stacks, false, "x86", "NVIDIA");
    expect(own.moeDispatcher).toBe("alltoall");
    expect(own.from.moeDispatcher).toBe("scenario");
  });
});
