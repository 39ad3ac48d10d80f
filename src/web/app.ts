// The web app's shell: the scenario editor (a form over the YAML, and the YAML itself, with the
// CLI's error messages), the page tabs, and the URL that carries the whole view.
import { type ComponentChild, h } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { EngineClient } from "./engine-client.ts";
import { type CatalogData, FieldInput } from "./field-input.ts";
import { CatalogPage } from "./pages/catalog.ts";
import { ComparePage } from "./pages/compare.ts";
import { CostPage } from "./pages/cost.ts";
import { InferPage } from "./pages/infer.ts";
import { LifecyclePage } from "./pages/lifecycle.ts";
import { PortPage } from "./pages/port.ts";
import { ReliabilityPage } from "./pages/reliability.ts";
import { TrainPage } from "./pages/train.ts";
import {
  canEdit,
  DEFAULT_SCENARIO,
  FIELDS,
  type Field,
  inputValue,
  readField,
  writeField,
} from "./scenario-form.ts";
import { buildHash, PAGES, type Page, parseHash } from "./share.ts";
import { type IssueLike, Issues, issuesOf } from "./ui.ts";
import { Uploads } from "./uploads.ts";
import { useOp } from "./use-op.ts";

const TITLES: Record<Page, string> = {
  train: "Training plan",
  compare: "Vendor comparison",
  infer: "Serving",
  cost: "Cost",
  reliability: "Reliability",
  port: "Port",
  lifecycle: "Lifecycle",
  catalog: "Catalog",
};

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  return at + Math.max(0, column - 1);
}

/** Put the editor's cursor where an issue points, and show it. */
function pickIssue(text: string, i: IssueLike): void {
  const ta = document.getElementById("yaml") as HTMLTextAreaElement | null;
  if (!ta || i.line === undefined) return;
  const at = offsetOf(text, i.line, i.column ?? 1);
  ta.scrollIntoView({ block: "center" });
  ta.focus();
  ta.setSelectionRange(at, at);
}

function Editor(props: {
  text: string;
  setText: (t: string) => void;
  cat: CatalogData;
  issues: IssueLike[];
}): ComponentChild {
  const editable = canEdit(props.text);
  const onSet = (f: Field, raw: string) => {
    const next = writeField(props.text, f.path, inputValue(f, raw));
    if (next !== undefined) props.setText(next);
  };
  const pick = (i: IssueLike) => pickIssue(props.text, i);
  return h(
    "aside",
    { class: "editor" },
    h(
      "form",
      { onSubmit: (e: Event) => e.preventDefault(), "aria-disabled": editable ? "false" : "true" },
      FIELDS.map((group) => {
        const set = h(
          "fieldset",
          { key: group.title, disabled: !editable },
          h("legend", null, group.title),
          group.fields.map((f) =>
            h(FieldInput, { key: f.path.join("."), f, text: props.text, cat: props.cat, onSet }),
          ),
        );
        // a folded group opens by itself when the scenario already sets one of its keys
        const used = group.fields.some((f) => readField(props.text, f.path) !== undefined);
        return group.folded
          ? h(
              "details",
              { key: group.title, class: "fold", open: used },
              h("summary", null, group.title),
              set,
            )
          : set;
      }),
    ),
    h(Uploads, { text: props.text, setText: props.setText }),
    h("label", { for: "yaml", class: "yaml-label" }, "Scenario YAML (the format `xpuplan eval` reads)"),
    h("textarea", {
      id: "yaml",
      spellcheck: false,
      value: props.text,
      onInput: (e: Event) => props.setText((e.target as HTMLTextAreaElement).value),
      rows: 22,
      "data-testid": "yaml",
    }),
    props.issues.length > 0
      ? h(Issues, { issues: props.issues, kind: "error", onPick: pick })
      : h("p", { class: "ok", "data-testid": "yaml-ok" }, "The scenario is valid."),
  );
}

