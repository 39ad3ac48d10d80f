// The architecture a scenario's `model:` names: a catalog id, an inline architecture, or a
// Hugging Face config.json's content ({hfConfig}). A {hf: path} must have been read into
// {hfConfig} (or an inline architecture) by the shell that can read files: the engine reads none.
import { closest } from "../catalog/closest.ts";
import type { Arch } from "../model/arch.ts";
import { archFromHfConfig, HfConfigError } from "../model/hf-config.ts";
import type { ModelEntry } from "../model/model-entry.ts";
import type { Scenario } from "./schema.ts";

export type ModelArch =
  | { ok: true; arch: Arch; modelId?: string }
  | { ok: false; path: (string | number)[]; message: string };

export const HF_PATH_UNREAD =
  "a path is read only by the command line (xpuplan); send the config.json's content as model.hfConfig";

export function modelArch(model: Scenario["model"], models: readonly ModelEntry[]): ModelArch {
  if (typeof model === "string") {
    const m = models.find((x) => x.id === model);
    if (m) return { ok: true, arch: m.arch, modelId: m.id };
    const near = closest(
      model,
      models.map((x) => x.id),
    );
    return {
      ok: false,
      path: ["model"],
      message: `unknown model id "${model}"; closest: ${near.join(", ")}`,
    };
  }
  if ("hf" in model) return { ok: false, path: ["model", "hf"], message: HF_PATH_UNREAD };
  if ("hfConfig" in model) {
    try {
      return { ok: true, arch: archFromHfConfig(model.hfConfig, "model.hfConfig") };
    } catch (e) {
      if (!(e instanceof HfConfigError)) throw e;
      return { ok: false, path: ["model", "hfConfig", e.key], message: e.reason };
    }
  }
  return { ok: true, arch: model };
}

/** The architecture of a model that is not a catalog id; throws a plain Error naming the key. */
export function inlineArch(model: Exclude<Scenario["model"], string>): Arch {
  const r = modelArch(model, []);
  if (!r.ok) throw new Error(`${r.path.join(".")}: ${r.message}`);
  return r.arch;
}
