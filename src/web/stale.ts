// A result computed for another scenario stays readable but greyed, under a line that says so:
// nothing in it can be acted on (its buttons are inert) until it is computed again.
import { type ComponentChild, h } from "preact";

export function Stale(props: {
  stale: boolean;
  note: string;
  children: ComponentChild;
  testid?: string;
}): ComponentChild {
  if (!props.stale) return h("div", { "data-testid": props.testid }, props.children);
  return h(
    "div",
    { class: "stale-frame", "data-testid": props.testid, "data-stale": "true" },
    h("p", { class: "stale-note", role: "status" }, props.note),
    h("div", { class: "stale", inert: true, "aria-hidden": "true" }, props.children),
  );
}
