// Benchmarks the reliability Monte Carlo on the Llama 3 workload: 10,000 trials of a 54-day run
// on 16,384 H100 (~470 interruptions per trial). Target: under 5 s on a 2-core machine.
// Run: tsx scripts/bench-reliability.ts  (or call benchReliability() from a bench runner)
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { loadReliabilityCatalog } from "../src/reliability/catalog.ts";
import { ratesFor, reliabilityReport, simulateRuns } from "../src/reliability/index.ts";

const TRIALS = 10_000;

export async function benchReliability(): Promise<{
  trialsPerSecond: number;
  workloadSeconds: number;
  reportSeconds: number;
}> {
  const report = reliabilityReport({
    deviceId: "nvidia-h100-sxm",
    vendor: "NVIDIA",
    devices: 16_384,
    devicesPerNode: 8,
    checkpointBytes: 405.8e9 * 14,
    spec: { durationDays: 54, trials: 1 },
    rates: ratesFor("nvidia-h100-sxm", "NVIDIA", loadReliabilityCatalog()),
  });
  const workload = {
    usefulSeconds: report.usefulDays * 86400,
    intervalSeconds: report.interval.usedMinutes * 60,
    blockingSeconds: report.checkpoint.blockingSeconds,
    durabilityLagSeconds: report.checkpoint.durabilityLagSeconds,
    restartSeconds: report.restart.totalSeconds,
    unplannedPerSecond: 1 / (report.rates.jobMtbfHours * 3600),
    plannedPerSecond: (report.rates.plannedPerDeviceHour.value * 16_384) / 3600,
    plannedCostSeconds: report.checkpoint.saveSeconds + report.restart.plannedSeconds,
    trials: TRIALS,
    seed: 1,
  };
  const reportInput = {
    deviceId: "nvidia-h100-sxm",
    vendor: "NVIDIA",
    devices: 16_384,
    devicesPerNode: 8,
    checkpointBytes: 405.8e9 * 14,
    spec: { durationDays: 54, trials: TRIALS },
    rates: ratesFor("nvidia-h100-sxm", "NVIDIA", loadReliabilityCatalog()),
  };
  const bench = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
  bench.add(`simulateRuns: ${TRIALS} trials, 54 days, 16,384 H100`, () => {
    simulateRuns(workload);
  });
  bench.add(`reliabilityReport: the same, with summary`, () => {
    reliabilityReport(reportInput);
  });
  await bench.run();
  console.table(bench.table());
  const [sim, rep] = bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== "completed") throw new Error(`bench ${t.name}: ${r.state}`);
    return r.latency.mean / 1000;
  });
  const trialsPerSecond = TRIALS / sim;
  console.log(
    `reliability Monte Carlo: ${Math.round(trialsPerSecond).toLocaleString("en-US")} trials/s; ` +
      `${TRIALS.toLocaleString("en-US")} trials of a 54-day, 16,384-device run in ${sim.toFixed(3)} s ` +
      `(full report ${rep.toFixed(3)} s; target < 5 s)`,
  );
  return { trialsPerSecond, workloadSeconds: sim, reportSeconds: rep };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchReliability();
}
