// A long search's progress, with the way out: the bar, what is done of what, the best so far,
// and Cancel (the search then answers its best so far).
import { type ComponentChild, h } from "preact";
import type { SearchProgress } from "../server/search-run.ts";

/** a count: whole, grouped ("12,345"), not three significant digits */
const count = (n: number) => Math.round(n).toLocaleString("en-US");

export function SearchProgressBar(props: {
  label: string;
  progress?: SearchProgress;
  onCancel?: () => void;
  cancelling?: boolean;
}): ComponentChild {
  const p = props.progress;
  const share = p && p.total > 0 ? Math.min(1, p.done / p.total) : undefined;
  return h(
    "div",
    { class: "progress", role: "status", "data-testid": "search-progress" },
    h("span", null, props.label),
    " ",
    h("progress", { max: 1, value: share }),
    p &&
      h(
        "small",
        null,
        ` ${count(p.done)} of ${count(p.total)} ${p.unit}${p.fits !== undefined ? `, ${count(p.fits)} fit` : ""}${p.best ? `; best so far: ${p.best}` : ""}`,
      ),
    props.onCancel &&
      h(
        "button",
        {
          type: "button",
          onClick: props.onCancel,
          disabled: props.cancelling,
          "data-testid": "search-cancel",
        },
        props.cancelling ? "Stopping…" : "Cancel",
      ),
  );
}
