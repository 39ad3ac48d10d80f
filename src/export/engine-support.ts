// Where each engine runs, by device family (the catalog id's vendor prefix), from the engines'
// own documentation: Megatron-LM targets NVIDIA GPUs (CUDA; AMD through ROCm's Megatron-LM
// port); MindSpeed-LLM and MindIE are Huawei's Ascend stacks; vLLM runs on NVIDIA and AMD GPUs
// and Google TPUs (vllm-project/tpu-inference) and on Ascend through the vLLM-Ascend plugin
// (vllm-project/vllm-ascend, same `vllm serve` flags); SGLang runs on NVIDIA and AMD GPUs and on
// Ascend NPUs (docs.sglang.ai platforms: "Ascend NPUs").
import type { Engine } from "./plans.ts";

export type DeviceFamily = "nvidia" | "amd" | "google" | "huawei" | "other";

export function deviceFamily(deviceId: string): DeviceFamily {
  const f = deviceId.split("-")[0];
  return f === "nvidia" || f === "amd" || f === "google" || f === "huawei" ? f : "other";
}

const RUNS_ON: Record<Engine, DeviceFamily[]> = {
  megatron: ["nvidia", "amd"],
  mindspeed: ["huawei"],
  vllm: ["nvidia", "amd", "google", "huawei"],
  sglang: ["nvidia", "amd", "huawei"],
  mindie: ["huawei"],
};

const NAME: Record<Engine, string> = {
  megatron: "Megatron-LM",
  mindspeed: "MindSpeed-LLM",
  vllm: "vLLM",
  sglang: "SGLang",
  mindie: "MindIE",
};

export const engineName = (e: Engine): string => NAME[e];

/** Whether the engine runs on the device; if not, why and which engines of its kind do. */
export function engineSupport(
  engine: Engine,
  deviceId: string,
  kind: "train" | "infer",
): { ok: true; note?: string } | { ok: false; message: string; instead: Engine[] } {
  const family = deviceFamily(deviceId);
  if (RUNS_ON[engine].includes(family)) {
    if (engine === "vllm" && family === "huawei")
      return {
        ok: true,
        note: "on Ascend this is vLLM-Ascend (the vllm-ascend plugin): the same `vllm serve` flags",
      };
    return { ok: true };
  }
  const same: Engine[] = kind === "train" ? ["megatron", "mindspeed"] : ["vllm", "sglang", "mindie"];
  const instead = same.filter((e) => RUNS_ON[e].includes(family));
  const where = RUNS_ON[engine].join(", ");
  return {
    ok: false,
    message: `${NAME[engine]} does not run on ${deviceId} (it runs on ${where} devices)${instead.length ? `; use ${instead.join(" or ")}` : ""}`,
    instead,
  };
}

/** The engine a plan of this kind would launch on the device: the first that runs there. */
export function defaultEngine(deviceId: string, kind: "train" | "infer"): Engine | undefined {
  const order: Engine[] = kind === "train" ? ["megatron", "mindspeed"] : ["vllm", "sglang", "mindie"];
  const family = deviceFamily(deviceId);
  return order.find((e) => RUNS_ON[e].includes(family));
}
