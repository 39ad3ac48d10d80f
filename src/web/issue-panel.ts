// What blocks a result, shown where the result would be: each issue in the CLI's words (a click
// puts the editor's cursor on its line), and the fix one click away when there is one.
import { type ComponentChild, h } from "preact";
import { ISSUE_CODES } from "../issues.ts";
import { type IssueLike, issueMessage } from "./ui.ts";

/** Issues a search over parallel layouts (and device counts) can resolve. */
export const LAYOUT_FIXABLE = new Set(["layout_mismatch", "not_divisible", "hbm_overflow", "fabric_limit"]);

export interface Fix {
  label: string;
  run: () => void;
  /** shown under the button: what the fix will do */
  note?: string;
}

export function IssuePanel(props: {
  title: string;
  issues: IssueLike[];
  kind?: "error" | "warning";
  onPick?: (i: IssueLike) => void;
  fix?: Fix;
  testid?: string;
}): ComponentChild {
  if (props.issues.length === 0) return null;
  const kind = props.kind ?? "error";
  return h(
    "div",
    {
      class: `issue-panel ${kind}`,
      role: kind === "error" ? "alert" : "status",
      "data-testid": props.testid ?? "issue-panel",
    },
    h("p", { class: "issue-title" }, props.title),
    h(
      "ul",
      null,
      props.issues.map((i) =>
        h(
          "li",
          { key: `${i.code}${i.path.join(".")}${i.message}` },
          issueMessage(i, props.onPick),
          " ",
          h(
            "small",
            { class: "code", title: (ISSUE_CODES as Record<string, string>)[i.code] ?? "" },
            `(${i.code})`,
          ),
        ),
      ),
    ),
    props.fix &&
      h(
        "p",
        { class: "fix" },
        h(
          "button",
          { type: "button", class: "primary", onClick: props.fix.run, "data-testid": "fix" },
          props.fix.label,
        ),
        props.fix.note ? h("small", null, ` ${props.fix.note}`) : null,
      ),
  );
}