export function App(props: { client: EngineClient }): ComponentChild {
  const initial = useMemo(() => parseHash(location.hash), []);
  const [text, setText] = useState(initial.text ?? DEFAULT_SCENARIO);
  const [page, setPage] = useState<Page>(initial.page);
  const [params, setParams] = useState(initial.params);
  const [cat, setCat] = useState<CatalogData>({ devices: [], models: [] });
  const [broken, setBroken] = useState(initial.broken);

  useEffect(() => {
    props.client.catalog().then((r) => {
      if (r.status === 200) setCat(r.body as CatalogData);
    });
  }, [props.client]);

  // The URL follows the view; a pasted link or Back restores it.
  useEffect(() => {
    const hash = buildHash({ page, text, params });
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }, [page, text, params]);
  useEffect(() => {
    const onHash = () => {
      const v = parseHash(location.hash);
      setPage(v.page);
      if (v.text !== undefined) setText(v.text);
      setParams(v.params);
      setBroken(v.broken);
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  const setParam = useCallback((k: string, v: string) => setParams((p) => ({ ...p, [k]: v })), []);
  // the pages that draw the evaluation itself (the others ask the worker for their own answers)
  const evalState = useOp(props.client, "eval", text, { timeline: true }, page !== "catalog");
  const valid = evalState.result?.status === 200;
  const issues = evalState.result && evalState.result.status !== 200 ? issuesOf(evalState.result.body) : [];
  const onPick = (i: IssueLike) => pickIssue(text, i);
  const hasInfer = readField(text, ["infer"]) !== undefined;
  const addInfer = () => {
    const devices = Number(readField(text, ["devices"]) ?? 1);
    const tp = devices % 8 === 0 ? 8 : 1;
    const next = writeField(text, ["infer"], {
      phase: "both",
      inputTokens: 2048,
      outputTokens: 512,
      tp,
      dp: devices / tp,
      tpotSloMs: 50,
    });
    if (next !== undefined) setText(next);
  };

  let content: ComponentChild;
  switch (page) {
    case "train":
      content = h(TrainPage, {
        state: evalState,
        text,
        devices: cat.devices,
        client: props.client,
        setText,
        onPick,
      });
      break;
    case "compare":
      content = h(ComparePage, {
        text,
        valid,
        issues,
        onPick,
        devices: cat.devices,
        params,
        setParam,
        client: props.client,
      });
      break;
    case "infer":
      content = h(InferPage, {
        text,
        valid,
        issues,
        onPick,
        hasBlock: hasInfer,
        sloMs: Number(readField(text, ["infer", "tpotSloMs"])) || undefined,
        client: props.client,
        addBlock: addInfer,
        setText,
      });
      break;
    case "cost":
      content = h(CostPage, { state: evalState, text, setText, cat, onPick });
      break;
    case "port":
      content = h(PortPage, {
        text,
        valid,
        issues,
        onPick,
        devices: cat.devices,
        params,
        setParam,
        client: props.client,
      });
      break;
    case "lifecycle":
      content = h(LifecyclePage, {
        text,
        valid,
        issues,
        onPick,
        hasBlock: readField(text, ["lifecycle"]) !== undefined,
        devices: cat.devices,
        setText,
        client: props.client,
      });
      break;
    case "reliability":
      content = h(ReliabilityPage, { text, valid, issues, onPick, client: props.client });
      break;
    case "catalog":
      content = h(CatalogPage, { devices: cat.devices, params, setParam });
      break;
  }
  const copy = () => navigator.clipboard?.writeText(location.href).catch(() => {});
  return h(
    "div",
    { class: "app" },
    h(
      "header",
      null,
      h("h1", null, "xpuplan"),
      h(
        "nav",
        null,
        PAGES.map((p) =>
          h(
            "a",
            {
              key: p,
              href: buildHash({ page: p, text, params }),
              class: p === page ? "active" : "",
              "data-page": p,
            },
            TITLES[p],
          ),
        ),
      ),
      h("button", { type: "button", onClick: copy, title: "The link reproduces this view" }, "Copy link"),
    ),
    broken &&
      h(
        "div",
        { class: "banner error", role: "alert", "data-testid": "broken-link" },
        `This link is broken: ${broken}. Showing the default scenario instead; ask its author for the link again.`,
        " ",
        h("button", { type: "button", onClick: () => setBroken(undefined) }, "Dismiss"),
      ),
    h(
      "main",
      { class: page === "catalog" ? "wide" : "" },
      // results first in the document: on a phone they come before the editor
      h("div", { class: "page", "data-testid": `page-${page}` }, content),
      page !== "catalog" && h(Editor, { text, setText, cat, issues }),
    ),
  );
}
