// Small view pieces shared by the pages: a Plot chart holder, issue lists, metric cards.
import { type ComponentChild, h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { PredictionInterval } from "../calibrate/prediction-intervals.ts";
import { ISSUE_CODES } from "../issues.ts";
import { formatMetric, formatRange, metricInfo } from "../report/format.ts";

export interface IssueLike {
  code: string;
  path: (string | number)[];
  message: string;
  line?: number;
  column?: number;
}

/** Mount the element `make` returns for the holder's width; remake it when `deps` or the width
 * change (a chart drawn at the width it is shown at keeps its text size on a phone). */
export function Chart(props: {
  make: (width: number) => Element;
  deps: unknown[];
  testid: string;
  title: string;
  /** lines under the chart: what it simplifies, what it leaves out */
  notes?: string[];
}): ComponentChild {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    if (width <= 0) return;
    const el = props.make(width);
    ref.current?.replaceChildren(el);
    return () => el.remove();
  }, [...props.deps, width]);
  return h(
    "figure",
    { class: "chart" },
    h("figcaption", null, props.title),
    h("div", { ref, class: "chart-body", "data-testid": props.testid }),
    props.notes && props.notes.length > 0
      ? h(
          "ul",
          { class: "chart-notes" },
          props.notes.map((n) => h("li", { key: n }, n)),
        )
      : null,
  );
}

/** An issue's message; a link that selects its line in the editor when it has one. */
export function issueMessage(i: IssueLike, onPick?: (i: IssueLike) => void): ComponentChild {
  if (!onPick || i.line === undefined) return i.message;
  return h(
    "a",
    {
      href: "#",
      onClick: (e: Event) => {
        e.preventDefault();
        onPick(i);
      },
    },
    i.message,
  );
}

export function Issues(props: {
  issues: IssueLike[];
  kind: "error" | "warning";
  onPick?: (i: IssueLike) => void;
}): ComponentChild {
  if (props.issues.length === 0) return null;
  return h(
    "ul",
    { class: `issues ${props.kind}`, "data-testid": `${props.kind}s` },
    props.issues.map((i) =>
      h(
        "li",
        { key: `${i.code}${i.path.join(".")}${i.message}` },
        h("b", { title: (ISSUE_CODES as Record<string, string>)[i.code] ?? "" }, i.code),
        " ",
        issueMessage(i, props.onPick),
      ),
    ),
  );
}

/** "90%: 1,050–1,311 tokens/s", and where the device family was never measured on this kind of
 * run, that it was not (its interval is then the widest of its kind). */
export function intervalText(name: string, iv: PredictionInterval): string {
  return `90%: ${formatRange(name, iv.low, iv.high)}${iv.fitted ? "" : "; this device family was never measured on such runs: the widest interval"}`;
}

export function MetricCards(props: {
  metrics: Record<string, number | undefined>;
  names: string[];
  /** the engine's 90% prediction intervals, shown under their values */
  intervals?: Record<string, PredictionInterval>;
}): ComponentChild {
  return h(
    "div",
    { class: "cards" },
    props.names
      .filter((n) => props.metrics[n] !== undefined)
      .map((n) => {
        const iv = props.intervals?.[n];
        return h(
          "div",
          { class: "card", key: n },
          h("div", { class: "label" }, metricInfo(n).label),
          // data-value: the engine's number in full, so a test can check it against the API's
          h(
            "div",
            { class: "value", "data-testid": `metric-${n}`, "data-value": String(props.metrics[n]) },
            formatMetric(n, props.metrics[n] as number),
          ),
          iv &&
            h(
              "div",
              {
                class: `interval${iv.fitted ? "" : " unfitted"}`,
                "data-testid": `interval-${n}`,
                "data-low": String(iv.low),
                "data-high": String(iv.high),
                title: `from the cross-validated residuals of ${iv.regime} (${iv.n} cases)`,
              },
              intervalText(n, iv),
            ),
        );
      }),
  );
}

export function Notice(props: { children: unknown; kind?: "info" | "error" }): ComponentChild {
  return h("p", { class: `notice ${props.kind ?? "info"}` }, props.children as string);
}

/** Issues of a refused request body ({issues}), or one line for anything else. */
export function issuesOf(body: unknown): IssueLike[] {
  const is = (body as { issues?: IssueLike[] } | null)?.issues;
  return Array.isArray(is) ? is : [{ code: "internal", path: [], message: String(body) }];
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
