// The user's own data into the scenario: a Hugging Face config.json (uploaded or pasted) becomes
// `model: {hfConfig: ...}`, a calibration overlay (YAML or JSON, as `xpuplan calibrate` writes it)
// becomes `calibration: ...`. Both are only written into the scenario text: the engine reads them
// there exactly as the API does, and its errors name the key path inside them.
import { type ComponentChild, h } from "preact";
import { useState } from "preact/hooks";
import { parse } from "yaml";
import { readField, writeField } from "./scenario-form.ts";

const isPlain = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** The text of a file the user picked. */
const fileText = (e: Event): Promise<{ name: string; text: string }> | undefined => {
  const f = (e.target as HTMLInputElement).files?.[0];
  return f ? f.text().then((text) => ({ name: f.name, text })) : undefined;
};

/** The scenario with a config.json's content as its model, or why not. */
export function withHfConfig(
  scenario: string,
  json: string,
  what = "config.json",
): { text?: string; error?: string } {
  let config: unknown;
  try {
    config = JSON.parse(json);
  } catch (e) {
    return { error: `${what} is not JSON: ${(e as Error).message}` };
  }
  if (!isPlain(config)) return { error: `${what} is not a JSON object` };
  const text = writeField(scenario, ["model"], { hfConfig: config });
  return text === undefined ? { error: "the scenario does not parse: fix it first" } : { text };
}

/** The scenario with a calibration overlay (YAML or JSON), or why not. */
export function withCalibration(
  scenario: string,
  source: string,
  what = "the overlay",
): { text?: string; error?: string } {
  let overlay: unknown;
  try {
    overlay = parse(source, { maxAliasCount: 100 });
  } catch (e) {
    return { error: `${what} is not YAML or JSON: ${(e as Error).message.split("\n")[0]}` };
  }
  if (!isPlain(overlay)) return { error: `${what} is not a mapping (xpuplan calibrate writes one)` };
  const text = writeField(scenario, ["calibration"], overlay);
  return text === undefined ? { error: "the scenario does not parse: fix it first" } : { text };
}

export function Uploads(props: { text: string; setText: (t: string) => void }): ComponentChild {
  const [paste, setPaste] = useState("");
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | undefined>(undefined);
  const apply = (r: { text?: string; error?: string }, done: string) => {
    if (r.text !== undefined) {
      props.setText(r.text);
      setNote({ kind: "ok", text: done });
    } else setNote({ kind: "error", text: r.error ?? "not applied" });
  };
  const hasCalibration = readField(props.text, ["calibration"]) !== undefined;
  return h(
    "fieldset",
    { class: "uploads" },
    h("legend", null, "Your own data"),
    h(
      "label",
      { class: "field wide" },
      "Model from a Hugging Face config.json",
      h("input", {
        type: "file",
        accept: ".json,application/json",
        "data-testid": "hf-file",
        onChange: (e: Event) =>
          fileText(e)?.then(({ name, text }) =>
            apply(withHfConfig(props.text, text, name), `model: the architecture of ${name}`),
          ),
      }),
    ),
    h(
      "label",
      { class: "field wide" },
      "…or paste its content",
      h("textarea", {
        rows: 3,
        value: paste,
        placeholder: '{"model_type": "llama", "hidden_size": 4096, ...}',
        "data-testid": "hf-paste",
        onInput: (e: Event) => setPaste((e.target as HTMLTextAreaElement).value),
      }),
    ),
    h(
      "p",
      { class: "wide" },
      h(
        "button",
        {
          type: "button",
          disabled: paste.trim() === "",
          "data-testid": "hf-use",
          onClick: () =>
            apply(withHfConfig(props.text, paste, "the pasted config.json"), "model: the pasted config.json"),
        },
        "Use this config.json",
      ),
    ),
    h(
      "label",
      { class: "field wide" },
      "Calibration overlay (YAML or JSON, as xpuplan calibrate writes it)",
      h("input", {
        type: "file",
        accept: ".yaml,.yml,.json",
        "data-testid": "cal-file",
        onChange: (e: Event) =>
          fileText(e)?.then(({ name, text }) =>
            apply(withCalibration(props.text, text, name), `calibration: the overlay of ${name}`),
          ),
      }),
    ),
    hasCalibration &&
      h(
        "p",
        { class: "wide" },
        h(
          "button",
          {
            type: "button",
            "data-testid": "cal-remove",
            onClick: () => {
              const t = writeField(props.text, ["calibration"], undefined);
              if (t !== undefined) props.setText(t);
              setNote({ kind: "ok", text: "calibration overlay removed: the catalog's calibration applies" });
            },
          },
          "Remove the calibration overlay",
        ),
      ),
    note &&
      h(
        "p",
        { class: `wide ${note.kind === "ok" ? "ok" : "issues error"}`, "data-testid": "upload-note" },
        note.text,
      ),
  );
}
