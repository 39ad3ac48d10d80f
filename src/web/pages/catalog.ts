// The device catalog: every figure of every device with its range, confidence and sources, so
// a reader can judge each number the plans rest on.
import { type ComponentChild, h } from "preact";
import type { Device } from "../../hardware/device.ts";
import type { FigureRow } from "../../report/device-figures.ts";
import { formatNumber } from "../../report/format.ts";
import { DataTable } from "../data-table.ts";

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
    h(DataTable<FigureRow>, {
      testid: "catalog-figures",
      rows: d.figures,
      rowKey: (row) => `${row.group}.${row.label}`,
      rowClass: (row) => (row.figure ? `conf-${row.figure.confidence}` : "missing"),
      columns: [
        { key: "group", label: "group", cell: (row) => row.group },
        { key: "figure", label: "figure", cell: (row) => row.label },
        {
          key: "value",
          label: "value (range)",
          num: true,
          cell: (row) => (row.figure ? value(row.figure) : (row.missing ?? "unknown")),
        },
        { key: "unit", label: "unit", cell: (row) => (row.figure ? row.unit : "") },
        { key: "confidence", label: "confidence", cell: (row) => row.figure?.confidence ?? "" },
        {
          key: "sources",
          label: "sources",
          cell: (row) =>
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
        },
        { key: "note", label: "note", cell: (row) => h("small", null, row.figure?.note ?? "") },
      ],
    }),
    d.notes &&
      d.notes.length > 0 &&
      h(
        "ul",
        null,
        d.notes.map((n) => h("li", { key: n }, n)),
      ),
  );
}
