// Text to paste elsewhere (an engine's launch flags, a costs: block), with a Copy button that
// says when it copied; where the clipboard is refused, the text is selected for Ctrl-C instead.
import { type ComponentChild, h } from "preact";
import { useRef, useState } from "preact/hooks";

export function CopyBlock(props: { text: string; testid: string; label?: string }): ComponentChild {
  const [done, setDone] = useState<"" | "copied" | "selected">("");
  const pre = useRef<HTMLPreElement>(null);
  const select = () => {
    const el = pre.current;
    if (!el) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    setDone("selected");
  };
  const copy = () => {
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(props.text).then(() => setDone("copied"), select);
  };
  return h(
    "div",
    { class: "copy-block" },
    h(
      "div",
      { class: "copy-bar" },
      props.label ? h("span", null, props.label) : null,
      h(
        "button",
        { type: "button", onClick: copy, "data-testid": `${props.testid}-copy` },
        done === "copied" ? "Copied" : "Copy",
      ),
      done === "selected" ? h("small", null, " selected: press Ctrl-C (the clipboard was refused)") : null,
    ),
    h("pre", { ref: pre, "data-testid": props.testid }, props.text),
  );
}
