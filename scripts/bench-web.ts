// `npm run bench web`: what the web app costs to load. Builds it (vite.config.ts, into a
// temporary folder) and prints each file's size raw, gzip and brotli (the server sends the
// precompressed one the browser accepts), then how long the engine worker spends validating the
// bundled measured kernel tables (zod without compiled parsers, as in the browser), median of N.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { config } from "zod";
import { parseKernelFiles } from "../src/catalog/kernel-files.ts";

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const size = (f: string) => {
  try {
    return statSync(f).size;
  } catch {
    return Number.NaN;
  }
};

export async function benchWeb(n = Number(process.env.BENCH_RUNS ?? 7)) {
  const out = mkdtempSync(join(tmpdir(), "xpuplan-web-bench-"));
  try {
    await build({
      configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
      build: { outDir: out, emptyOutDir: true },
      logLevel: "warn",
    });
    const assets = join(out, "assets");
    let raw = 0;
    let br = 0;
    for (const name of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f))) {
      const f = join(assets, name);
      const [r, g, b] = [size(f), size(`${f}.gz`), size(`${f}.br`)];
      raw += r;
      br += Number.isNaN(b) ? r : b;
      console.log(`web: ${name.replace(/-[\w-]{8}\./, ".")}: ${kb(r)} raw, ${kb(g)} gzip, ${kb(b)} brotli`);
    }
    console.log(`web: every script and style: ${kb(raw)} raw, ${kb(br)} as served (brotli)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const dir = fileURLToPath(new URL("../catalog/kernels/", import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") }));
  config({ jitless: true });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    parseKernelFiles(files);
    times.push(performance.now() - t0);
  }
  config({ jitless: false });
  times.sort((a, b) => a - b);
  const mb = files.reduce((s, f) => s + f.text.length, 0) / 2 ** 20;
  console.log(
    `web: the worker validates ${mb.toFixed(2)} MiB of kernel tables in ${times[Math.floor(n / 2)].toFixed(0)} ms (median of ${n})`,
  );
}
