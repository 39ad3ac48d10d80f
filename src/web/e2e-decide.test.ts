// The CLI's decisions made in the app, in Debian's Chromium: the serving planner answers a request
// rate, engine settings copy, port and lifecycle render, the costs form changes the money, a
// calibration upload and a pasted config.json change the prediction, intervals show, and a
// report's first line is its verdict. Each number is checked against the API's answer to the same
// request, to the last digit; every wait is for an element or a state, never a fixed delay.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { drawnBars, HAVE_CHROMIUM, type Harness, POLL, startHarness, WAIT } from "./e2e-harness.ts";
import { DEFAULT_SCENARIO } from "./scenario-form.ts";
import { type Page as AppPage, buildHash } from "./share.ts";

const link = (page: AppPage, text: string, params: Record<string, string> = {}) =>
  `/${buildHash({ page, text, params })}`;
const INFER = `model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ninfer:\n  inputTokens: 1024\n  outputTokens: 256\n  tp: 1\n  dp: 8\n  tpotSloMs: 30\n`;

describe.skipIf(!HAVE_CHROMIUM)("the CLI's decisions in the app", () => {
  let hx: Harness;
  beforeAll(async () => {
    hx = await startHarness();
  }, 180_000);
  afterAll(async () => {
    await hx?.close();
    expect(hx?.errors ?? []).toEqual([]);
  });

  const api = async (path: string, body: unknown) =>
    (await (
      await fetch(`${hx.server.url}${path}`, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
      })
    ).json()) as unknown;
  const shownValue = (page: Page, testid: string) =>
    page.locator(`[data-testid=${testid}]`).first().getAttribute("data-value", WAIT);
  /** Wait until the element's data-value differs from `old`, and answer the new one. */
  async function changed(page: Page, testid: string, old: string | null) {
    await page.waitForFunction(
      ([id, v]) => {
        const el = document.querySelector(`[data-testid=${id}]`);
        return el !== null && el.getAttribute("data-value") !== v;
      },
      [testid, old] as const,
      POLL,
    );
    return shownValue(page, testid);
  }

  it("answers a request rate with the serving planner's deployment", async () => {
    const page = await hx.open(link("infer", INFER));
    await page.locator("[data-testid=metric-outputTokensPerSecond]").waitFor(WAIT);
    expect(await page.locator("[data-testid=planner]").count()).toBe(0);
    await page.fill("[data-testid=rate-input]", "30");
    await page.click("[data-testid=rate-plan]");
    const devices = await shownValue(page, "planner-devices");
    const want = (await api(
      "/infer",
      INFER.replace("tpotSloMs: 30", "tpotSloMs: 30\n  requestsPerSecond: 30"),
    )) as {
      plan: { best: { devices: number }; candidates: unknown[] };
    };
    expect(devices).toBe(String(want.plan.best.devices));
    expect(await page.locator("[data-testid=planner-table] tbody tr").count()).toBe(
      want.plan.candidates.length,
    );
    // the serving engines' settings are the planner's best deployment's
    await page.locator("[data-testid=emit-vllm]").waitFor(WAIT);
    expect(await page.locator("[data-testid=engine-settings]").textContent()).toContain(
      "planner's best deployment",
    );
    await page.context().close();
  });

  it("copies an engine's settings, and says why an engine does not run on the device", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO));
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: hx.server.url });
    const pre = page.locator("[data-testid=emit-megatron]");
    await pre.waitFor(WAIT);
    const want = (await api("/emit", { scenario: parse(DEFAULT_SCENARIO) })) as {
      engines: { engine: string; emitted?: { text: string } }[];
    };
    const megatron = want.engines.find((e) => e.engine === "megatron")?.emitted?.text;
    expect(await pre.textContent()).toBe(megatron);
    await page.click("[data-testid=emit-megatron-copy]");
    await page.locator("[data-testid=emit-megatron-copy]", { hasText: "Copied" }).waitFor(WAIT);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(megatron);
    expect(await page.locator("[data-testid=settings-mindspeed]").textContent()).toContain(
      "does not run on nvidia-h100-sxm",
    );
    await page.context().close();
  });

  it("ports the plan to Ascend and evaluates a lifecycle", async () => {
    const page = await hx.open(link("port", DEFAULT_SCENARIO, { to: "huawei-ascend-910b2" }));
    const sides = page.locator("[data-testid=port-sides] tbody tr");
    await sides.first().waitFor(WAIT);
    expect(await sides.count()).toBe(3);
    const moved = (await api("/port", {
      scenario: parse(DEFAULT_SCENARIO),
      to: "huawei-ascend-910b2",
      objective: "time",
    })) as { result: { findings: unknown[] } };
    expect(await page.locator("[data-testid=port-findings] li").count()).toBe(moved.result.findings.length);
    expect(await page.locator("[data-testid=port-move]").textContent()).toMatch(
      /^Moving to the target's best plan: /,
    );
    await page.context().close();

    const life = `model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\ntrain:\n  seqLen: 4096\n  globalBatch: 64\nlifecycle:\n  phases:\n    - kind: pretrain\n      tokens: 1.0e11\n      hardware: [nvidia-h100-sxm, huawei-ascend-910b2]\n    - kind: serve\n      hardware: nvidia-h100-sxm\n      requestsPerSecond: 5\n      months: 1\n      inputTokens: 512\n      outputTokens: 128\n`;
    const lp = await hx.open(link("lifecycle", life));
    const totals = lp.locator("[data-testid=lifecycle-totals]");
    await totals.waitFor(WAIT);
    const res = (await api("/lifecycle", life)) as {
      totals: { deviceHours: number };
      phases: { choices: unknown[] }[];
    };
    expect(await totals.textContent()).toContain(
      `${Math.round(res.totals.deviceHours).toLocaleString("en-US")} device-hours`,
    );
    expect(await lp.locator("[data-testid=lifecycle-phase-pretrain] tbody tr").count()).toBe(
      res.phases[0].choices.length,
    );
    await lp.context().close();
  });

  it("changes the cost when the costs form gives a price", async () => {
    const page = await hx.open(link("cost", DEFAULT_SCENARIO));
    const before = await shownValue(page, "train-cost-total");
    const field = "#f-costs-devices-nvidia-h100-sxm-perDeviceHour";
    await page.fill(field, "2.5");
    await page.press(field, "Tab");
    const after = await changed(page, "train-cost-total", before);
    const priced = `${DEFAULT_SCENARIO}costs:\n  devices:\n    nvidia-h100-sxm:\n      perDeviceHour: 2.5\n`;
    const want = (await api("/eval", priced)) as { train: { cost: { totalUSD: { value: number } } } };
    expect(after).toBe(String(want.train.cost.totalUSD.value));
    expect(await page.locator("[data-testid=train-cost-basis]").first().textContent()).toContain(
      "your hourly price",
    );
    await page.context().close();
  });

  it("changes a prediction when a calibration overlay is uploaded", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO));
    const before = await shownValue(page, "metric-tokensPerSecondPerDevice");
    const overlay = "families:\n  - family: nvidia-hopper\n    gemm:\n      default:\n        max: 0.3\n";
    await page.setInputFiles("[data-testid=cal-file]", {
      name: "overlay.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from(overlay),
    });
    const after = await changed(page, "metric-tokensPerSecondPerDevice", before);
    const scenario = await page.inputValue("[data-testid=yaml]");
    expect(scenario).toContain("calibration:");
    const want = (await api("/eval", scenario)) as { metrics: Record<string, number> };
    expect(after).toBe(String(want.metrics.tokensPerSecondPerDevice));
    expect(Number(after)).toBeLessThan(Number(before));
    await page.context().close();
  });

  it("evaluates a pasted Hugging Face config.json", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO));
    const before = await shownValue(page, "metric-tokensPerSecondPerDevice");
    const config = readFileSync(
      new URL("../model/fixtures/llama3.1-8b.config.json", import.meta.url),
      "utf8",
    );
    await page.fill("[data-testid=hf-paste]", config);
    await page.click("[data-testid=hf-use]");
    const after = await changed(page, "metric-tokensPerSecondPerDevice", before);
    const scenario = await page.inputValue("[data-testid=yaml]");
    expect(scenario).toContain("hfConfig:");
    const want = (await api("/eval", scenario)) as {
      metrics: Record<string, number>;
      model: { totalParams: number };
    };
    expect(after).toBe(String(want.metrics.tokensPerSecondPerDevice));
    expect(want.model.totalParams).toBeGreaterThan(7e9);
    await page.context().close();
  });

  it("shows each headline number's 90% interval, and says when a family was never measured", async () => {
    const page = await hx.open(link("train", DEFAULT_SCENARIO));
    const iv = page.locator("[data-testid=interval-tokensPerSecondPerDevice]");
    await iv.waitFor(WAIT);
    expect(await iv.textContent()).toMatch(/^90%: [\d,]+–[\d,]+ tokens\/s/);
    const v = Number(await shownValue(page, "metric-tokensPerSecondPerDevice"));
    expect(Number(await iv.getAttribute("data-low"))).toBeLessThan(v);
    expect(Number(await iv.getAttribute("data-high"))).toBeGreaterThan(v);
    expect(await drawnBars(page, "chart-intervals")).toBeGreaterThan(3);
    await page.context().close();
    // serving on Hopper has no measured runs of its own: the widest interval, said so
    const serve = await hx.open(link("infer", INFER));
    const unfitted = serve.locator("[data-testid=interval-tpotSeconds]");
    await unfitted.waitFor(WAIT);
    const want = (await api("/infer", INFER)) as { intervals: Record<string, { fitted: boolean }> };
    expect(want.intervals.tpotSeconds.fitted).toBe(false);
    expect(await unfitted.textContent()).toContain("never measured");
    await serve.context().close();
  });

  it("downloads a report whose first line is the verdict", async () => {
    const bad = DEFAULT_SCENARIO.replace("tp: 8\n  pp: 4\n  dp: 2", "tp: 1\n  pp: 1\n  dp: 64");
    const page = await hx.open(link("train", bad));
    await page.locator("[data-testid=issue-panel]").waitFor(WAIT);
    const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.click("text=MD")]);
    const md = readFileSync((await download.path()) as string, "utf8");
    expect(md.split("\n")[0]).toMatch(
      /^# Does not fit: .* Fix: the layout search's best plan for the same 64 devices: tp /,
    );
    await page.context().close();
  });
});
