// Server targets (issue 15): a 1 MiB deeply nested body is refused in well under 100 ms while
// evaluations keep being answered; the nesting scan of 1 MiB; the web app's bytes per load.
// Printed by `npm run bench`, never asserted in tests (they must not depend on the machine's speed).
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../src/server/index.ts";
import { nestingDepth } from "../src/server/nesting-depth.ts";

const SCENARIO = JSON.stringify({
  model: "llama3.1-70b",
  hardware: "nvidia-h100-sxm",
  devices: 64,
  train: { seqLen: 4096, globalBatch: 512 },
  parallel: { tp: 8, pp: 4, dp: 2 },
});

export async function benchServerDepth(): Promise<void> {
  const flat = `[${"1,".repeat(500_000)}1]`;
  let t = performance.now();
  nestingDepth(flat);
  console.log(
    `nesting scan of ${(flat.length / 2 ** 20).toFixed(2)} MiB: ${(performance.now() - t).toFixed(1)} ms`,
  );

  const s = await startServer({ port: 0, webRoot: null });
  try {
    const post = (body: string) => fetch(`${s.url}/eval`, { method: "POST", body });
    await Promise.all(Array.from({ length: 8 }, () => post(SCENARIO).then((r) => r.arrayBuffer())));
    const deep = `${'{"a":'.repeat(170_000)}1${"}".repeat(170_000)}`;
    const evals = Array.from({ length: 50 }, () => post(SCENARIO).then((r) => r.status));
    const times: number[] = [];
    const codes = new Set<number>();
    for (let i = 0; i < 15; i++) {
      t = performance.now();
      const r = await post(deep);
      await r.arrayBuffer();
      times.push(performance.now() - t);
      codes.add(r.status);
    }
    times.sort((a, b) => a - b);
    const statuses = await Promise.all(evals);
    console.log(
      `1 MiB nested body: ${[...codes].join(", ")} in ${times[7].toFixed(1)} ms median, ${times[14].toFixed(1)} ms worst of 15, with 50 evaluations in flight (${statuses.filter((x) => x === 200).length} answered 200)`,
    );
  } finally {
    await s.close();
  }

  const dist = fileURLToPath(new URL("../dist/web/assets/", import.meta.url));
  if (existsSync(dist)) {
    const size = (suffix: string) =>
      readdirSync(dist)
        .filter((f) => /\.(js|css)$/.test(f))
        .reduce(
          (a, f) =>
            a + (existsSync(dist + f + suffix) ? statSync(dist + f + suffix).size : statSync(dist + f).size),
          0,
        );
    console.log(
      `web app JavaScript and CSS per load: ${Math.round(size("") / 1024)} KiB plain, ${Math.round(size(".gz") / 1024)} KiB gzip, ${Math.round(size(".br") / 1024)} KiB brotli`,
    );
  }
}
