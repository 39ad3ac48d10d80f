// The web app as a person uses it, in Debian's Chromium driven by playwright-core: the built app
// served by the API server on a loopback port. Skips, saying why, where /usr/bin/chromium is absent.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawnBars, HAVE_CHROMIUM, type Harness, POLL, startHarness, WAIT } from "./e2e-harness.ts";
import { DEFAULT_SCENARIO } from "./scenario-form.ts";
import { decodeText, encodeText } from "./share.ts";

describe.skipIf(!HAVE_CHROMIUM)("web app in Chromium", () => {
  let hx: Harness;
  const open = (path: string) => hx.open(path);

  beforeAll(async () => {
    hx = await startHarness();
  }, 180_000);

  afterAll(async () => {
    await hx?.close();
    expect(hx?.errors ?? []).toEqual([]);
  });

  const text = async (page: Page, testid: string) =>
    (await page.locator(`[data-testid=${testid}]`).textContent(WAIT)) ?? "";
  /** The chart's markup (Plot wraps a chart with a legend in a figure: compare it whole). */
  const svgOf = async (page: Page, testid: string) => {
    await page.locator(`[data-testid=${testid}] svg`).first().waitFor(WAIT);
    return page.locator(`[data-testid=${testid}]`).innerHTML();
  };

  let shared = "";
  let b200Tokens = "";

  it("shows the training plan, and new numbers and charts when the device changes", async () => {
    const page = await open("/");
    const before = await text(page, "metric-tokensPerSecondPerDevice");
    expect(before).toMatch(/tokens\/s$/);
    const stepBefore = await svgOf(page, "chart-step");
    for (const chart of ["chart-memory", "chart-step", "chart-timeline"]) {
      expect(await drawnBars(page, chart), chart).toBeGreaterThan(2);
    }

    await page.selectOption("#f-hardware", "nvidia-b200");
    await page.waitForFunction(
      (old) => document.querySelector("[data-testid=metric-tokensPerSecondPerDevice]")?.textContent !== old,
      before,
      POLL,
    );
    b200Tokens = await text(page, "metric-tokensPerSecondPerDevice");
    expect(b200Tokens).not.toBe(before);
    await page.waitForFunction(
      (old) => document.querySelector("[data-testid=chart-step]")?.innerHTML !== old,
      stepBefore,
      POLL,
    );
    expect(await page.inputValue("[data-testid=yaml]")).toContain("hardware: nvidia-b200");

    shared = page.url();
    const s = new URL(shared).hash.match(/[?&]s=([^&]+)/)?.[1] ?? "";
    expect(decodeText(s)).toContain("hardware: nvidia-b200");
    await page.context().close();
  });

  it("reproduces the view from a shared link", async () => {
    expect(shared).not.toBe("");
    const page = await open(new URL(shared).pathname + new URL(shared).hash);
    await page.waitForFunction(
      (want) => document.querySelector("[data-testid=metric-tokensPerSecondPerDevice]")?.textContent === want,
      b200Tokens,
      POLL,
    );
    expect(await page.inputValue("#f-hardware")).toBe("nvidia-b200");
    await page.context().close();
  });

  it("computes the same numbers as the API, to the last digit, on NVIDIA and on Ascend", async () => {
    // H100 computes on its measured kernel tables (bundled like every catalog); 910B2 has none
    const ascend = DEFAULT_SCENARIO.replace("nvidia-h100-sxm", "huawei-ascend-910b2");
    for (const scenario of [DEFAULT_SCENARIO, ascend]) {
      const api = (await (
        await fetch(`${hx.server.url}/eval`, { method: "POST", body: scenario })
      ).json()) as {
        metrics: Record<string, number>;
        intervals: Record<string, { low: number; high: number }>;
        cost?: { totalUSD: { value: number } };
      };
      const page = await open(`/#/train?s=${encodeText(scenario)}`);
      await text(page, "metric-tokensPerSecondPerDevice");
      const shown = await page.$$eval("[data-testid^=metric-]", (els) =>
        els.map((e) => [
          e.getAttribute("data-testid")?.replace(/^metric-/, "") ?? "",
          e.getAttribute("data-value") ?? "",
        ]),
      );
      expect(shown.length).toBeGreaterThan(5);
      for (const [name, value] of shown) expect(value, name).toBe(String(api.metrics[name]));
      const bands = await page.$$eval("[data-testid^=interval-]", (els) =>
        els.map((e) => [
          e.getAttribute("data-testid")?.replace(/^interval-/, "") ?? "",
          e.getAttribute("data-low") ?? "",
          e.getAttribute("data-high") ?? "",
        ]),
      );
      expect(bands.length).toBeGreaterThan(3);
      for (const [name, low, high] of bands) {
        expect(low, name).toBe(String(api.intervals[name].low));
        expect(high, name).toBe(String(api.intervals[name].high));
      }
      expect(await page.locator("[data-testid=train-cost-total]").getAttribute("data-value")).toBe(
        String(api.cost?.totalUSD.value),
      );
      // the seeded Monte Carlo too
      await page.click("a[data-page=reliability]");
      const interruptions = page.locator("[data-testid=metric-interruptions]");
      await interruptions.waitFor(WAIT);
      expect(await interruptions.getAttribute("data-value")).toBe(String(api.metrics.interruptions));
      await page.context().close();
    }
  });

  it("searches layouts and writes the chosen one into the scenario", async () => {
    const page = await open(`/#/train?s=${encodeText(DEFAULT_SCENARIO)}`);
    await text(page, "metric-tokensPerSecondPerDevice");
    await page.click("[data-testid=plan-run]");
    const table = page.locator("[data-testid=plan-table]");
    await table.waitFor({ timeout: 60_000 });
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
    const layout = (await table.locator("tbody tr").first().locator("td").nth(3).textContent()) ?? "";
    await page.click("[data-testid=use-plan-0]");
    await page.waitForFunction(
      (tp) => (document.querySelector("#f-parallel-tp") as HTMLInputElement | null)?.value === tp,
      /tp (\d+)/.exec(layout)?.[1] ?? "",
      POLL,
    );
    await text(page, "yaml-ok");
    await page.context().close();
  });

  it("gives the CLI's messages for a bad scenario, and recovers", async () => {
    const page = await open("/");
    await text(page, "yaml-ok");
    await page.fill(
      "[data-testid=yaml]",
      "model: llama3.1-70b\nhardware: nvidia-h100-sxm\ndevices: -4\ntrian: 1\n",
    );
    const errs = await text(page, "errors");
    expect(errs).toContain("scenario.yaml:3:10: devices:");
    expect(errs).toContain("scenario.yaml:4:1: trian: unknown key");
    await page.fill("[data-testid=yaml]", DEFAULT_SCENARIO);
    await text(page, "yaml-ok");
    await text(page, "metric-tokensPerSecondPerDevice");
    await page.context().close();
  });

  it("compares vendors from a link naming the devices", async () => {
    const page = await open(
      `/#/compare?hw=nvidia-h100-sxm,huawei-ascend-910c&s=${encodeText(DEFAULT_SCENARIO)}`,
    );
    const table = await text(page, "compare-table");
    expect(table).toContain("nvidia-h100-sxm");
    expect(table).toContain("huawei-ascend-910c");
    expect(await drawnBars(page, "chart-compare")).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });

  it("shows a comparison's progress by device, and Cancel answers the devices done so far", async () => {
    const page = await open(`/#/compare?s=${encodeText(DEFAULT_SCENARIO)}`);
    // every plannable device
    await page.locator(".picker summary").click();
    const boxes = page.locator("input[data-hw]");
    await boxes.first().waitFor(WAIT);
    const ids = await boxes.evaluateAll((bs) => bs.map((b) => b.getAttribute("data-hw") ?? ""));
    const url = new URL(page.url());
    await page.goto(`${url.origin}/#/compare?hw=${ids.join(",")}&s=${encodeText(DEFAULT_SCENARIO)}`);
    const progress = page.locator("[data-testid=search-progress]");
    await page.waitForFunction(
      (n) =>
        (document.querySelector("[data-testid=search-progress]")?.textContent ?? "").includes(
          `of ${n} devices`,
        ),
      ids.length,
      POLL,
    );
    expect(await progress.textContent()).toMatch(/\d+ of \d+ devices/);
    await page.click("[data-testid=search-cancel]");
    const table = page.locator("[data-testid=compare-table]");
    await table.waitFor(WAIT);
    const rows = await table.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(ids.length);
    expect(await page.locator("section").first().textContent()).toContain(`of ${ids.length} devices`);
    await page.context().close();
  });

  it("draws the latency-throughput curve with the SLO line", async () => {
    const yaml = `model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ninfer:\n  inputTokens: 1024\n  outputTokens: 256\n  tp: 1\n  dp: 8\n  tpotSloMs: 30\n`;
    const page = await open(`/#/infer?s=${encodeText(yaml)}`);
    await text(page, "metric-outputTokensPerSecond");
    const svg = await svgOf(page, "chart-infer");
    expect(svg).toContain("SLO");
    expect(svg).toContain("<path");
    await page.context().close();
  });

  it("draws the completion-time histogram", async () => {
    const page = await open(`/#/reliability?s=${encodeText(DEFAULT_SCENARIO)}`);
    await text(page, "metric-interruptions");
    expect(await drawnBars(page, "chart-reliability")).toBeGreaterThan(3);
    await page.context().close();
  });

  it("lists every device figure with its source and confidence", async () => {
    const page = await open("/#/catalog?dev=huawei-ascend-910c");
    const table = page.locator("[data-testid=catalog-figures]");
    await table.waitFor(WAIT);
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(12);
    const t = (await table.textContent()) ?? "";
    expect(t).toMatch(/official|paper|analyst|rumor|derived|measured/);
    expect(await table.locator("a[href^='http']").count()).toBeGreaterThan(0);
    expect(await page.inputValue("[data-testid=catalog-device]")).toBe("huawei-ascend-910c");
    await page.context().close();
  });

  it("downloads a self-contained HTML report", async () => {
    const page = await open("/");
    await text(page, "metric-tokensPerSecondPerDevice");
    const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.click("text=HTML")]);
    const file = await download.path();
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script/i);
    await page.context().close();
  });
});
