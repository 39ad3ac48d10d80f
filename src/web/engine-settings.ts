// Engine settings for a plan, from the engine's emitters (src/export, through the worker): each
// engine's launch flags or config with a Copy button, the plan settings it cannot express, its
// notes; an engine that does not run on the device says why. What `--emit` prints in the CLI.
import { type ComponentChild, h } from "preact";
import { parse } from "yaml";
import type { EmitAnswer, EmitChoice } from "../server/decisions.ts";
import { CopyBlock } from "./copy-block.ts";
import type { EngineClient } from "./engine-client.ts";
import { Issues, issuesOf, Notice } from "./ui.ts";
import { useOp } from "./use-op.ts";

/** The emit request for a scenario text, or "" when the text does not parse. */
export function emitBody(text: string, choice: EmitChoice): string {
  try {
    return JSON.stringify({ scenario: parse(text), ...choice });
  } catch {
    return "";
  }
}

export function EngineSettings(props: {
  client: EngineClient;
  text: string;
  choice: EmitChoice;
  enabled?: boolean;
  testid?: string;
}): ComponentChild {
  const body = emitBody(props.text, props.choice);
  const state = useOp(props.client, "emit", body, {}, body !== "" && props.enabled !== false);
  const r = state.result;
  const testid = props.testid ?? "engine-settings";
  let content: ComponentChild;
  if (!r) content = h(Notice, { children: "Writing the engines' settings…" });
  else if (r.status !== 200) content = h(Issues, { issues: issuesOf(r.body), kind: "error" });
  else {
    const a = r.body as EmitAnswer;
    if (!a.ok)
      content = [
        h("p", { key: "p" }, "No settings: the plan does not evaluate."),
        h(Issues, { key: "i", issues: a.issues, kind: "error" }),
      ];
    else
      content = [
        h("p", { key: "src", class: "layout" }, `For ${a.source} on ${a.deviceId}.`),
        ...a.engines.map((e) =>
          h(
            "div",
            { key: e.engine, class: "engine", "data-testid": `settings-${e.engine}` },
            h("h4", null, e.name),
            e.ok
              ? [
                  h(CopyBlock, {
                    key: "t",
                    text: e.emitted.text,
                    testid: `emit-${e.engine}`,
                    label: e.emitted.format === "json" ? "configuration (JSON) to merge" : "command line",
                  }),
                  e.emitted.unexpressed.length > 0 &&
                    h(
                      "p",
                      { key: "u", class: "unexpressed" },
                      `Not expressed (${e.name} has no setting for them; set them by hand or accept its default): ${e.emitted.unexpressed.join(", ")}.`,
                    ),
                  e.emitted.notes.length > 0 &&
                    h(
                      "ul",
                      { key: "n", class: "facts" },
                      e.emitted.notes.map((n) => h("li", { key: n }, h("small", null, n))),
                    ),
                ]
              : h("p", { class: "refused" }, e.message),
          ),
        ),
      ];
  }
  return h(
    "section",
    { class: "engine-settings", "data-testid": testid, "aria-busy": state.pending ? "true" : "false" },
    h("h3", null, "Engine settings"),
    content,
  );
}
