// MindIE Service config.json fragment for a serving instance. Keys as in MindIE's
// "Configuration Parameters (Service-Specific)" (hiascend.com, mindie_service0285) and its
// expert-parallel and MTP feature guides (mindie_llm0533; plugin_params is a JSON string):
// BackendConfig.ModelDeployConfig.{maxSeqLen, maxInputTokenLen, ModelConfig[{worldSize, tp, dp,
// moe_tp, moe_ep, plugin_params}]}, BackendConfig.ScheduleConfig.{maxBatchSize,
// maxPrefillTokens}. MindIE splits the instance twice: attention tp x dp = worldSize, and the
// MoE layers moe_tp x moe_ep = worldSize.
import { attentionGroups, type Emitted, instanceDevices, type ServeEmitPlan } from "./plans.ts";

export function emitMindie(p: ServeEmitPlan): Emitted {
  const notes: string[] = [];
  const world = instanceDevices(p);
  const model: Record<string, unknown> = { worldSize: world, tp: p.tp, dp: attentionGroups(p) };
  if (p.arch.moe) {
    const ep = Math.min(p.ep, world);
    model.moe_ep = ep;
    model.moe_tp = world / ep;
  }
  if (p.mtpDraftTokens) {
    model.plugin_params = JSON.stringify({ plugin_type: "mtp", num_speculative_tokens: p.mtpDraftTokens });
  }
  if (p.pp > 1) notes.push("pipeline parallelism: MindIE serves with tp/dp/ep; pp is not emitted");
  if (p.weights !== "bf16" && p.weights !== "fp16") {
    notes.push(
      `${p.weights} weights: load a checkpoint quantized to it (msModelSlim); MindIE reads the method from the weights`,
    );
  }
  if (p.replicas > 1) notes.push(`run ${p.replicas} such instances`);
  const config = {
    BackendConfig: {
      ModelDeployConfig: {
        maxSeqLen: p.maxModelLen,
        maxInputTokenLen: p.maxInputTokens,
        ModelConfig: [model],
      },
      ScheduleConfig: {
        maxBatchSize: Math.max(1, Math.floor(p.batchPerDevice * world)),
        maxPrefillTokens: Math.max(p.maxInputTokens, 8192),
      },
    },
  };
  notes.push(
    "merge into mindie-service/conf/config.json (modelName, modelWeightPath and the rest stay yours)",
  );
  return { engine: "mindie", format: "json", args: [], text: JSON.stringify(config, null, 2), notes };
}
