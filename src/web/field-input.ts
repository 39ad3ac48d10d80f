// One input of the scenario form: a number, a text, or a choice (a catalog model or device, or
// one of the schema's values); it shows the scenario's value and writes the user's into it.
import { type ComponentChild, h } from "preact";
import type { ModelSummary } from "../cli/format-models.ts";
import { vendorKey } from "../report/palette.ts";
import type { CatalogDevice } from "./pages/catalog.ts";
import { type Field, readField } from "./scenario-form.ts";

export interface CatalogData {
  devices: CatalogDevice[];
  models: ModelSummary[];
}

export function FieldInput(props: {
  f: Field;
  text: string;
  cat: CatalogData;
  onSet: (f: Field, raw: string) => void;
}): ComponentChild {
  const { f } = props;
  const v = readField(props.text, f.path);
  const shown = v === undefined || v === null ? "" : typeof v === "object" ? "(inline)" : String(v);
  const id = `f-${f.path.join("-")}`;
  const onChange = (e: Event) => props.onSet(f, (e.target as HTMLInputElement | HTMLSelectElement).value);
  let input: ComponentChild;
  if (f.kind === "number" || f.kind === "text") {
    input = h("input", {
      id,
      type: f.kind,
      value: shown,
      onChange,
      min: 0,
      step: "any",
      placeholder: f.optional ? "default" : "",
    });
  } else {
    let options: ComponentChild[];
    if (f.kind === "hardware") {
      const vendors = [...new Set(props.cat.devices.map((d) => vendorKey(d.vendor)))];
      options = vendors.map((vendor) =>
        h(
          "optgroup",
          { key: vendor, label: vendor },
          props.cat.devices
            .filter((d) => vendorKey(d.vendor) === vendor)
            .map((d) =>
              h(
                "option",
                { key: d.id, value: d.id },
                `${d.name}${d.variant ? ` ${d.variant}` : ""}${d.plannable ? "" : " (not plannable)"}`,
              ),
            ),
        ),
      );
    } else if (f.kind === "model") {
      options = props.cat.models.map((m) => h("option", { key: m.id, value: m.id }, `${m.name} (${m.id})`));
    } else {
      options = (f.options ?? []).map((o) => h("option", { key: o, value: o }, o));
    }
    const ids =
      f.kind === "hardware"
        ? props.cat.devices.map((d) => d.id)
        : f.kind === "model"
          ? props.cat.models.map((m) => m.id)
          : (f.options ?? []);
    const extra =
      shown !== "" && !ids.includes(shown)
        ? [h("option", { key: "cur", value: shown, disabled: shown === "(inline)" }, shown)]
        : [];
    const blank = f.optional ? [h("option", { key: "", value: "" }, "default")] : [];
    input = h("select", { id, value: shown, onChange }, [...blank, ...extra, ...options]);
  }
  return h("div", { class: "field" }, h("label", { for: id }, f.label), input);
}
