import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { type EvalResult, evaluateScenario } from "../engine/evaluate.ts";
import { ISSUE_CODES } from "../issues.ts";
import { type Resolved, resolveScenario } from "../scenario/resolve.ts";
import { type ScenarioInput, scenarioSchema } from "../scenario/schema.ts";
import { csvCell } from "./csv.ts";
import { formatMetric, formatNumber } from "./format.ts";
import { REPORT_FORMATS, renderReport, reportContext } from "./index.ts";

function resolvedOf(s: ScenarioInput): Resolved {
  const r = resolveScenario(scenarioSchema.parse(s), loadCatalogs());
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
const evalOf = (s: ScenarioInput): EvalResult => evaluateScenario(resolvedOf(s), loadCatalogs());

const TRAIN: ScenarioInput = {
  model: "llama3.1-70b",
  hardware: "nvidia-h100-sxm",
  devices: 64,
  train: { seqLen: 4096, globalBatch: 512, tokens: 1e12 },
  parallel: { tp: 8, pp: 4, dp: 2 },
  reliability: { durationDays: 30, deadlineDays: 400 },
};

/** A minimal RFC 4180 reader, to check what the writer wrote. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("renderReport", () => {
  const r = evalOf(TRAIN);

  it("writes one self-contained HTML file with inline SVG charts", () => {
    const html = renderReport(r, "html", { capacityGiB: 80 });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3); // step, memory, pipeline (+ reliability)
    // the step timeline, its axis ending at the step time the metrics give
    expect(html).toContain("One training step (1f1b schedule)");
    expect(html).toContain(`step time ${formatNumber(r.metrics.stepTimeSeconds as number)} s`);
    expect(html).toContain("capacity 80.0 GiB");
    expect(html).toContain(
      formatMetric("tokensPerSecondPerDevice", r.metrics.tokensPerSecondPerDevice as number),
    );
    if (r.reliability?.monteCarlo) expect(html).toContain("Completion time");
  });

  it("escapes what the user wrote", () => {
    const evil = evalOf({
      model: {
        name: '<script>alert(1)</script> & "x"',
        layers: 2,
        hidden: 256,
        heads: 4,
        kvHeads: 4,
        ffn: 1024,
        mlp: "gelu",
        vocab: 1000,
      },
      hardware: "nvidia-h100-sxm",
      devices: 1,
      train: { seqLen: 128, globalBatch: 8 },
    });
    const html = renderReport(evil, "html");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    expect(renderReport(evil, "md")).toContain("# Fits: &lt;script&gt;alert(1)&lt;/script&gt; &amp;");
    const csv = readCsv(renderReport(evil, "csv"));
    expect(csv.find((row) => row[1] === "model")?.[2]).toBe('<script>alert(1)</script> & "x"');
  });

  it("writes CSV that reads back, one figure per row", () => {
    const rows = readCsv(renderReport(r, "csv"));
    expect(rows[0]).toEqual(["section", "name", "value", "unit", "note"]);
    expect(new Set(rows.map((x) => x.length))).toEqual(new Set([5]));
    const tps = rows.find((x) => x[0] === "metric" && x[1] === "tokensPerSecondPerDevice");
    expect(Number(tps?.[2])).toBe(r.metrics.tokensPerSecondPerDevice);
    expect(rows.filter((x) => x[0] === "step").length).toBeGreaterThan(2);
    expect(rows.filter((x) => x[0] === "memory").length).toBeGreaterThan(2);
  });

  it("neutralises spreadsheet formulas in text cells", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("writes Markdown tables", () => {
    const md = renderReport(r, "md", { capacityGiB: 80 });
    expect(md).toMatch(/^# Fits: /);
    expect(md).toContain("|  | value | 90% interval |");
    expect(md).toContain("| part of the step | seconds | share |");
    expect(md).toContain("| device capacity | 80.0 |");
  });

  it("writes JSON that is the result", () => {
    expect(JSON.parse(renderReport(r, "json"))).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it("renders a result with issues and nothing predicted", () => {
    const bad = evalOf({
      model: "llama3.1-405b",
      hardware: "nvidia-h100-sxm",
      devices: 8,
      train: { seqLen: 8192, globalBatch: 8 },
    });
    expect(bad.issues.length).toBeGreaterThan(0);
    for (const f of REPORT_FORMATS) expect(renderReport(bad, f).length).toBeGreaterThan(50);
    expect(renderReport(bad, "html")).toContain("<p>What blocks the plan:</p>\n<ul><li>needs");
  });

  it("refuses an unknown format, naming it", () => {
    expect(() => renderReport(r, "pdf" as "html")).toThrow(/unknown report format "pdf"/);
  });
});

/** The text a reader sees: tags, attributes and the scenario as the user wrote it left out. */
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, " ")
    .replace(/<pre class="scenario">[\s\S]*?<\/pre>/g, " ")
    .replace(/<[^>]*>/g, " ");

