// The reliability entry point: failure rates derived from published fleets, scaled by what the job
// holds (devices, nodes, links) -> expected interruptions with a 90% interval, the optimal
// checkpoint interval (Young 1974, Daly 2006), goodput, the break-even failure rate, the plan
// across every entry's rate range, and a seeded Monte Carlo of the completion time that draws each
// trial's rate from the range. Pure: plain data in, plain data out.
import { type Issue, issue } from "../issues.ts";
import { reliabilitySchema } from "../scenario/schema.ts";
import { breakEven } from "./break-even.ts";
import { COMPONENTS, type Component } from "./catalog-schema.ts";
import { type CountInterval, countInterval } from "./count-interval.ts";
import { DEFAULT_TRIALS } from "./defaults.ts";
import { lostWorkPerFailureSeconds } from "./goodput.ts";
import { goodputAt, type RunPhysics } from "./goodput-at.ts";
import { dalyInterval, youngInterval } from "./interval.ts";
import { jobRate } from "./job-rate.ts";
import { entryGoodput, type PlanUnits, type RatePoint } from "./range-goodput.ts";
import { reportPhysics } from "./report-physics.ts";
import type { ReliabilityInput, ReliabilityReport } from "./report-types.ts";
import { runMonteCarlo } from "./run-monte-carlo.ts";

export type {
  Assumption,
  MonteCarloSummary,
  ReliabilityInput,
  ReliabilityReport,
  ReliabilitySpecInput,
} from "./report-types.ts";

