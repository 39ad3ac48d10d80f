// `npm run bench`: the performance targets of the issues, measured (not asserted in unit tests).
// - one training evaluation of DeepSeek-V3 on 2,048 H800 (target: well under 1 ms)
// - the other benches (reliability Monte Carlo, plan search, serving simulation) when their scripts exist
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
const bench = new Bench({ time: 1500 });
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
for (const [file, fn] of [
  ["bench-reliability.ts", "benchReliability"],
  ["bench-search.ts", "benchSearch"],
  ["bench-serving.ts", "benchServing"],
] as const) {
  const p = fileURLToPath(new URL(file, import.meta.url));
  if (!existsSync(p)) continue;
  const mod = (await import(p)) as Record<string, unknown>;
  const run = mod[fn];
  if (typeof run === "function") await run();
}
