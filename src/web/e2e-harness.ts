// For the browser tests: the built web app served by the API server on a loopback port, and
// Debian's Chromium driven by playwright-core (never a downloaded browser). Test-only.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { type RunningServer, startServer } from "../server/index.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const WAIT = { timeout: 60_000 };
// poll on a timer: a headless page may get no animation frames (Playwright's default)
export const POLL = { timeout: 60_000, polling: 100 };

/** The bars of a chart, once it is drawn (charts are drawn after the numbers they show). */
export async function drawnBars(page: Page, testid: string): Promise<number> {
  const bars = page.locator(`[data-testid=${testid}] svg rect`);
  await bars.first().waitFor(WAIT);
  return bars.count();
}

if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: ${CHROMIUM} is absent; install it with: apt-get install -y chromium`);
}

export interface Harness {
  server: RunningServer;
  browser: Browser;
  /** page errors and console errors seen so far (a test ends by expecting none) */
  errors: string[];
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const out = mkdtempSync(join(tmpdir(), "xpuplan-web-e2e-"));
  await build({
    configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
    build: { outDir: out, emptyOutDir: true },
    logLevel: "warn",
  });
  const server = await startServer({ port: 0, webRoot: out });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const errors: string[] = [];
  return {
    server,
    browser,
    errors,
    async open(path, viewport = { width: 1300, height: 1000 }) {
      const ctx = await browser.newContext({ viewport, acceptDownloads: true });
      const page = await ctx.newPage();
      page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${path}: console: ${m.text()}`);
      });
      await page.goto(`${server.url}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
