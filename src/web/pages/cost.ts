// Cost and TCO with the user's own prices: a form over the scenario's costs: block (docs/costs.md:
// currency, the catalog offer to use, electricity, PUE, amortisation, and a price for the
// scenario's device), and the engine's money for the scenario: training cost and the cost with
// the work lost to interruptions, each with its basis and range; serving cost per million tokens.
// Where the device has no price, it says why and what block gives one.
import { type ComponentChild, h } from "preact";
import { CURRENCIES, OFFER_KINDS } from "../../economics/prices-schema.ts";
import type { EvalResult } from "../../engine/evaluate.ts";
import { formatMetric } from "../../report/format.ts";
import { CostSummary, unpricedOf } from "../cost-summary.ts";
import { type CatalogData, FieldInput } from "../field-input.ts";
import { IssuePanel } from "../issue-panel.ts";
import { type Field, inputValue, readField, writeField } from "../scenario-form.ts";
import { Stale } from "../stale.ts";
import { type IssueLike, issuesOf, Notice } from "../ui.ts";
import type { OpState } from "../use-op.ts";

const SITE: Field[] = [
  { path: ["costs", "currency"], label: "Currency", kind: "select", options: CURRENCIES, optional: true },
  { path: ["costs", "exchangeRate"], label: "Yuan per US dollar", kind: "number", optional: true },
  {
    path: ["costs", "basis"],
    label: "Catalog offer to use",
    kind: "select",
    options: OFFER_KINDS,
    optional: true,
  },
  { path: ["costs", "electricityPerKWh"], label: "Electricity per kWh", kind: "number", optional: true },
  { path: ["costs", "pue"], label: "PUE", kind: "number", optional: true },
  { path: ["costs", "amortisationYears"], label: "Amortisation (years)", kind: "number", optional: true },
  { path: ["costs", "utilisation"], label: "Utilisation (0 to 1)", kind: "number", optional: true },
];

const deviceFields = (hw: string): Field[] => [
  {
    path: ["costs", "devices", hw, "perDeviceHour"],
    label: "Rent per device-hour",
    kind: "number",
    optional: true,
  },
  {
    path: ["costs", "devices", hw, "purchase"],
    label: "Purchase price per device",
    kind: "number",
    optional: true,
  },
  {
    path: ["costs", "devices", hw, "amortisationYears"],
    label: "Its amortisation (years)",
    kind: "number",
    optional: true,
  },
];

function CostsForm(props: { text: string; setText: (t: string) => void; cat: CatalogData }): ComponentChild {
  const hw = String(readField(props.text, ["hardware"]) ?? "");
  const onSet = (f: Field, raw: string) => {
    const next = writeField(props.text, f.path, inputValue(f, raw));
    if (next !== undefined) props.setText(next);
  };
  const input = (f: Field) =>
    h(FieldInput, { key: f.path.join("."), f, text: props.text, cat: props.cat, onSet });
  const device = props.cat.devices.find((d) => d.id === hw);
  const catalog = device?.pricing;
  return h(
    "form",
    { class: "costs-form", onSubmit: (e: Event) => e.preventDefault(), "data-testid": "costs-form" },
    h(
      "fieldset",
      null,
      h("legend", null, "Your site and terms (the scenario's costs: block)"),
      SITE.map(input),
    ),
    hw &&
      h(
        "fieldset",
        null,
        h("legend", null, `Your price for ${device ? device.name : hw} (give a rent or a purchase price)`),
        deviceFields(hw).map(input),
        h(
          "p",
          { class: "wide layout", "data-testid": "catalog-price" },
          !catalog
            ? "The catalog has no price record for this device."
            : catalog.basis === "unknown"
              ? `The catalog: ${catalog.message}.`
              : `Without your price: ${catalog.label}.`,
        ),
      ),
  );
}

export function CostPage(props: {
  state: OpState;
  text: string;
  setText: (t: string) => void;
  cat: CatalogData;
  onPick: (i: IssueLike) => void;
}): ComponentChild {
  const r = props.state.result;
  const form = h(CostsForm, { text: props.text, setText: props.setText, cat: props.cat });
  const head = h("h2", null, "Cost and TCO");
  if (!r) return h("section", null, head, h(Notice, { children: "Computing…" }), form);
  const stale = r.status !== 200;
  const e = (stale ? props.state.lastOk?.body : r.body) as EvalResult | undefined;
  const top = stale
    ? h(IssuePanel, {
        title: "The scenario cannot be evaluated:",
        issues: issuesOf(r.body),
        onPick: props.onPick,
      })
    : null;
  let results: ComponentChild = null;
  if (e) {
    const servingCost = e.metrics.costPerMillionTokensUSD;
    const unpricedServing = e.infer && servingCost === undefined ? unpricedOf(e.warnings) : undefined;
    results = h(
      "div",
      { "data-testid": "cost-results" },
      !e.train && !e.infer && h(Notice, { children: "Add a train: or infer: block to cost a job." }),
      e.train &&
        h(CostSummary, {
          cost: e.train.cost,
          warnings: e.warnings,
          title: "Training: devices and energy",
          testid: "train-cost",
        }),
      e.cost &&
        h(CostSummary, {
          cost: e.cost,
          warnings: e.warnings,
          title: "Training with the work lost to interruptions (TCO of the run)",
          testid: "tco",
        }),
      e.infer &&
        h(
          "section",
          { "data-testid": "serve-cost" },
          h("h3", null, "Serving"),
          servingCost !== undefined
            ? h(
                "p",
                null,
                h(
                  "b",
                  { "data-testid": "serve-cost-value", "data-value": String(servingCost) },
                  formatMetric("costPerMillionTokensUSD", servingCost),
                ),
                ` per million output tokens. Basis: ${e.infer.costBasis ?? "not stated"}.`,
              )
            : h(
                "p",
                { class: "notice error" },
                `No cost: ${unpricedServing?.message ?? e.infer.costBasis ?? "no price"}.`,
              ),
        ),
    );
  }
  return h(
    "section",
    { "aria-busy": props.state.pending ? "true" : "false" },
    head,
    top,
    e
      ? h(Stale, {
          stale,
          note: "Scenario changed: the money below is for the previous scenario.",
          children: results,
        })
      : null,
    form,
  );
}
