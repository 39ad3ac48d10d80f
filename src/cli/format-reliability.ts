// Human-readable reliability report: the published fleets the failure rate rests on, what the job
// holds that fails, expected interruptions with their interval, checkpoint and restart costs, the
// break-even failure rate and the plan across every entry's rate range (the instability question),
// and the Monte Carlo completion-time distribution drawn as a text histogram. Formats only.
import type { ReliabilityReport } from "../reliability/report.ts";

const BAR_WIDTH = 40;
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
const minutes = (s: number) => fixed(s / 60, 1);
const pct = (f: number) => `${fixed(100 * f, 1)}%`;
const sci = (x: number) => x.toExponential(2);

function bytes(n: number): string {
  for (const [unit, size] of [
    ["PB", 1e15],
    ["TB", 1e12],
    ["GB", 1e9],
    ["MB", 1e6],
  ] as const) {
    if (n >= size) return `${fixed(n / size, 2)} ${unit}`;
  }
  return `${int.format(n)} B`;
}

function seconds(s: number): string {
  if (s < 1) return `${fixed(s * 1000, 1)} ms`;
  if (s < 120) return `${fixed(s, 1)} s`;
  return `${fixed(s / 60, 1)} min`;
}

const phase = (s: number | null) => (s === null ? "?" : seconds(s));

function rateLines(r: ReliabilityReport): string[] {
  const rt = r.rates;
  const f = rt.unexpectedPerDeviceHour;
  const tags = [
    rt.vendorClaim ? "VENDOR CLAIM" : null,
    rt.isDefault ? "DEFAULT: no figures published for this kind" : null,
  ].filter((t) => t !== null);
  const where = rt.matched ? `${rt.scope}, matched ${rt.matched}` : rt.scope;
  const range =
    f.low !== undefined || f.high !== undefined
      ? ` (range ${(f.low ?? f.value).toExponential(3)} to ${(f.high ?? f.value).toExponential(3)})`
      : "";
  const mult = rt.failureRateMultiplier !== 1 ? ` x ${rt.failureRateMultiplier} (scenario multiplier)` : "";
  const lines = [
    `Failure rate: catalog entry "${rt.entryId}" (${where}), ${rt.basis}, confidence ${f.confidence}${tags.length ? ` [${tags.join("; ")}]` : ""}`,
    `  ${f.value.toExponential(3)} unplanned interruptions per device-hour${range}${mult} -> job MTBF ${fixed(rt.jobMtbfHours, 2)} h`,
  ];
  if (f.note) lines.push(`  how: ${f.note}`);
  if (rt.earlyFleetFactor !== null) {
    lines.push(
      `  early fleet: high end x ${rt.earlyFleetFactor} (first large fleets of a generation fail more)`,
    );
  }
  lines.push("  published fleets (* sets the value; range per device-hour, all causes at the top):");
  for (const o of rt.observations) {
    const size =
      o.kind === "count"
        ? `${int.format(o.devices ?? 0)} dev x ${fixed(o.days ?? 0, 0)} d: ${fixed(o.interruptions ?? 0, 0)}`
        : "vendor bound";
    const hi = o.highAllCauses > o.high ? `${sci(o.high)} (${sci(o.highAllCauses)})` : sci(o.high);
    lines.push(
      `   ${o.inValue ? "*" : " "} ${o.id.padEnd(22)} ${size.padEnd(28)} ${sci(o.perDeviceHour)} [${sci(o.low)}-${hi}] ${o.confidence}, ${o.fleet}`,
    );
  }
  for (const [id, s] of Object.entries(rt.sources))
    lines.push(`  source ${id}: ${s.title}${s.url ? ` <${s.url}>` : ""}`);
  return lines;
}

