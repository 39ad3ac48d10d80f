// Engine settings for a plan: one emitter per engine, chosen by name. Training plans go to
// Megatron-LM and MindSpeed-LLM, serving plans to vLLM, SGLang and MindIE; an engine is only
// emitted for a device it runs on (./engine-support.ts).
import { engineSupport } from "./engine-support.ts";
import { emitMegatron } from "./megatron.ts";
import { emitMindie } from "./mindie.ts";
import { emitMindSpeed } from "./mindspeed.ts";
import type { EmitPlan, Emitted, Engine, ServeEmitPlan, TrainEmitPlan } from "./plans.ts";
import { emitSglang } from "./sglang.ts";
import { emitVllm } from "./vllm.ts";

const EMITTERS = {
  megatron: { kind: "train", emit: emitMegatron },
  mindspeed: { kind: "train", emit: emitMindSpeed },
  vllm: { kind: "infer", emit: emitVllm },
  sglang: { kind: "infer", emit: emitSglang },
  mindie: { kind: "infer", emit: emitMindie },
} as const satisfies Record<Engine, { kind: EmitPlan["kind"]; emit: (p: never) => Emitted }>;

export function emit(plan: EmitPlan, engine: Engine): Emitted {
  const e = EMITTERS[engine];
  if (!e) throw new Error(`emit: unknown engine "${engine}"; one of ${Object.keys(EMITTERS).join(", ")}`);
  if (e.kind !== plan.kind) {
    const what = plan.kind === "train" ? "a training plan" : "a serving plan";
    throw new Error(
      `emit: ${engine} takes ${e.kind === "train" ? "training" : "serving"} plans, not ${what}`,
    );
  }
  return plan.kind === "train"
    ? (e.emit as (p: TrainEmitPlan) => Emitted)(plan)
    : (e.emit as (p: ServeEmitPlan) => Emitted)(plan);
}

/** The engine's settings for a plan on a device, or why the engine does not run there. */
export function emitFor(
  plan: EmitPlan,
  engine: Engine,
  deviceId: string,
): { ok: true; emitted: Emitted } | { ok: false; message: string } {
  const s = engineSupport(engine, deviceId, plan.kind);
  if (!s.ok) return { ok: false, message: s.message };
  const out = emit(plan, engine);
  return { ok: true, emitted: s.note ? { ...out, notes: [s.note, ...out.notes] } : out };
}
