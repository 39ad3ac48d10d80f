// `npm run bench` (and `tsx scripts/bench-search.ts`): the plan search's speed target, measured.
// - single evaluations of the training model per second (tinybench), the search's unit of work
// - the full search for DeepSeek-V3 on 2,048 H800 (seqLen 4096, global batch 15,360, fp8,
//   parallel omitted): wall time (target <= 2 s on the 2-core dev machine) and candidates/s
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { loadCatalogs } from "../src/catalog/load.ts";
import { planTraining } from "../src/search/index.ts";
import { evaluateTraining } from "../src/train/evaluate.ts";

export async function benchSearch() {
  const cat = loadCatalogs();
  const arch = cat.models.find((m) => m.id === "deepseek-v3")!.arch;
  const device = cat.devices.find((d) => d.id === "nvidia-h800-sxm")!;
  const train = { seqLen: 4096, globalBatch: 15360, precision: "fp8" as const, tokens: 14.8e12 };
  const base = { arch, device, calibration: cat.calibration, devices: 2048, train };

  // Cold: the first search in a fresh process, as the CLI runs it.
  let t = performance.now();
  const cold = planTraining(base);
  const coldSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const warm = planTraining(base);
  const warmSeconds = (performance.now() - t) / 1000;

  const bench = new Bench({ time: 1500 });
  const one = {
    ...base,
    parallel: {
      tp: 1,
      pp: 16,
      dp: 128,
      ep: 64,
      schedule: "dualpipe" as const,
      recompute: "full" as const,
      zero: 1 as const,
    },
  };
  bench.add("evaluateTraining DeepSeek-V3 / 2,048 H800", () => {
    evaluateTraining(one);
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== "completed") throw new Error(`bench: ${r.state}`);
  const evalsPerSecond = 1000 / r.latency.mean;

  const c = cold.counts;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `single evaluation: ${fmt(evalsPerSecond)} evaluations/s (${(1000 / evalsPerSecond).toFixed(3)} ms each)`,
  );
  console.log(
    `plan search DeepSeek-V3 / 2,048 H800, fp8, parallel omitted: ${coldSeconds.toFixed(2)} s cold, ${warmSeconds.toFixed(2)} s warm (target <= 2 s)`,
  );
  console.log(
    `  ${fmt(c.space)} candidates decided (${fmt(c.space / warmSeconds)}/s), ${fmt(c.evaluated)} evaluated (${fmt(c.evaluated / warmSeconds)}/s), ${fmt(c.fits)} fit; rejected: ${Object.entries(
      c.byCode,
    )
      .map(([k, v]) => `${fmt(v)} ${k}`)
      .join(", ")}`,
  );
  const best = warm.plans[0];
  if (best) {
    const p = best.parallel;
    console.log(
      `  best: tp ${p.tp} pp ${p.pp} dp ${p.dp} cp ${p.cp} ep ${p.ep} ${p.schedule}${p.vpp > 1 ? ` vpp ${p.vpp}` : ""} mb ${p.microBatch} recompute ${p.recompute} zero ${p.zero}: ${best.figures.days.toFixed(1)} days, MFU ${(best.figures.mfu * 100).toFixed(1)}%`,
    );
  }
  return {
    evalsPerSecond,
    coldSeconds,
    warmSeconds,
    candidatesPerSecond: c.space / warmSeconds,
    evaluatedPerSecond: c.evaluated / warmSeconds,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSearch();
}