function instabilityLines(r: ReliabilityReport): string[] {
  const lines: string[] = [];
  const be = r.breakEven;
  const f = r.rates.unexpectedPerDeviceHour;
  if (be) {
    if (be.status === "found" && be.perDeviceHour !== null && be.multiplier !== null) {
      const lo = f.low ?? f.value;
      const hi = f.high ?? f.value;
      const where =
        be.perDeviceHour < lo
          ? "BELOW the catalog range: expected to miss"
          : be.perDeviceHour > hi
            ? "above the catalog range: meets it across the range"
            : "INSIDE the catalog range";
      lines.push(
        `Break-even: the ${fixed(be.deadlineDays, 1)}-day deadline is missed above ${be.perDeviceHour.toExponential(3)} per device-hour (x ${fixed(be.multiplier, 2)} the value; job MTBF ${fixed(be.jobMtbfHours ?? 0, 2)} h), ${where}`,
      );
    } else if (be.status === "misses-at-any-rate") {
      lines.push(`Break-even: the ${fixed(be.deadlineDays, 1)}-day deadline is missed even without failures`);
    } else {
      lines.push(
        `Break-even: the ${fixed(be.deadlineDays, 1)}-day deadline is met at any failure rate searched`,
      );
    }
  } else {
    lines.push("Break-even: give reliability.deadlineDays for the failure rate at which the plan misses it");
  }
  const rows = [r.rangeGoodput, ...r.comparison.filter((c) => c.entryId !== r.rangeGoodput.entryId)];
  lines.push(
    "This plan across each entry's failure-rate range (low / value / high rate -> goodput, wall-clock days):",
  );
  const w = Math.max(...rows.map((x) => x.entryId.length));
  for (const x of rows) {
    const days = [x.low, x.value, x.high].map((p) => fixed(p.wallClockDays, 1)).join(" / ");
    const good = [x.low, x.value, x.high].map((p) => pct(p.effectiveTrainingTimeFraction)).join(" / ");
    const miss =
      x.high.meetsDeadline === null
        ? ""
        : x.high.meetsDeadline
          ? "  meets deadline"
          : x.value.meetsDeadline
            ? "  misses at high"
            : x.low.meetsDeadline
              ? "  misses at value"
              : "  misses";
    lines.push(
      `  ${x.entryId.padEnd(w)} ${sci(x.low.perDeviceHour)} / ${sci(x.value.perDeviceHour)} / ${sci(x.high.perDeviceHour)}  ${good}  ${days} d${miss}${x.vendorClaim ? "  [vendor claim]" : ""}`,
    );
  }
  const lost = r.lostDeviceHours;
  lines.push(
    `Device-hours lost to checkpoints, restarts and rework: ${int.format(lost.value)} (${int.format(lost.low)} to ${int.format(lost.high)} across the range)`,
  );
  return lines;
}

function histogramLines(r: ReliabilityReport): string[] {
  const mc = r.monteCarlo;
  if (!mc) return [`Monte Carlo: skipped (${r.monteCarloSkipped})`];
  const deadline =
    mc.probabilityByDeadline === null
      ? ""
      : `, P(finish <= ${fixed(mc.deadlineDays!, 1)} d) = ${pct(mc.probabilityByDeadline)}`;
  const lines = [
    `Monte Carlo (${int.format(mc.trials)} trials, seed ${mc.seed}${mc.rateDrawn ? ", each drawing its failure rate from the range" : ""}): completion time in days`,
    `  mean ${fixed(mc.meanDays, 2)}, P50 ${fixed(mc.p50Days, 2)}, P90 ${fixed(mc.p90Days, 2)}, min ${fixed(mc.minDays, 2)}, max ${fixed(mc.maxDays, 2)}${deadline}`,
    `  interruptions per run: mean ${fixed(mc.meanInterruptions, 1)}, 5-95% ${fixed(mc.interruptionsP05, 0)}-${fixed(mc.interruptionsP95, 0)}${mc.censored ? `; ${mc.censored} trials never finished` : ""}`,
  ];
  const max = Math.max(...mc.histogram.map((b) => b.count));
  const labels = mc.histogram.map((b) => `${fixed(b.lowDays, 2)}-${fixed(b.highDays, 2)}`);
  const width = Math.max(...labels.map((l) => l.length));
  const countWidth = int.format(max).length;
  mc.histogram.forEach((b, i) => {
    const bar = "#".repeat(max > 0 ? Math.round((BAR_WIDTH * b.count) / max) : 0);
    const marker =
      mc.deadlineDays !== null && b.lowDays <= mc.deadlineDays && mc.deadlineDays < b.highDays
        ? " <- deadline"
        : "";
    lines.push(
      `  ${labels[i].padStart(width)} | ${bar.padEnd(BAR_WIDTH)} ${int.format(b.count).padStart(countWidth)}${marker}`,
    );
  });
  return lines;
}

