// `npm run bench [NAME...]`: the performance targets of the issues, measured (not asserted in unit
// tests, which must not depend on the machine's speed). NAME picks some: train, reliability,
// search, startup, server, serving, web; default all.
// - train: one training evaluation of DeepSeek-V3 on 2,048 H800 (target: well under 1 ms)
// - the others live in scripts/bench-*.ts (reliability Monte Carlo, plan search, CLI start-up,
//   the API under load, the serving simulation, the web app's load size)
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { loadCatalogs } from "../src/catalog/load.ts";
import { evaluateTraining } from "../src/train/evaluate.ts";

const cat = loadCatalogs();
const input = {
  arch: cat.models.find((m) => m.id === "deepseek-v3")!.arch,
  device: cat.devices.find((d) => d.id === "nvidia-h800-sxm")!,
  calibration: cat.calibration,
  devices: 2048,
  train: { seqLen: 4096, globalBatch: 15360, precision: "fp8" as const },
  parallel: {
    tp: 1,
    pp: 16,
    dp: 128,
    ep: 64,
    schedule: "dualpipe" as const,
    recompute: "selective" as const,
    zero: 1 as const,
  },
};
const picked = process.argv.slice(2);
const wanted = (name: string) => picked.length === 0 || picked.includes(name);
const bench = new Bench({ time: 1500 });
if (wanted("train"))
  bench.add("evaluateTraining DeepSeek-V3 / 2,048 H800", () => {
    evaluateTraining(input);
  });
await bench.run();
for (const t of bench.tasks) {
  const r = t.result as { throughput?: { mean: number }; latency?: { mean: number } } | undefined;
  const hz = r?.throughput?.mean ?? 0;
  const ms = r?.latency?.mean ?? (hz > 0 ? 1000 / hz : Number.NaN);
  console.log(
    `${t.name}: ${Math.round(hz).toLocaleString("en-US")} evaluations/s (${ms.toFixed(3)} ms each)`,
  );
}

// The other targets live next to their engines; each script exports a function that prints.
for (const [name, file, fn] of [
  ["reliability", "bench-reliability.ts", "benchReliability"],
  ["search", "bench-search.ts", "benchSearch"],
  ["startup", "bench-startup.ts", "benchStartup"],
  ["server", "bench-server.ts", "benchServer"],
  ["server-depth", "bench-server-depth.ts", "benchServerDepth"],
  ["serving", "bench-serving.ts", "benchServing"],
  ["web", "bench-web.ts", "benchWeb"],
] as const) {
  if (!wanted(name)) continue;
  const p = fileURLToPath(new URL(file, import.meta.url));
  if (!existsSync(p)) continue;
  const mod = (await import(p)) as Record<string, unknown>;
  const run = mod[fn];
  if (typeof run === "function") await run();
}
