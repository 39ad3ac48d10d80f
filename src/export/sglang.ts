// SGLang server arguments for a serving instance. Names as in SGLang's ServerArgs
// (python/sglang/srt/server_args.py: "--tensor-parallel-size"/"--tp-size",
// "--data-parallel-size"/"--dp-size", "--expert-parallel-size"/"--ep-size",
// "--pipeline-parallel-size"/"--pp-size", --enable-dp-attention, --max-running-requests,
// --context-length, --kv-cache-dtype {auto, fp8_e5m2, fp8_e4m3}, --quantization,
// --speculative-algorithm NEXTN with --speculative-num-steps, --speculative-eagle-topk,
// --speculative-num-draft-tokens, as SGLang's DeepSeek launch examples use them; and for
// prefill/decode disaggregation --disaggregation-mode {prefill, decode} with
// --disaggregation-transfer-backend mooncake, as in SGLang's PD-disaggregation docs).
// SGLang's --tp-size counts every device of the instance; with DP attention the attention
// groups are --dp-size of them.
import { commandLine } from "./megatron.ts";
import {
  attentionGroups,
  type Emitted,
  type EmittedCommand,
  emitted,
  instanceDevices,
  type ServeEmitPlan,
} from "./plans.ts";

function instanceArgs(p: ServeEmitPlan, mtp: boolean, unexpressed: Set<string>, notes: string[]): string[] {
  const args: string[] = [];
  const groups = attentionGroups(p);
  const perStage = instanceDevices(p) / p.pp;
  args.push("--tp-size", String(perStage));
  if (p.pp > 1) args.push("--pp-size", String(p.pp));
  if (groups > 1) args.push("--dp-size", String(groups), "--enable-dp-attention");
  if (p.arch.moe && p.ep > 1) args.push("--ep-size", String(p.ep));
  args.push("--max-running-requests", String(Math.max(1, Math.floor(p.batchPerDevice * instanceDevices(p)))));
  args.push("--context-length", String(p.maxModelLen));
  args.push("--kv-cache-dtype", p.kvCache === "fp8" ? "fp8_e4m3" : "auto");
  if (p.kvCache !== "fp8" && p.kvCache !== "bf16" && p.kvCache !== "fp16") {
    unexpressed.add("kvCache");
    notes.push(`kvCache ${p.kvCache}: SGLang's --kv-cache-dtype offers auto and fp8 variants only`);
  }
  if (p.weights === "fp8") args.push("--quantization", "fp8");
  else if (p.weights === "int8") args.push("--quantization", "w8a8_int8");
  if (mtp && p.mtpDraftTokens) {
    const k = p.mtpDraftTokens;
    args.push("--speculative-algorithm", "NEXTN", "--speculative-num-steps", String(k));
    args.push("--speculative-eagle-topk", "1", "--speculative-num-draft-tokens", String(k + 1));
  }
  return args;
}

export function emitSglang(p: ServeEmitPlan): Emitted {
  const notes: string[] = [];
  const unexpressed = new Set<string>();
  const program = "python -m sglang.launch_server --model-path MODEL";
  const commands: EmittedCommand[] = [];
  if (p.pools) {
    for (const role of ["prefill", "decode"] as const) {
      const args = instanceArgs(p, role === "decode", unexpressed, notes);
      args.push("--disaggregation-mode", role, "--disaggregation-transfer-backend", "mooncake");
      commands.push({ role, replicas: p.pools[role].replicas, args, text: commandLine(program, args) });
    }
    notes.push(
      "put the SGLang router in PD mode (--pd-disaggregation) in front of the prefill and decode servers",
    );
  } else {
    const args = instanceArgs(p, true, unexpressed, notes);
    commands.push({ role: "serve", replicas: p.replicas, args, text: commandLine(program, args) });
  }
  if (p.weights === "fp8") notes.push("fp8 weights: drop --quantization when the checkpoint is already fp8");
  else if (p.weights === "int4" || p.weights === "fp4")
    notes.push(
      `${p.weights} weights: serve a checkpoint quantized to it; SGLang reads the method from its config`,
    );
  for (const c of commands)
    if (c.replicas > 1) notes.push(`run ${c.replicas} ${c.role} instances (or the SGLang router over them)`);
  return emitted("sglang", "args", commands, [...unexpressed], notes);
}