export function reliabilityReport(input: ReliabilityInput): ReliabilityReport {
  const parsed = reliabilitySchema.safeParse(input.spec);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${["reliability", ...i.path].join(".")}: ${i.message}`);
  }
  const spec = parsed.data;
  const { devices, devicesPerNode, rates } = input;
  if (!Number.isInteger(devices) || devices < 1)
    throw new Error(`devices: must be a positive integer, got ${devices}`);
  if (!Number.isInteger(devicesPerNode) || devicesPerNode < 1) {
    throw new Error(`devicesPerNode: must be a positive integer, got ${devicesPerNode}`);
  }
  if (!(input.checkpointBytes > 0))
    throw new Error(`checkpointBytes: must be > 0, got ${input.checkpointBytes}`);
  const basis = input.durationDays !== undefined ? "useful" : "calendar";
  const durationDays = input.durationDays ?? spec.durationDays;
  if (durationDays === undefined)
    throw new Error("reliability.durationDays: missing (no train estimate gives a duration)");
  if (!(durationDays > 0)) throw new Error(`durationDays: must be > 0, got ${durationDays}`);
  const nodes = Math.ceil(devices / devicesPerNode);

  const warnings: Issue[] = [];
  if (rates.isDefault) {
    warnings.push(
      issue(
        "default_used",
        ["reliability", "rates"],
        `no failure rates published for ${input.deviceId}; using catalog entry "${rates.entryId}" (${rates.scope})`,
        { severity: "warning" },
      ),
    );
  }
  const rateFigure = rates.unexpectedPerDeviceHour;
  const low = rateFigure.low ?? rateFigure.value;
  const high = rateFigure.high ?? rateFigure.value;
  if (low !== rateFigure.value || high !== rateFigure.value) {
    warnings.push(
      issue(
        "figure_is_range",
        ["reliability", "rates"],
        `failure rate of "${rates.entryId}" is a range (${low.toExponential(3)} to ${high.toExponential(3)} per device-hour)${rates.vendorClaim ? ", from vendor claims" : ""}`,
        { severity: "warning" },
      ),
    );
  }

  const phys = reportPhysics({
    spec,
    devices,
    nodes,
    checkpointBytes: input.checkpointBytes,
    scaleOutGbpsPerDevice: input.scaleOutGbpsPerDevice,
  });
  warnings.push(...phys.warnings);
  const { ckpt, restart } = phys;

  // failures: what the job holds, at the catalog value
  const mult = spec.failureRateMultiplier;
  const job = jobRate({
    perDeviceHour: rateFigure.value,
    componentShares: rates.componentShares,
    referenceDevicesPerNode: rates.referenceDevicesPerNode,
    devices,
    devicesPerNode,
    failureRateMultiplier: mult,
  });
  const plannedPerSecond = (rates.plannedPerDeviceHour.value * devices) / 3600;
  const physics: RunPhysics = {
    blockingSeconds: ckpt.blockingSeconds,
    durabilityLagSeconds: ckpt.durabilityLagSeconds,
    restartSeconds: restart.totalSeconds,
    plannedPerSecond,
    plannedCostSeconds: ckpt.saveSeconds + restart.plannedSeconds,
    scenarioIntervalMinutes: spec.checkpointIntervalMinutes,
    jobSeconds: durationDays * 86400,
  };
  const g = goodputAt(physics, job.perHour);
  const mtbf = g.mtbfSeconds;
  const fraction = g.fraction;
  const usefulDays = basis === "useful" ? durationDays : durationDays * fraction;
  const wallDays = fraction > 0 ? usefulDays / fraction : Infinity;
  const hours = wallDays * 24;
  const scale = (x: number) => (rateFigure.value > 0 ? x / rateFigure.value : 0);
  const expected = job.perHour * hours;
  const byComponent = Object.fromEntries(COMPONENTS.map((c) => [c, job.byComponent[c] * hours])) as Record<
    Component,
    number
  >;

  // the plan across its own range, across the compared entries, and its break-even rate
  const units: PlanUnits = {
    devices,
    devicesPerNode,
    failureRateMultiplier: mult,
    usefulDays,
    deadlineDays: spec.deadlineDays ?? null,
  };
  const rangeGoodput = entryGoodput(physics, units, rates);
  const comparison = (input.compare ?? []).map((r) => entryGoodput(physics, units, r));
  const breakEvenResult =
    spec.deadlineDays != null && usefulDays > 0
      ? breakEven({
          physics,
          usefulDays,
          deadlineDays: spec.deadlineDays,
          nominalJobPerHour: job.perHour,
          nominalPerDeviceHour: rateFigure.value * mult,
        })
      : null;

  // Monte Carlo, each trial drawing its rate from the range
  const rateDraw =
    low < rateFigure.value || high > rateFigure.value
      ? { lowMultiplier: scale(low), highMultiplier: scale(high) }
      : undefined;
  const { monteCarlo, monteCarloSkipped } = runMonteCarlo({
    physics,
    intervalSeconds: g.intervalSeconds,
    usefulDays,
    wallDays,
    wallDaysHigh: rangeGoodput.high.wallClockDays,
    unplannedPerHour: job.perHour,
    rateDraw,
    trials: spec.trials ?? DEFAULT_TRIALS,
    seed: spec.seed,
    deadlineDays: spec.deadlineDays,
  });

  // a calendar span counts over the span; useful work counts over its own, longer or shorter, run
  const countAt = (p: RatePoint) =>
    p.jobPerHour * (basis === "calendar" || !Number.isFinite(p.wallClockDays) ? hours : p.wallClockDays * 24);
  const share = (c: Component) => (job.perHour > 0 ? job.byComponent[c] / job.perHour : 0);
  const byComponentRange = Object.fromEntries(
    COMPONENTS.map((c) => [
      c,
      { low: share(c) * countAt(rangeGoodput.low), high: share(c) * countAt(rangeGoodput.high) },
    ]),
  ) as Record<Component, { low: number; high: number }>;
  return {
    deviceId: input.deviceId,
    devices,
    devicesPerNode,
    nodes,
    durationBasis: basis,
    rates: {
      entryId: rates.entryId,
      scope: rates.scope,
      matched: rates.matched,
      vendorClaim: rates.vendorClaim,
      isDefault: rates.isDefault,
      unexpectedPerDeviceHour: rateFigure,
      plannedPerDeviceHour: rates.plannedPerDeviceHour,
      failureRateMultiplier: mult,
      sources: rates.sources,
      jobMtbfHours: mtbf / 3600,
      basis: rates.basis,
      earlyFleetFactor: rates.earlyFleetFactor,
      componentShares: rates.componentShares,
      referenceDevicesPerNode: rates.referenceDevicesPerNode,
      observations: rates.observations,
    },
    jobRate: { perHour: job.perHour, byUnit: job.byUnit },
    interruptions: expected,
    // each end of the range at its own wall clock (a higher rate also stretches the run)
    interruptionsRange:
      rateDraw !== undefined ? { low: countAt(rangeGoodput.low), high: countAt(rangeGoodput.high) } : null,
    interruptionsInterval: intervalOf(countAt(rangeGoodput.low), expected, countAt(rangeGoodput.high)),
    plannedInterruptions: plannedPerSecond * hours * 3600,
    byComponent,
    byComponentRange,
    checkpoint: {
      bytes: input.checkpointBytes,
      storageGBps: phys.storage.gbps,
      storageBasis: phys.storage.basis,
      storagePerNodeGBps: phys.storage.perNodeGBps,
      storageCapGBps: phys.storage.capGBps,
      tier: phys.tier,
      async: phys.tier !== "sync",
      saveSeconds: ckpt.saveSeconds,
      blockingSeconds: ckpt.blockingSeconds,
      durabilityLagSeconds: ckpt.durabilityLagSeconds,
      reloadSeconds: ckpt.reloadSeconds,
    },
    restart: { ...restart, hotSpares: phys.hotSpares, spareDevices: phys.hotSpares * devicesPerNode },
    interval: {
      youngMinutes: youngInterval(ckpt.blockingSeconds, mtbf) / 60,
      dalyMinutes: dalyInterval(ckpt.blockingSeconds, mtbf) / 60,
      optimalMinutes: g.optimalSeconds / 60,
      usedMinutes: g.intervalSeconds / 60,
      chosen: g.chosen,
    },
    lostWorkPerFailureSeconds: lostWorkPerFailureSeconds(
      g.intervalSeconds,
      ckpt.durabilityLagSeconds,
      restart.totalSeconds,
    ),
    effectiveTrainingTimeFraction: fraction,
    lostDeviceHours: {
      value: devices * (wallDays - usefulDays) * 24,
      low: rangeGoodput.low.lostDeviceHours,
      high: rangeGoodput.high.lostDeviceHours,
    },
    breakEven: breakEvenResult,
    rangeGoodput,
    comparison,
    usefulDays,
    wallClockDays: wallDays,
    monteCarlo,
    monteCarloSkipped,
    assumptions: phys.assumptions,
    warnings,
  };
}

/** Poisson 90% interval over the range of expected counts (none when the job never finishes). */
function intervalOf(low: number, expected: number, high: number): CountInterval {
  const lo = Math.min(low, expected);
  const hi = Math.max(high, expected);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { low: lo, high: hi, probability: 0.9 };
  return countInterval(lo, hi);
}
