// MindSpeed-LLM (Ascend/MindSpeed-LLM) launch arguments: Megatron-LM's names, which its patched
// parser keeps, plus its own, as in its DeepSeek-V3 recipe
// examples/mcore/deepseek3/pretrain_deepseek3_671b_4k_ptd.sh and its feature registry
// mindspeed_llm/features_manager: --use-mcore-models, --use-flash-attn,
// --use-fused-rotary-pos-emb, --use-fused-swiglu, --use-fused-rmsnorm, --num-layer-list
// (pipeline/num_layer_list.py: uneven stages; not with virtual pipeline or dualpipev),
// --noop-layers (pads the layer count), --schedules-method dualpipev (needs pp > 1, cp 1, no
// virtual pipeline), --moe-fb-overlap; MindSpeed's FSDP2 feature (--use-torch-fsdp2 with
// --fsdp2-config-path, sharding_size in that file; not with the distributed optimizer) shards
// parameters, gradients and optimizer state: ZeRO 3. ZeRO 2 has no flag there.
import { evenSplit, stageLayers } from "./layers.ts";
import { commandLine, megatronCoreArgs } from "./megatron.ts";
import { type Emitted, emitted, type TrainEmitPlan } from "./plans.ts";

export function emitMindSpeed(p: TrainEmitPlan): Emitted {
  const { args, notes, unexpressed } = megatronCoreArgs(p, "mindspeed");
  const l = p.parallel;
  const a = p.arch;
  args.push("--use-mcore-models", "--use-flash-attn");
  if (a.mlp === "swiglu")
    args.push("--use-fused-rotary-pos-emb", "--use-fused-swiglu", "--use-fused-rmsnorm");
  if (l.zero === 3) {
    args.push("--use-torch-fsdp2", "--fsdp2-config-path", "fsdp2_config.yaml");
    notes.push(
      `ZeRO 3 as FSDP2: write fsdp2_config.yaml with sharding_size: ${l.dp} (the data-parallel group)`,
    );
  } else if (l.zero === 2) {
    args.push("--use-distributed-optimizer");
    unexpressed.push("zero");
    notes.push(
      "ZeRO 2: MindSpeed-LLM has no gradient-sharding flag; the distributed optimizer (ZeRO 1) is emitted, check that memory allows it",
    );
  }
  const virtual = l.schedule === "interleaved" && l.vpp > 1;
  if (l.schedule === "dualpipe") {
    if (l.pp > 1 && l.cp === 1) {
      args.push("--schedules-method", "dualpipev");
      if (a.moe && l.ep > 1) args.push("--moe-fb-overlap");
    } else {
      unexpressed.push("schedule");
      notes.push("DualPipeV needs pp > 1 and cp 1 in MindSpeed-LLM: it runs 1F1B here");
    }
  }
  if (l.schedule === "zero-bubble") {
    unexpressed.push("schedule");
    notes.push("zero-bubble: no MindSpeed-LLM flag verified; it runs 1F1B (the plan's time assumes ZB-H1)");
  }
  // DualPipeV folds each rank's stage into two chunks (the V), so layers split over 2·pp.
  const dual = l.schedule === "dualpipe" && args.includes("dualpipev");
  const stages = virtual ? l.vpp : dual ? 2 : 1;
  if (l.pp > 1 && !evenSplit(a.layers, l.pp, stages)) {
    if (!virtual && !dual) {
      args.push("--num-layer-list", stageLayers(a.layers, l.pp, 1).join(","));
    } else {
      // Pad with no-op layers at the end to a multiple of the stages, as MindSpeed-LLM's DeepSeek-V3 recipe does.
      const per = l.pp * stages;
      const padded = Math.ceil(a.layers / per) * per;
      const noop = Array.from({ length: padded - a.layers }, (_, i) => a.layers + i);
      const at = args.indexOf("--num-layers");
      args[at + 1] = String(padded);
      args.push("--noop-layers", noop.join(","));
      if (virtual) args.push("--num-layers-per-virtual-pipeline-stage", String(padded / per));
      notes.push(
        `${a.layers} layers padded to ${padded} with no-op layers: the last stages hold fewer real layers than the plan's balanced split`,
      );
    }
  }
  if (p.precision === "fp8")
    notes.push("fp8 on Ascend needs Ascend 950 or later; earlier parts train in bf16");
  const text = commandLine("pretrain_gpt.py", args);
  return emitted("mindspeed", "args", [{ role: "train", replicas: 1, args, text }], unexpressed, notes);
}
