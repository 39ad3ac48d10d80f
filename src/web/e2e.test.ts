// The web app as a person uses it, in Debian's Chromium driven by playwright-core: the built app
// served by the API server on a loopback port. Skips, saying why, where /usr/bin/chromium is absent.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../server/index.ts";
import { DEFAULT_SCENARIO } from "./scenario-form.ts";
import { decodeText, encodeText } from "./share.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const WAIT = { timeout: 30_000 };
// poll on a timer: a headless page may get no animation frames (Playwright's default)
const POLL = { timeout: 30_000, polling: 100 };

if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: ${CHROMIUM} is absent; install it with: apt-get install -y chromium`);
}

describe.skipIf(!HAVE_CHROMIUM)("web app in Chromium", () => {
  let out: string;
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "xpuplan-web-e2e-"));
    await build({
      configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
      build: { outDir: out, emptyOutDir: true },
      logLevel: "warn",
    });
    server = await startServer({ port: 0, webRoot: out });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  async function open(path: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1300, height: 1000 }, acceptDownloads: true });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${path}: console: ${m.text()}`);
    });
    await page.goto(`${server.url}${path}`);
    return page;
  }

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
    for (const chart of ["chart-memory", "chart-step", "chart-gantt"]) {
      expect(await page.locator(`[data-testid=${chart}] svg rect`).count(), chart).toBeGreaterThan(2);
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

  it("computes the same numbers as the API, to the last digit", async () => {
    const api = (await (
      await fetch(`${server.url}/eval`, { method: "POST", body: DEFAULT_SCENARIO })
    ).json()) as {
      metrics: Record<string, number>;
    };
    const page = await open(`/#/train?s=${encodeText(DEFAULT_SCENARIO)}`);
    await text(page, "metric-tokensPerSecondPerDevice");
    const shown = await page.$$eval("[data-value]", (els) =>
      els.map((e) => [
        e.getAttribute("data-testid")?.replace(/^metric-/, "") ?? "",
        e.getAttribute("data-value") ?? "",
      ]),
    );
    expect(shown.length).toBeGreaterThan(5);
    for (const [name, value] of shown) expect(value, name).toBe(String(api.metrics[name]));
    // the seeded Monte Carlo too
    await page.click("a[data-page=reliability]");
    const interruptions = page.locator("[data-testid=metric-interruptions]");
    await interruptions.waitFor(WAIT);
    expect(await interruptions.getAttribute("data-value")).toBe(String(api.metrics.interruptions));
    await page.context().close();
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
    expect(await page.locator("[data-testid=chart-compare] svg rect").count()).toBeGreaterThanOrEqual(2);
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
    expect(await page.locator("[data-testid=chart-reliability] svg rect").count()).toBeGreaterThan(3);
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
