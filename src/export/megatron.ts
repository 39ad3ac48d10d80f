// Megatron-LM launch arguments for a training plan. Names as defined in NVIDIA/Megatron-LM
// megatron/training/arguments.py (the explicit add_argument version of Jan 2026, 639c08ab82^;
// newer versions generate the same names from ModelParallelConfig/TransformerConfig fields,
// e.g. fp8 -> --fp8-format via argparse_meta): --tensor-model-parallel-size,
// --pipeline-model-parallel-size, --context-parallel-size, --expert-model-parallel-size,
// --expert-tensor-parallel-size, --num-layers-per-virtual-pipeline-stage,
// --pipeline-model-parallel-layout, --micro-batch-size, --global-batch-size, --seq-length,
// --num-layers, --sequence-parallel, --use-distributed-optimizer, --overlap-grad-reduce,
// --overlap-param-gather, --use-megatron-fsdp with --data-parallel-sharding-strategy
// {optim_grads, optim_grads_params}, --recompute-granularity {full, selective},
// --recompute-method uniform, --recompute-num-layers, --recompute-modules core_attn layernorm
// mla_up_proj moe_act, --bf16, --fp16, --fp8-format {e4m3, hybrid}, --moe-grouped-gemm,
// --moe-token-dispatcher-type alltoall; the model's shape and MTP from ./model-flags.ts.
// Megatron-LM has no DualPipe and no zero-bubble schedule: such a plan runs 1F1B there, said so.
import { evenSplit, megatronLayout } from "./layers.ts";
import { modelFlags } from "./model-flags.ts";
import { type Emitted, emitted, type TrainEmitPlan } from "./plans.ts";

export interface TrainArgs {
  args: string[];
  notes: string[];
  unexpressed: string[];
}

/** The flags Megatron-LM and MindSpeed-LLM share (MindSpeed-LLM patches Megatron's parser). */
export function megatronCoreArgs(p: TrainEmitPlan, engine: "megatron" | "mindspeed"): TrainArgs {
  const l = p.parallel;
  const a = p.arch;
  const args: string[] = [];
  const notes: string[] = [];
  const unexpressed: string[] = [];
  const flag = (name: string, value?: string | number) => {
    args.push(name);
    if (value !== undefined) args.push(String(value));
  };
  flag("--num-layers", a.layers);
  args.push(...modelFlags(a, engine));
  flag("--tensor-model-parallel-size", l.tp);
  flag("--pipeline-model-parallel-size", l.pp);
  flag("--context-parallel-size", l.cp);
  if (a.moe) {
    flag("--expert-model-parallel-size", l.ep);
    // The plan splits experts over ep only, never over tp (src/train/layer-cost.ts).
    flag("--expert-tensor-parallel-size", 1);
    flag("--moe-grouped-gemm");
    if (l.ep > 1) flag("--moe-token-dispatcher-type", "alltoall");
  }
  if (l.sequenceParallel && l.tp > 1) flag("--sequence-parallel");
  flag("--micro-batch-size", l.microBatch);
  flag("--global-batch-size", p.globalBatch);
  flag("--seq-length", p.seqLen);
  flag("--max-position-embeddings", p.seqLen);

  if (l.schedule === "interleaved" && l.vpp > 1) {
    if (evenSplit(a.layers, l.pp, l.vpp))
      flag("--num-layers-per-virtual-pipeline-stage", a.layers / (l.pp * l.vpp));
    else if (engine === "megatron")
      flag("--pipeline-model-parallel-layout", megatronLayout(a.layers, l.pp, l.vpp, a.mtp ?? 0));
  } else if (l.pp > 1 && !evenSplit(a.layers, l.pp, 1) && engine === "megatron") {
    flag("--pipeline-model-parallel-layout", megatronLayout(a.layers, l.pp, 1, a.mtp ?? 0));
  }

  if (l.zero === 1) {
    flag("--use-distributed-optimizer");
    flag("--overlap-grad-reduce");
    flag("--overlap-param-gather");
  } else if (l.zero === 2 || l.zero === 3) {
    if (engine === "megatron") {
      flag("--use-megatron-fsdp");
      flag("--data-parallel-sharding-strategy", l.zero === 2 ? "optim_grads" : "optim_grads_params");
    }
    // MindSpeed-LLM: see ./mindspeed.ts (FSDP2 for ZeRO 3; ZeRO 2 has no flag)
  } else {
    notes.push("ZeRO 0: plain data parallelism (no distributed optimizer)");
  }

  if (l.recompute === "full") {
    flag("--recompute-granularity", "full");
    flag("--recompute-method", "uniform");
    flag("--recompute-num-layers", 1);
  } else if (l.recompute === "selective") {
    flag("--recompute-granularity", "selective");
    // The selective set the training model assumes (src/model/activation-bytes.ts).
    const modules = ["core_attn", "layernorm"];
    if (a.attention?.kind === "mla") modules.push("mla_up_proj");
    if (a.moe) modules.push("moe_act");
    args.push("--recompute-modules", ...modules);
  }

  if (p.precision === "fp8") {
    flag("--bf16");
    flag("--fp8-format", "hybrid");
  } else if (p.precision === "fp16") {
    flag("--fp16");
  } else if (p.precision === "fp4") {
    flag("--bf16");
    unexpressed.push("precision");
    notes.push(
      "fp4 training: no flag emitted; the plan's fp4 timing assumes a recipe the engine must provide",
    );
  } else {
    flag("--bf16");
  }
  return { args, notes, unexpressed };
}

export function emitMegatron(p: TrainEmitPlan): Emitted {
  const { args, notes, unexpressed } = megatronCoreArgs(p, "megatron");
  const l = p.parallel;
  if (l.schedule === "zero-bubble") {
    unexpressed.push("schedule");
    notes.push(
      "zero-bubble: Megatron-LM has no zero-bubble schedule flag; it runs 1F1B (the plan's time assumes ZB-H1)",
    );
  }
  if (l.schedule === "dualpipe") {
    unexpressed.push("schedule");
    notes.push(
      "DualPipe is DeepSeek's schedule, not in Megatron-LM; it runs 1F1B here (MindSpeed-LLM has --schedules-method dualpipev)",
    );
  }
  const text = commandLine("pretrain_gpt.py", args);
  return emitted("megatron", "args", [{ role: "train", replicas: 1, args, text }], unexpressed, notes);
}

/** A shell command with one flag (and its values) per line. */
export function commandLine(program: string, args: string[]): string {
  const lines: string[] = [];
  for (const a of args) {
    if (a.startsWith("--") || lines.length === 0) lines.push(a);
    else lines[lines.length - 1] += ` ${shellQuote(a)}`;
  }
  return [program, ...lines].join(" \\\n    ");
}

function shellQuote(s: string): string {
  return /^[\w.,:/=+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