export function formatReliability(r: ReliabilityReport): string {
  const span =
    r.durationBasis === "useful"
      ? `${fixed(r.usefulDays, 1)} days of useful training`
      : `a ${fixed(r.wallClockDays, 1)}-day calendar span`;
  const ck = r.checkpoint;
  const rs = r.restart;
  const iv = r.interval;
  const u = r.jobRate.byUnit;
  const ci = r.interruptionsInterval;
  const lines = [
    `Reliability: ${int.format(r.devices)} x ${r.deviceId} (${int.format(r.nodes)} nodes of ${r.devicesPerNode}), ${span}`,
    ...rateLines(r),
    `What fails: ${fixed(r.jobRate.perHour, 3)} interruptions/h = devices ${fixed(u.devices, 3)} + hosts ${fixed(u.nodes, 3)} + links ${fixed(u.links, 3)} (host faults per node, measured on nodes of ${r.rates.referenceDevicesPerNode})`,
    "",
    `Expected interruptions over ${fixed(r.wallClockDays, 1)} wall-clock days: ${fixed(r.interruptions, 1)} unplanned, 90% interval ${int.format(ci.low)}-${int.format(ci.high)}` +
      (r.interruptionsRange
        ? ` (rate range ${fixed(r.interruptionsRange.low, 0)} to ${fixed(r.interruptionsRange.high, 0)}, Poisson around it)`
        : " (Poisson)") +
      `, ${fixed(r.plannedInterruptions, 1)} planned`,
  ];
  const comps = Object.entries(r.byComponent);
  const maxComp = Math.max(...comps.map(([, n]) => n));
  const nameWidth = Math.max(...comps.map(([c]) => c.length));
  for (const [c, n] of comps) {
    const bar = "#".repeat(maxComp > 0 ? Math.round((20 * n) / maxComp) : 0);
    const rg = r.byComponentRange[c as keyof typeof r.byComponentRange];
    const span = r.interruptionsRange ? `  (${fixed(rg.low, 1)}-${fixed(rg.high, 1)})` : "";
    lines.push(`  ${c.padEnd(nameWidth)} ${fixed(n, 1).padStart(8)}  ${bar.padEnd(20)}${span}`);
  }
  const storage =
    ck.storageBasis === "scenario"
      ? `storage ${int.format(ck.storageGBps)} GB/s (scenario)`
      : `storage ${int.format(ck.storageGBps)} GB/s (${int.format(r.nodes)} nodes x ${ck.storagePerNodeGBps} GB/s${ck.storageBasis === "capped" ? `, capped at ${int.format(ck.storageCapGBps)}` : ""})`;
  const tier = { sync: "synchronous", async: "asynchronous", memory: "in-memory (peer replica)" }[ck.tier];
  lines.push(
    "",
    `Checkpoint: ${bytes(ck.bytes)}, ${tier}, ${storage} -> ` +
      `save ${seconds(ck.saveSeconds)}, training blocked ${seconds(ck.blockingSeconds)}` +
      (ck.async ? `, durable ${seconds(ck.durabilityLagSeconds)} later` : "") +
      `, reload ${seconds(ck.reloadSeconds)}`,
    rs.overridden
      ? `Restart: ${minutes(rs.totalSeconds)} min (scenario restartMinutes)`
      : `Restart: ${minutes(rs.totalSeconds)} min = detect ${phase(rs.detectSeconds)} + ${rs.hotSpares > 0 ? "swap to hot spare" : "reschedule"} ${phase(rs.rescheduleSeconds)} + reload ${phase(rs.reloadSeconds)} + warm-up ${phase(rs.warmupSeconds)}`,
  );
  if (rs.hotSpares > 0)
    lines.push(`  hot spares: ${rs.hotSpares} nodes (${int.format(rs.spareDevices)} devices held idle)`);
  lines.push(
    `Checkpoint interval: ${fixed(iv.usedMinutes, 1)} min (${iv.chosen}); Young ${fixed(iv.youngMinutes, 1)}, Daly ${fixed(iv.dalyMinutes, 1)}, exact optimum ${fixed(iv.optimalMinutes, 1)} min`,
    `Lost per interruption: ${minutes(r.lostWorkPerFailureSeconds)} min (half an interval of rework${ck.async ? " + durability lag" : ""} + restart)`,
    `Effective training time: ${pct(r.effectiveTrainingTimeFraction)} -> ${fixed(r.usefulDays, 1)} useful days in ${fixed(r.wallClockDays, 1)} wall-clock days`,
    "",
    ...instabilityLines(r),
    "",
    ...histogramLines(r),
  );
  if (r.assumptions.length) {
    lines.push("", "Assumptions:");
    for (const a of r.assumptions) {
      lines.push(`  ${a.name} = ${a.value} ${a.unit} (${a.confidence}): ${a.source}`);
    }
  }
  if (r.warnings.length) {
    lines.push("", "Warnings:");
    for (const w of r.warnings) lines.push(`  ${w.code}: ${w.message}`);
  }
  return `${lines.join("\n")}\n`;
}
