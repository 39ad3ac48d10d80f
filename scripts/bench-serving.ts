// `npm run bench` (and `tsx scripts/bench-serving.ts`): the serving simulation's speed target,
// measured: one simulated operating point (a closed or open loop on one deployment, its
// scheduler and the memoised step times) in under 20 ms, fast enough for the planner and the fit.
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { loadCatalogs } from "../src/catalog/load.ts";
import { calibrationFor } from "../src/hardware/calibration.ts";
import { buildDeployment } from "../src/infer/deployment.ts";
import { inferenceFamily } from "../src/infer/infer-calibration.ts";
import { resolveInferPrecision } from "../src/infer/precision.ts";
import type { SimLoad } from "../src/infer/simulate.ts";
import { simulateDeployment } from "../src/infer/simulate-serving.ts";

export async function benchServing() {
  const cat = loadCatalogs();
  const deploy = (modelId: string, deviceId: string, tp: number, ep: number, engine: "vllm" | "sglang") => {
    const arch = cat.models.find((m) => m.id === modelId)!.arch;
    const device = cat.devices.find((d) => d.id === deviceId)!;
    const prec = resolveInferPrecision(device, { weights: "fp8", kvCache: "bf16" });
    if (!prec.ok) throw new Error("precision");
    const b = buildDeployment({
      arch,
      device,
      family: inferenceFamily(calibrationFor(cat.calibration, device.id).family),
      precision: prec.value,
      parallel: { tp, ep, dp: 1, pp: 1 },
      serving: { catalog: cat.servingEngines, infer: { engine } },
    });
    if (!b.ok) throw new Error("deployment");
    return b.value;
  };
  const r1 = deploy("deepseek-r1", "nvidia-h200-sxm", 8, 8, "vllm");
  const llama = deploy("llama3.1-8b", "nvidia-h100-sxm", 1, 1, "sglang");
  const points: [string, () => unknown][] = [];
  const add = (name: string, d: typeof r1, load: SimLoad, inputTokens: number, outputTokens: number) =>
    points.push([
      name,
      () =>
        simulateDeployment({
          colocated: d,
          w: { inputTokens, outputTokens, prefixCacheHitRate: 0 },
          load,
          seed: 1,
        }),
    ]);
  add(
    "DeepSeek-R1 / 8 H200 vLLM, closed loop 100, 3000/1000",
    r1,
    { kind: "closed", clients: 100 },
    3000,
    1000,
  );
  add(
    "Llama 3.1 8B / H100 SGLang, closed loop 256, 1000/500",
    llama,
    { kind: "closed", clients: 256 },
    1000,
    500,
  );
  add(
    "Llama 3.1 8B / H100 SGLang, open loop 10 req/s, 1000/500",
    llama,
    { kind: "open", requestsPerSecond: 10 },
    1000,
    500,
  );
  const bench = new Bench({ time: 1500 });
  for (const [name, fn] of points) bench.add(`simulateDeployment ${name}`, fn);
  await bench.run();
  for (const t of bench.tasks) {
    const r = t.result as { latency?: { mean: number } } | undefined;
    const ms = r?.latency?.mean ?? Number.NaN;
    console.log(`${t.name}: ${ms.toFixed(2)} ms per simulated operating point (target < 20 ms)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchServing();
