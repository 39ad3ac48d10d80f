// A table that fits its column: long cells wrap, numbers stay on one line, and on a narrow
// screen every row becomes a card of "label: value" lines (CSS, by each cell's data-label),
// so no page scrolls sideways.
import { type ComponentChild, h } from "preact";

export interface Column<R> {
  key: string;
  label: string;
  /** right-aligned, tabular figures */
  num?: boolean;
  cell: (row: R, index: number) => ComponentChild;
}

export function DataTable<R>(props: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R, index: number) => string;
  rowClass?: (row: R) => string;
  testid: string;
  caption?: string;
}): ComponentChild {
  return h(
    "table",
    { class: "grid fit", "data-testid": props.testid },
    props.caption ? h("caption", null, props.caption) : null,
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        props.columns.map((c) =>
          h("th", { key: c.key, class: c.num ? "num" : undefined, scope: "col" }, c.label),
        ),
      ),
    ),
    h(
      "tbody",
      null,
      props.rows.map((r, i) =>
        h(
          "tr",
          { key: props.rowKey(r, i), class: props.rowClass?.(r) },
          props.columns.map((c) =>
            h("td", { key: c.key, class: c.num ? "num" : undefined, "data-label": c.label }, c.cell(r, i)),
          ),
        ),
      ),
    ),
  );
}
