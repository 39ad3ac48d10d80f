// The device catalog: every figure of every device with its range, confidence and sources, so
// a reader can judge each number the plans rest on.
import { type ComponentChild, h } from "preact";
import type { Device } from "../../hardware/device.ts";
import type { FigureRow } from "../../report/device-figures.ts";
import { formatNumber } from "../../report/format.ts";

const value = (f: { value: number; low?: number; high?: number }) =>
  f.low !== undefined || f.high !== undefined
    ? `${formatNumber(f.value)} (${formatNumber(f.low ?? f.value)}–${formatNumber(f.high ?? f.value)})`
    : formatNumber(f.value);

/** A device as the worker sends it: the record and its figures as rows. */
export type CatalogDevice = Device & { figures: FigureRow[] };

export function CatalogPage(props: {
  devices: CatalogDevice[];
  params: Record<string, string>;
  setParam: (k: string, v: string) => void;
}): ComponentChild {
  const d = props.devices.find((x) => x.id === props.params.dev) ?? props.devices[0];
  if (!d) return h("p", null, "Loading the catalog…");
  const src = new Map(d.sources.map((s) => [s.id, s]));
  return h(
    "section",
    { class: "catalog" },
    h("h2", null, "Device catalog"),
    h(
      "label",
      null,
      "Device ",
      h(
        "select",
        {
          value: d.id,
          onChange: (e: Event) => props.setParam("dev", (e.target as HTMLSelectElement).value),
          "data-testid": "catalog-device",
        },
        props.devices.map((x) =>
          h(
            "option",
            { key: x.id, value: x.id },
            `${x.vendor} ${x.name}${x.variant ? ` ${x.variant}` : ""} (${x.id})`,
          ),
        ),
      ),
    ),
    h(
      "p",
      null,
      `${d.vendor} ${d.name}${d.variant ? ` (${d.variant})` : ""}; ${[d.status, d.releaseYear ? `released ${d.releaseYear}` : ""].filter(Boolean).join("; ")}; `,
      d.plannable ? "plannable" : `not plannable: ${(d.notPlannableReasons ?? []).join("; ")}`,
      `; ${d.devicesPerNode} per node.`,
    ),
    h(
      "table",
      { class: "grid", "data-testid": "catalog-figures" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ["group", "figure", "value (range)", "unit", "confidence", "sources", "note"].map((c) =>
            h("th", { key: c }, c),
          ),
        ),
      ),
      h(
        "tbody",
        null,
        d.figures.map((row) =>
          h(
            "tr",
            {
              key: `${row.group}.${row.label}`,
              class: row.figure ? `conf-${row.figure.confidence}` : "missing",
            },
            h("td", null, row.group),
            h("td", null, row.label),
            h("td", { class: "num" }, row.figure ? value(row.figure) : (row.missing ?? "unknown")),
            h("td", null, row.figure ? row.unit : ""),
            h("td", null, row.figure?.confidence ?? ""),
            h(
              "td",
              null,
              (row.figure?.sources ?? []).map((id) => {
                const s = src.get(id);
                return h(
                  "div",
                  { key: id },
                  s?.url
                    ? h("a", { href: s.url, rel: "noreferrer", target: "_blank" }, s.title)
                    : (s?.title ?? id),
                );
              }),
            ),
            h("td", null, row.figure?.note ?? ""),
          ),
        ),
      ),
    ),
    d.notes &&
      d.notes.length > 0 &&
      h(
        "ul",
        null,
        d.notes.map((n) => h("li", { key: n }, n)),
      ),
  );
}
