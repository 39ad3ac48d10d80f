// A serving plan as the engines see it, and the same read back from the emitted commands
// (vLLM and SGLang flags, MindIE JSON): the round trip that proves an emitter wrote the whole
// plan, pools and roles included. Batch is compared per device: engines take whole sequence
// counts, so it reads back within one sequence per instance.
import {
  attentionGroups,
  type EmittedCommand,
  type Engine,
  instanceDevices,
  type ServeEmitPlan,
} from "./plans.ts";
import { readArgs } from "./train-layout.ts";

export interface ServeInstance {
  role: string;
  replicas: number;
  tp: number;
  ep: number;
  pp: number;
  attentionGroups: number;
  batchPerDevice: number;
  maxModelLen: number;
  kvFp8: boolean;
  weightsFp8: boolean;
  mtpDraftTokens: number;
}

export function serveLayoutOf(p: ServeEmitPlan): ServeInstance[] {
  const one = (role: string, replicas: number, mtp: boolean): ServeInstance => ({
    role,
    replicas,
    tp: p.tp,
    ep: p.arch.moe ? p.ep : 1,
    pp: p.pp,
    attentionGroups: attentionGroups(p),
    batchPerDevice: p.batchPerDevice,
    maxModelLen: p.maxModelLen,
    kvFp8: p.kvCache === "fp8",
    weightsFp8: p.weights === "fp8",
    mtpDraftTokens: mtp ? (p.mtpDraftTokens ?? 0) : 0,
  });
  return p.pools
    ? [one("prefill", p.pools.prefill.replicas, false), one("decode", p.pools.decode.replicas, true)]
    : [one("serve", p.replicas, true)];
}

export function parseServeCommands(
  engine: Engine,
  commands: EmittedCommand[],
  p: Pick<ServeEmitPlan, "arch">,
): ServeInstance[] {
  return commands.map((c) => (engine === "mindie" ? parseMindie(c, p) : parseArgsCommand(engine, c, p)));
}

function parseArgsCommand(engine: Engine, c: EmittedCommand, p: Pick<ServeEmitPlan, "arch">): ServeInstance {
  const m = readArgs(c.args);
  const n = (f: string, dflt = 0) => (m.has(f) ? Number(m.get(f)![0]) : dflt);
  const kvRole = m.has("--kv-transfer-config")
    ? JSON.parse(m.get("--kv-transfer-config")![0]).kv_role
    : undefined;
  const role =
    m.get("--disaggregation-mode")?.[0] ??
    (kvRole === "kv_producer" ? "prefill" : kvRole === "kv_consumer" ? "decode" : "serve");
  const pp = n(engine === "vllm" ? "--pipeline-parallel-size" : "--pp-size", 1);
  if (engine === "vllm") {
    const tp = n("--tensor-parallel-size", 1);
    const groups = n("--data-parallel-size", 1);
    const spec = m.has("--speculative-config") ? JSON.parse(m.get("--speculative-config")![0]) : undefined;
    return {
      role,
      replicas: c.replicas,
      tp,
      ep: m.has("--enable-expert-parallel") ? tp * groups : 1,
      pp,
      attentionGroups: groups,
      batchPerDevice: n("--max-num-seqs") / (tp * pp),
      maxModelLen: n("--max-model-len"),
      kvFp8: m.get("--kv-cache-dtype")?.[0] === "fp8",
      weightsFp8: m.get("--quantization")?.[0] === "fp8",
      mtpDraftTokens: spec?.num_speculative_tokens ?? 0,
    };
  }
  const perStage = n("--tp-size", 1);
  const groups = n("--dp-size", 1);
  return {
    role,
    replicas: c.replicas,
    tp: perStage / groups,
    ep: p.arch.moe ? n("--ep-size", 1) : 1,
    pp,
    attentionGroups: groups,
    batchPerDevice: n("--max-running-requests") / (perStage * pp),
    maxModelLen: n("--context-length"),
    kvFp8: m.get("--kv-cache-dtype")?.[0] === "fp8_e4m3",
    weightsFp8: m.get("--quantization")?.[0] === "fp8",
    mtpDraftTokens: m.get("--speculative-algorithm")?.[0] === "NEXTN" ? n("--speculative-num-steps") : 0,
  };
}

function parseMindie(c: EmittedCommand, p: Pick<ServeEmitPlan, "arch">): ServeInstance {
  const cfg = JSON.parse(c.text);
  const b = cfg.BackendConfig;
  const mc = b.ModelDeployConfig.ModelConfig[0];
  const plugin = mc.plugin_params ? JSON.parse(mc.plugin_params) : undefined;
  return {
    role: c.role,
    replicas: c.replicas,
    tp: mc.tp,
    ep: p.arch.moe ? mc.moe_ep : 1,
    pp: 1,
    attentionGroups: mc.dp,
    batchPerDevice: b.ScheduleConfig.maxBatchSize / mc.worldSize,
    maxModelLen: b.ModelDeployConfig.maxSeqLen,
    kvFp8: false,
    weightsFp8: false,
    mtpDraftTokens: plugin?.plugin_type === "mtp" ? plugin.num_speculative_tokens : 0,
  };
}

/** Devices an instance of the plan spans (for the batch tolerance of a round trip). */
export const devicesOf = (p: ServeEmitPlan): number => instanceDevices(p);
