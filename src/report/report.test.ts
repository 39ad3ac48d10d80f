import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../catalog/load.ts";
import { type EvalResult, evaluateScenario } from "../engine/evaluate.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { type ScenarioInput, scenarioSchema } from "../scenario/schema.ts";
import { csvCell } from "./csv.ts";
import { formatMetric, formatNumber } from "./format.ts";
import { REPORT_FORMATS, renderReport } from "./index.ts";

function evalOf(s: ScenarioInput): EvalResult {
  const cat = loadCatalogs();
  const r = resolveScenario(scenarioSchema.parse(s), cat);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return evaluateScenario(r.value, cat);
}

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
    expect(renderReport(evil, "md")).toContain(
      "# xpuplan report: &lt;script&gt;alert(1)&lt;/script&gt; &amp;",
    );
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
    expect(md).toMatch(/^# xpuplan report: /);
    expect(md).toContain("| metric | value |");
    expect(md).toContain("## Step time breakdown");
    expect(md).toContain("Device capacity: 80.0 GiB.");
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
    expect(renderReport(bad, "html")).toContain('class="issue"');
  });

  it("refuses an unknown format, naming it", () => {
    expect(() => renderReport(r, "pdf" as "html")).toThrow(/unknown report format "pdf"/);
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
