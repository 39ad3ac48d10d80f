// MindIE Service config.json fragment for a serving instance. Keys as in MindIE's
// "Configuration Parameters (Service-Specific)" (hiascend.com, mindie_service0285) and its
// expert-parallel and MTP feature guides (mindie_llm0533; plugin_params is a JSON string):
// BackendConfig.ModelDeployConfig.{maxSeqLen, maxInputTokenLen, ModelConfig[{worldSize, tp, dp,
// moe_tp, moe_ep, plugin_params}]}, BackendConfig.ScheduleConfig.{maxBatchSize,
// maxPrefillTokens}. MindIE splits the instance twice: attention tp x dp = worldSize, and the
// MoE layers moe_tp x moe_ep = worldSize. Prefill/decode separation (MindIE LLM "PD分离",
// mindie_llm0299): ServerConfig.inferMode "dmi" on both instances, the roles assigned by MindIE
// MS (ms_controller.json deploy_mode "pd_separate"); P and D instances use the same NPU count.
import {
  attentionGroups,
  type Emitted,
  type EmittedCommand,
  emitted,
  instanceDevices,
  type ServeEmitPlan,
} from "./plans.ts";

function instanceConfig(p: ServeEmitPlan, mtp: boolean, pd: boolean): Record<string, unknown> {
  const world = instanceDevices(p);
  const model: Record<string, unknown> = { worldSize: world, tp: p.tp, dp: attentionGroups(p) };
  if (p.arch.moe) {
    const ep = Math.min(p.ep, world);
    model.moe_ep = ep;
    model.moe_tp = world / ep;
  }
  if (mtp && p.mtpDraftTokens)
    model.plugin_params = JSON.stringify({ plugin_type: "mtp", num_speculative_tokens: p.mtpDraftTokens });
  return {
    ...(pd ? { ServerConfig: { inferMode: "dmi" } } : {}),
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
}

export function emitMindie(p: ServeEmitPlan): Emitted {
  const notes: string[] = [];
  const unexpressed: string[] = [];
  if (p.pp > 1) {
    unexpressed.push("pp");
    notes.push("pipeline parallelism: MindIE serves with tp/dp/ep; pp is not emitted");
  }
  const commands: EmittedCommand[] = [];
  if (p.pools) {
    for (const role of ["prefill", "decode"] as const) {
      const text = JSON.stringify(instanceConfig(p, role === "decode", true), null, 2);
      commands.push({ role, replicas: p.pools[role].replicas, args: [], text });
    }
    notes.push(
      'MindIE MS assigns the prefill and decode roles: set deploy_mode "pd_separate" in ms_controller.json and ms_coordinator.json',
    );
  } else {
    commands.push({
      role: "serve",
      replicas: p.replicas,
      args: [],
      text: JSON.stringify(instanceConfig(p, true, false), null, 2),
    });
  }
  if (p.kvCache !== "bf16" && p.kvCache !== "fp16") {
    unexpressed.push("kvCache");
    notes.push(
      `kvCache ${p.kvCache}: MindIE takes KV-cache quantization from the quantized weights' config, not from this file`,
    );
  }
  if (p.weights !== "bf16" && p.weights !== "fp16")
    notes.push(
      `${p.weights} weights: load a checkpoint quantized to it (msModelSlim); MindIE reads the method from the weights`,
    );
  for (const c of commands) if (c.replicas > 1) notes.push(`run ${c.replicas} ${c.role} instances`);
  notes.push(
    "merge into mindie-service/conf/config.json (modelName, modelWeightPath and the rest stay yours)",
  );
  return emitted("mindie", "json", commands, unexpressed, notes);
}
