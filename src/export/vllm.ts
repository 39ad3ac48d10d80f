// vLLM serve arguments for a serving instance. Names as in vLLM's engine arguments
// (docs.vllm.ai "Engine Arguments"; vllm/engine/arg_utils.py): --tensor-parallel-size,
// --pipeline-parallel-size, --data-parallel-size, --enable-expert-parallel (docs.vllm.ai
// serving/expert_parallel_deployment: EP spans tp x dp ranks), --max-num-seqs, --max-model-len,
// --kv-cache-dtype {auto, fp8, fp8_e4m3, fp8_e5m2}, --quantization, --speculative-config with
// method "mtp" (vllm/config/speculative.py SpeculativeMethod), and for disaggregated prefill
// --kv-transfer-config with kv_role kv_producer (prefill) or kv_consumer (decode)
// (docs.vllm.ai features/disagg_prefill, P2pNcclConnector example).
import { commandLine } from "./megatron.ts";
import { attentionGroups, type Emitted, type EmittedCommand, emitted, type ServeEmitPlan } from "./plans.ts";

function instanceArgs(p: ServeEmitPlan, mtp: boolean, notes: string[], unexpressed: Set<string>): string[] {
  const args: string[] = [];
  const groups = attentionGroups(p);
  args.push("--tensor-parallel-size", String(p.tp));
  if (p.pp > 1) args.push("--pipeline-parallel-size", String(p.pp));
  if (groups > 1) args.push("--data-parallel-size", String(groups));
  if (p.arch.moe && p.ep > 1) {
    args.push("--enable-expert-parallel");
    if (p.ep !== p.tp * groups) {
      unexpressed.add("ep");
      notes.push(
        `vLLM's expert parallelism spans all ${p.tp * groups} ranks of the instance, not ep ${p.ep}`,
      );
    }
  }
  // max-num-seqs is per engine core, i.e. per attention data-parallel rank (tp x pp devices).
  args.push("--max-num-seqs", String(Math.max(1, Math.floor(p.batchPerDevice * p.tp * p.pp))));
  args.push("--max-model-len", String(p.maxModelLen));
  args.push("--kv-cache-dtype", p.kvCache === "fp8" ? "fp8" : "auto");
  if (p.kvCache !== "fp8" && p.kvCache !== "bf16" && p.kvCache !== "fp16") {
    unexpressed.add("kvCache");
    notes.push(`kvCache ${p.kvCache}: vLLM's --kv-cache-dtype offers auto and fp8 variants only`);
  }
  if (p.weights === "fp8") args.push("--quantization", "fp8");
  if (mtp && p.mtpDraftTokens) {
    args.push(
      "--speculative-config",
      JSON.stringify({ method: "mtp", num_speculative_tokens: p.mtpDraftTokens }),
    );
  }
  return args;
}

export function emitVllm(p: ServeEmitPlan): Emitted {
  const notes: string[] = [];
  const unexpressed = new Set<string>();
  const commands: EmittedCommand[] = [];
  const program = "vllm serve MODEL";
  if (p.pools) {
    for (const role of ["prefill", "decode"] as const) {
      const args = instanceArgs(p, role === "decode", notes, unexpressed);
      const kvRole = role === "prefill" ? "kv_producer" : "kv_consumer";
      args.push(
        "--kv-transfer-config",
        JSON.stringify({ kv_connector: "P2pNcclConnector", kv_role: kvRole }),
      );
      commands.push({ role, replicas: p.pools[role].replicas, args, text: commandLine(program, args) });
    }
    notes.push(
      "prefill and decode pools exchange KV over the connector; a proxy routes each request to both",
    );
  } else {
    const args = instanceArgs(p, true, notes, unexpressed);
    commands.push({ role: "serve", replicas: p.replicas, args, text: commandLine(program, args) });
  }
  if (p.weights === "fp8")
    notes.push("fp8 weights: drop --quantization when the checkpoint is already fp8 (DeepSeek-V3/R1 are)");
  else if (p.weights === "int8" || p.weights === "int4" || p.weights === "fp4")
    notes.push(
      `${p.weights} weights: serve a checkpoint quantized to it (compressed-tensors, AWQ or GPTQ); vLLM reads the method from its config`,
    );
  for (const c of commands)
    if (c.replicas > 1) notes.push(`run ${c.replicas} ${c.role} instances behind a load balancer`);
  return emitted("vllm", "args", commands, [...unexpressed], notes);
}
