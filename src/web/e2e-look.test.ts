// The web app looked at, in Chromium: the step chart ends at the step time; tables fit 1,440 px;
// no page scrolls sideways at 1,440 × 900 or 390 × 844; a phone shows a number in its first
// screen and charts with readable text; errors sit next to the results, with their fix; results
// for another scenario are greyed; a broken link says so; one colour per vendor; Chinese names
// render as glyphs. Every wait is for an element or a state, never for a fixed delay.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAVE_CHROMIUM, type Harness, POLL, startHarness, WAIT } from "./e2e-harness.ts";
import { DEFAULT_SCENARIO } from "./scenario-form.ts";
import { type Page as AppPage, buildHash } from "./share.ts";

const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const link = (page: AppPage, text?: string, params = {}) => `/${buildHash({ page, text, params })}`;
const INFER = `model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ninfer:\n  inputTokens: 1024\n  outputTokens: 256\n  tp: 1\n  dp: 8\n  tpotSloMs: 30\n`;

const LIFECYCLE = `model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 64\nlifecycle:\n  phases:\n    - kind: pretrain\n      tokens: 1.0e11\n      hardware: [nvidia-h100-sxm, huawei-ascend-910b2]\n`;

/** Each page and the element that says it has drawn its result. */
const PAGES: [string, string][] = [
  [link("train", DEFAULT_SCENARIO), "[data-testid=chart-timeline] svg"],
  [link("compare", DEFAULT_SCENARIO), "[data-testid=compare-table] tbody tr"],
  [link("infer", INFER), "[data-testid=chart-infer] svg"],
  [link("reliability", DEFAULT_SCENARIO), "[data-testid=chart-reliability] svg"],
  [link("catalog", undefined, { dev: "huawei-ascend-910c" }), "[data-testid=catalog-figures] tbody tr"],
  [link("infer", `${INFER}  requestsPerSecond: 30\n`), "[data-testid=planner-table] tbody tr"],
  [link("cost", DEFAULT_SCENARIO), "[data-testid=train-cost-chart] svg"],
  [link("port", DEFAULT_SCENARIO, { to: "huawei-ascend-910b2" }), "[data-testid=port-sides] tbody tr"],
  [link("lifecycle", LIFECYCLE), "[data-testid=lifecycle-phases] tbody tr"],
];

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!HAVE_CHROMIUM)("the web app, looked at", () => {
  let hx: Harness;
  beforeAll(async () => {
    hx = await startHarness();
  }, 180_000);
  afterAll(async () => {
    await hx?.close();
    expect(hx?.errors ?? []).toEqual([]);
  });

  async function timelineEnds(page: Page) {
    await page.locator("[data-testid=chart-timeline] svg rect").first().waitFor(WAIT);
    return page.evaluate(() => {
      const root = document.querySelector("[data-testid=chart-timeline]") as Element;
      const rule = root.querySelector(".step-end line") as SVGLineElement;
      const rects = [...root.querySelectorAll("g[aria-label=bar] rect")] as SVGRectElement[];
      const right = Math.max(...rects.map((r) => r.getBoundingClientRect().right));
      return { rule: rule.getBoundingClientRect().left, right, rects: rects.length };
    });
  }

  const SCHEDULES: [string, string][] = [
    ["1f1b", DEFAULT_SCENARIO],
    ["interleaved", DEFAULT_SCENARIO.replace("schedule: 1f1b", "schedule: interleaved\n  vpp: 2")],
    ["zero-bubble", DEFAULT_SCENARIO.replace("schedule: 1f1b", "schedule: zero-bubble")],
    ["dualpipe", DEFAULT_SCENARIO.replace("schedule: 1f1b", "schedule: dualpipe")],
  ];
  it.each(SCHEDULES)(
    "draws the step timeline ending at the step time: %s",
    async (name, v) => {
      expect(v).toContain(`schedule: ${name}`);
      const page = await hx.open(link("train", v), DESK);
      const api = (await (await fetch(`${hx.server.url}/eval`, { method: "POST", body: v })).json()) as {
        metrics: { stepTimeSeconds: number };
      };
      const shown = await page
        .locator("[data-testid=metric-stepTimeSeconds]")
        .getAttribute("data-value", WAIT);
      expect(shown).toBe(String(api.metrics.stepTimeSeconds));
      const e = await timelineEnds(page);
      expect(e.rects).toBeGreaterThan(4);
      // the last segment's right edge sits on the step-time rule (within a pixel)
      expect(Math.abs(e.right - e.rule)).toBeLessThan(1.01);
      await page.context().close();
    },
    120_000,
  );

  // One test per page and viewport: eighteen pages in one test outran the per-test limit on a
  // busy two-core runner, though none of them was slow on its own.
  const LOOKS = [DESK, PHONE].flatMap((viewport) =>
    PAGES.map(([path, ready]) => ({
      viewport,
      path,
      ready,
      name: `${path.split("?")[0]}, ${ready.split(" ")[0]}, ${viewport.width} px`,
    })),
  );
  it.each(LOOKS)(
    "fits every table within the width, and does not scroll sideways: $name",
    async ({ viewport, path, ready }) => {
      const page = await hx.open(path, viewport);
      await page.locator(ready).first().waitFor(WAIT);
      expect(await sideways(page), `${path} at ${viewport.width}`).toBeLessThanOrEqual(0);
      const tables = await page.$$eval("table", (ts) =>
        ts.map((t) => ({ right: t.getBoundingClientRect().right, scroll: t.scrollWidth - t.clientWidth })),
      );
      for (const t of tables) {
        expect(t.right, path).toBeLessThanOrEqual(viewport.width);
        expect(t.scroll, path).toBeLessThanOrEqual(0);
      }
      await page.context().close();
    },
    120_000,
  );

  it("on a phone, shows a number in the first screen and charts with readable text", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO), PHONE);
    const metric = page.locator("[data-testid=metric-tokensPerSecondPerDevice]");
    await metric.waitFor(WAIT);
    expect(await metric.textContent()).toMatch(/\d/);
    const box = await metric.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await page.locator("[data-testid=chart-timeline] svg text").first().waitFor(WAIT);
    // drawn at the width shown (not scaled down), so 12 px text stays 12 px
    const smallest = await page.$$eval("[data-testid^=chart-] svg text", (ts) =>
      Math.min(
        ...ts
          .filter((t) => (t.textContent ?? "").trim() !== "")
          .map((t) => {
            const svg = t.closest("svg") as SVGSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
            return Number.parseFloat(getComputedStyle(t).fontSize) * scale;
          }),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(10);
    await page.context().close();
  });

  it("puts what blocks the results next to them, with the layout search one click away", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO), DESK);
    await page.locator("[data-testid=chart-timeline] svg rect").first().waitFor(WAIT);
    await page.fill("#f-devices", "2048");
    await page.press("#f-devices", "Tab");
    const panel = page.locator(".page [data-testid=issue-panel]");
    await panel.waitFor(WAIT);
    expect(await panel.textContent()).toContain("differs from devices 2048");
    // the previous numbers stay, greyed, saying the scenario changed
    const stale = page.locator("[data-testid=train-results][data-stale=true]");
    await stale.waitFor(WAIT);
    expect(await stale.textContent()).toContain("Scenario changed");
    await page.click("[data-testid=fix]");
    const table = page.locator("[data-testid=plan-table]");
    await table.waitFor({ timeout: 120_000 });
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
    await page.click("[data-testid=use-plan-0]");
    await page.locator("[data-testid=yaml-ok]").waitFor(WAIT);
    await page.locator("[data-testid=train-results]:not([data-stale])").waitFor(WAIT);
    await page.context().close();
  });

  it("names the real cause when the parallel block is empty or gone", async () => {
    const empty = DEFAULT_SCENARIO.replace(/parallel:\n( {2}.*\n)+/, "parallel:\n");
    const gone = DEFAULT_SCENARIO.replace(/parallel:\n( {2}.*\n)+/, "").replace(
      "globalBatch: 512",
      "globalBatch: 100",
    );
    for (const [text, cause] of [
      [empty, "parallel:"],
      [gone, "globalBatch 100 is not a multiple"],
    ]) {
      const page = await hx.open(link("train", text), DESK);
      const panel = page.locator(".page [data-testid=issue-panel]");
      await panel.waitFor(WAIT);
      const t = (await panel.textContent()) ?? "";
      expect(t).toContain(cause);
      expect(t).not.toContain("no train: block");
      await page.context().close();
    }
  });

  it("greys a layout table made for another scenario, and its Use does nothing", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO), DESK);
    await page.locator("[data-testid=metric-tokensPerSecondPerDevice]").waitFor(WAIT);
    await page.click("[data-testid=plan-run]");
    await page.locator("[data-testid=plan-table]").waitFor({ timeout: 120_000 });
    await page.fill("#f-train-seqLen", "8192");
    await page.press("#f-train-seqLen", "Tab");
    const stale = page.locator("[data-testid=plan-result][data-stale=true]");
    await stale.waitFor(WAIT);
    expect(await stale.textContent()).toContain("Scenario changed");
    expect(await page.locator("[data-testid=use-plan-0]").isDisabled()).toBe(true);
    const before = await page.inputValue("[data-testid=yaml]");
    await page.locator("[data-testid=use-plan-0]").click({ force: true });
    expect(await page.inputValue("[data-testid=yaml]")).toBe(before);
    await page.context().close();
  });

  it("says a shared link is broken instead of showing another scenario in silence", async () => {
    const good = link("train", DEFAULT_SCENARIO.replace("devices: 64", "devices: 128"));
    const page = await hx.open(good.slice(0, good.length - 9), DESK);
    const banner = page.locator("[data-testid=broken-link]");
    await banner.waitFor(WAIT);
    expect(await banner.textContent()).toMatch(/link is broken/);
    await page.context().close();
  });

  it("gives each vendor one colour, and renders Chinese names as glyphs", async () => {
    const hw = "huawei-ascend-910b2,huawei-cloudmatrix-384,nvidia-h100-sxm";
    const page = await hx.open(link("compare", DEFAULT_SCENARIO, { hw }), DESK);
    await page.locator("[data-testid=chart-compare] svg rect").first().waitFor(WAIT);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=compare-table] tbody tr").length === 3,
      null,
      POLL,
    );
    const fills = await page.$$eval("[data-testid=chart-compare] g[aria-label=bar] rect", (rs) =>
      rs.map((r) => r.getAttribute("fill")),
    );
    expect(fills.length).toBe(3);
    expect(new Set(fills).size).toBe(2);
    const legend = (await page.locator("[data-testid=chart-compare]").textContent()) ?? "";
    expect(legend).not.toContain("HiSilicon");

    // a CJK glyph drawn in the page's font differs from the "missing glyph" box of a private-use one
    const drawn = await page.evaluate(() => {
      const font = `32px ${getComputedStyle(document.body).fontFamily}`;
      const draw = (s: string) => {
        const c = document.createElement("canvas");
        c.width = 80;
        c.height = 40;
        const g = c.getContext("2d") as CanvasRenderingContext2D;
        g.font = font;
        g.fillText(s, 4, 32);
        return c.toDataURL();
      };
      return { cjk: [draw("沐"), draw("曦")], box: draw("\uE000") };
    });
    expect(drawn.cjk[0]).not.toBe(drawn.box);
    expect(drawn.cjk[1]).not.toBe(drawn.box);
    expect(drawn.cjk[0]).not.toBe(drawn.cjk[1]);
    await page.context().close();
  });
});