describe("a report to forward", () => {
  const r = evalOf(TRAIN);
  // 70B unsharded on each of 64 devices does not fit 80 GB; tensor and pipeline splits do
  const BAD: ScenarioInput = {
    model: "llama3.1-70b",
    hardware: "nvidia-h100-sxm",
    devices: 64,
    train: { seqLen: 4096, globalBatch: 512, tokens: 1e11 },
    parallel: { tp: 1, pp: 1, dp: 64 },
  };

  it("says which attention rate the step was costed at, and from where", () => {
    const a = r.train?.attention;
    expect(a?.basis).toBe("curve");
    expect(renderReport(r, "md")).toContain(
      `Attention kernel ${a?.kernel}: ${(100 * (a?.efficiency ?? 0)).toFixed(1)} % of the 16-bit peak forward and backward at 4096 tokens and ${a?.batchHeads} sequences × heads a launch (the family's measured curve).`,
    );
  });

  it("starts with the verdict: fits, with what it gives", () => {
    const html = renderReport(r, "html");
    const body = html.slice(html.indexOf("<body>") + 6).trimStart();
    expect(body).toMatch(/^<h1 class="verdict">Fits: Llama-3.1-70B on 64 × nvidia-h100-sxm trains at /);
    expect(renderReport(r, "md").split("\n")[0]).toMatch(/^# Fits: /);
    const csv = readCsv(renderReport(r, "csv"));
    expect(csv[1].slice(0, 2)).toEqual(["verdict", "ok"]);
  });

  it("starts with the verdict: does not fit, with the layout search's fix", async () => {
    const res = resolvedOf(BAD);
    const cat = loadCatalogs();
    const e = evaluateScenario(res, cat);
    const context = await reportContext(res, cat, e, {
      scenarioText: "model: llama3.1-70b\n",
      version: "9.9.9",
    });
    expect(context.fix?.kind).toBe("layout");
    const md = renderReport(e, "md", { context });
    const first = md.split("\n")[0];
    expect(first).toMatch(/^# Does not fit: Llama-3\.1-70B on 64 × NVIDIA H100 .*: needs .* GiB per device/);
    expect(first).toContain(
      `Fix: the layout search's best plan for the same 64 devices: tp ${context.fix?.plan?.parallel.tp} `,
    );
    const html = renderReport(e, "html", { context });
    expect(html).toMatch(/<body>\n<h1 class="verdict no">Does not fit: /);
    // the tool's version and the calibration's date, from the data (no clock)
    expect(html).toContain(`xpuplan 9.9.9 · catalog calibration of ${cat.calibration.updated}`);
    expect(html).toContain('<pre class="scenario">model: llama3.1-70b');
  });

  it("says add devices when no layout of the devices fits", async () => {
    const s: ScenarioInput = { ...BAD, model: "llama3.1-405b", devices: 8, parallel: undefined };
    const res = resolvedOf(s);
    const cat = loadCatalogs();
    const context = await reportContext(res, cat, evaluateScenario(res, cat), {});
    expect(context.fix?.kind).toBe("devices");
    expect(context.fix?.plan?.devices).toBeGreaterThan(8);
    expect(renderReport(evaluateScenario(res, cat), "md", { context })).toMatch(
      /Fix: add devices: no layout of 8 fits; \d+ do/,
    );
  });

  it("uses labels only: no engine key or issue code in what a reader sees", () => {
    const text = visibleText(renderReport(r, "html"));
    // words that are spelled so (a source's name) are not keys
    const camel = (t: string) => (t.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []).filter((w) => w !== "arXiv");
    expect(camel(text)).toEqual([]);
    // and none of the engine's own keys: metrics, settings, issue codes, assumptions
    const keys = new Set([
      ...Object.keys(r.metrics),
      ...Object.keys(r.train?.stack ?? {}),
      ...Object.keys(ISSUE_CODES),
      ...(r.reliability?.assumptions ?? []).map((a) => a.name),
    ]);
    // (a key that is a plain word, like "days", reads as the word)
    const coded = (w: string) => keys.has(w) && /[A-Z_]/.test(w);
    expect(text.split(/[^A-Za-z0-9_.]+/).filter(coded)).toEqual([]);
    const md = renderReport(r, "md").replace(/```yaml[\s\S]*?```/g, "");
    expect(camel(md)).toEqual([]);
  });

  it("labels every chart's axes with their units", () => {
    const html = renderReport(r, "html", { capacityGiB: 80 });
    const svgs = html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(4);
    for (const svg of svgs) {
      const labels = [...svg.matchAll(/<text class="axis-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(
        labels.some((l) => /\((s|GiB|days)\)/.test(l)),
        svg.slice(0, 120),
      ).toBe(true);
    }
    // the histogram: one value axis, one count axis, and ticks on both (not two bare end labels)
    const hist = svgs.find((x) => x.includes("Completion time")) as string;
    expect(hist).toContain("completion time (days)");
    expect(hist).toContain(">trials</text>");
    expect((hist.match(/text-anchor="end">\d/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it("prints to PDF: print CSS, and money with its basis", () => {
    const html = renderReport(r, "html");
    expect(html).toContain("@media print{@page{size:A4");
    expect(html).toMatch(/Basis: (purchase, amortised|cloud on-demand|cloud reserved|rental): /);
    expect(html).toContain("interruptions expected over");
    expect(html).toContain("deadline");
  });
});

describe("formatNumber", () => {
  it("keeps three significant digits and groups thousands", () => {
    expect(formatNumber(1034.43)).toBe("1,034");
    expect(formatNumber(31.677)).toBe("31.7");
    expect(formatNumber(0.0381)).toBe("0.0381");
    expect(formatNumber(2.5)).toBe("2.50");
    expect(formatNumber(1_980_141.2)).toBe("1,980,141");
    expect(formatNumber(9.42e17)).toBe("9.42e+17");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-12.345)).toBe("-12.3");
    expect(formatMetric("mfu", 0.4697)).toBe("47.0 %");
  });
});
