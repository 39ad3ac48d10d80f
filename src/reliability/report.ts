// The reliability entry point: catalog failure rates + checkpoint and restart physics -> expected
// interruptions, optimal interval (Young 1974, Daly 2006), goodput and a seeded Monte Carlo of the
// completion time. Pure: plain data in, plain data out.
import { type Issue, issue } from "../issues.ts";
import { reliabilitySchema } from "../scenario/schema.ts";
import { COMPONENTS, type Component } from "./catalog-schema.ts";
import { checkpointCost } from "./checkpoint.ts";
import {
  DEFAULT_HISTOGRAM_BINS,
  DEFAULT_TRIALS,
  RELIABILITY_DEFAULTS,
  type ReliabilityDefaultName,
} from "./defaults.ts";
import {
  effectiveTrainingTimeFraction,
  expectedInterruptions,
  jobMtbfSeconds,
  lostWorkPerFailureSeconds,
  wallClockDays,
} from "./goodput.ts";
import { chooseInterval, dalyInterval, exactOptimalInterval, youngInterval } from "./interval.ts";
import { simulateRuns } from "./montecarlo.ts";
import type { Assumption, MonteCarloSummary, ReliabilityInput, ReliabilityReport } from "./report-types.ts";
import { restartCost } from "./restart.ts";
import { summarizeCompletion } from "./summary.ts";

export type {
  Assumption,
  MonteCarloSummary,
  ReliabilityInput,
  ReliabilityReport,
  ReliabilitySpecInput,
} from "./report-types.ts";

/** Above this many simulated events in all, the Monte Carlo is skipped (the analytic figures stand). */
const MONTE_CARLO_EVENT_BUDGET = 5e7;

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

  const warnings: Issue[] = [];
  const assumptions: Assumption[] = [];
  /** The scenario's value if given, else the sourced default; either way listed in `assumptions`. */
  const assume = (name: ReliabilityDefaultName, given?: number): number => {
    const d = RELIABILITY_DEFAULTS[name];
    if (given !== undefined) {
      assumptions.push({ name, value: given, unit: d.unit, source: "scenario", confidence: "scenario" });
      return given;
    }
    assumptions.push({ name, value: d.value, unit: d.unit, source: d.source, confidence: d.confidence });
    return d.value;
  };

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
  if (rateFigure.low !== undefined || rateFigure.high !== undefined) {
    warnings.push(
      issue(
        "figure_is_range",
        ["reliability", "rates"],
        `failure rate of "${rates.entryId}" is a range (${(rateFigure.low ?? rateFigure.value).toExponential(3)} to ${(rateFigure.high ?? rateFigure.value).toExponential(3)} per device-hour)${rates.vendorClaim ? ", from a vendor claim" : ""}`,
        { severity: "warning" },
      ),
    );
  }

  // checkpoint and restart physics
  const asyncCheckpoint = spec.asyncCheckpoint ?? false;
  const storageBps = assume("storageGBps", spec.storageGBps) * 1e9;
  const hostCopyBps = asyncCheckpoint
    ? assume("hostCopyGBps") * 1e9
    : RELIABILITY_DEFAULTS.hostCopyGBps.value * 1e9;
  const ckpt = checkpointCost({
    checkpointBytes: input.checkpointBytes,
    devices,
    storageBytesPerSecond: storageBps,
    hostCopyBytesPerSecond: hostCopyBps,
    async: asyncCheckpoint,
  });
  const hotSpares = spec.hotSpares ?? 0;
  const override = spec.restartMinutes ?? undefined;
  // restart phases count as assumptions only when the scenario does not give the whole restart
  const phase = (name: ReliabilityDefaultName, used = true) =>
    override === undefined && used ? assume(name) : RELIABILITY_DEFAULTS[name].value;
  const restart = restartCost({
    detectSeconds: phase("detectSeconds"),
    rescheduleSeconds: phase("rescheduleSeconds", hotSpares === 0),
    spareSwapSeconds: phase("spareSwapSeconds", hotSpares >= 1),
    reloadSeconds: ckpt.reloadSeconds,
    warmupSeconds: phase("warmupSeconds"),
    hotSpares,
    overrideSeconds: override === undefined ? undefined : override * 60,
  });
  if (override !== undefined) {
    assumptions.push({
      name: "restartMinutes",
      value: override,
      unit: "min",
      source: "scenario",
      confidence: "scenario",
    });
  } else {
    warnings.push(
      issue(
        "default_used",
        ["reliability", "restartMinutes"],
        `restart time not given; composed from sourced defaults: ${(restart.totalSeconds / 60).toFixed(1)} min`,
        { severity: "warning" },
      ),
    );
  }
  if (spec.storageGBps === undefined) {
    warnings.push(
      issue(
        "default_used",
        ["reliability", "storageGBps"],
        `storage bandwidth not given; assumed ${RELIABILITY_DEFAULTS.storageGBps.value} GB/s aggregate (Llama 3 Tectonic, sustained)`,
        { severity: "warning" },
      ),
    );
  }

  // failures
  const mult = spec.failureRateMultiplier;
  const mtbf = jobMtbfSeconds(rateFigure.value, devices, mult);
  const plannedPerSecond = (rates.plannedPerDeviceHour.value * devices) / 3600;
  const plannedCost = ckpt.saveSeconds + restart.plannedSeconds;

  // checkpoint interval
  const lag = ckpt.durabilityLagSeconds;
  const young = youngInterval(ckpt.blockingSeconds, mtbf);
  const daly = dalyInterval(ckpt.blockingSeconds, mtbf);
  const optimal = exactOptimalInterval(ckpt.blockingSeconds, mtbf);
  const { seconds: interval, chosen } = chooseInterval({
    optimalSeconds: optimal,
    scenarioMinutes: spec.checkpointIntervalMinutes,
    jobSeconds: durationDays * 86400,
    lagSeconds: lag,
  });

  const fraction = effectiveTrainingTimeFraction({
    intervalSeconds: interval,
    blockingSeconds: ckpt.blockingSeconds,
    durabilityLagSeconds: lag,
    restartSeconds: restart.totalSeconds,
    mtbfSeconds: mtbf,
    plannedPerSecond,
    plannedCostSeconds: plannedCost,
  });
  const usefulDays = basis === "useful" ? durationDays : durationDays * fraction;
  const wallDays = basis === "useful" ? wallClockDays(durationDays, fraction) : durationDays;
  const hours = wallDays * 24;
  const at = (rate: number) => expectedInterruptions(rate, devices, hours, mult);
  const byComponent = Object.fromEntries(
    COMPONENTS.map((c) => [c, at(rates.componentsPerDeviceHour[c])]),
  ) as Record<Component, number>;

  // Monte Carlo
  const trials = spec.trials ?? DEFAULT_TRIALS;
  const expectedEvents = (1 / mtbf + plannedPerSecond) * wallDays * 86400 * trials;
  let monteCarlo: MonteCarloSummary | null = null;
  let monteCarloSkipped: string | null = null;
  if (!(usefulDays > 0) || !Number.isFinite(wallDays)) {
    monteCarloSkipped = "goodput is zero: the job does not finish";
  } else if (expectedEvents > MONTE_CARLO_EVENT_BUDGET) {
    monteCarloSkipped = `about ${expectedEvents.toExponential(1)} simulated interruptions in ${trials} trials exceed the budget of ${MONTE_CARLO_EVENT_BUDGET.toExponential(0)}; the analytic figures stand`;
  } else {
    const runs = simulateRuns({
      usefulSeconds: usefulDays * 86400,
      intervalSeconds: interval,
      blockingSeconds: ckpt.blockingSeconds,
      durabilityLagSeconds: lag,
      restartSeconds: restart.totalSeconds,
      unplannedPerSecond: Number.isFinite(mtbf) ? 1 / mtbf : 0,
      plannedPerSecond,
      plannedCostSeconds: plannedCost,
      trials,
      seed: spec.seed,
    });
    let sum = 0;
    for (let i = 0; i < trials; i++) sum += runs.interruptions[i];
    monteCarlo = {
      seed: spec.seed,
      meanInterruptions: sum / trials,
      ...summarizeCompletion(runs.completionSeconds, {
        deadlineDays: spec.deadlineDays,
        bins: DEFAULT_HISTOGRAM_BINS,
      }),
    };
  }

  return {
    deviceId: input.deviceId,
    devices,
    devicesPerNode,
    nodes: Math.ceil(devices / devicesPerNode),
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
    },
    interruptions: at(rateFigure.value),
    interruptionsRange:
      rateFigure.low !== undefined || rateFigure.high !== undefined
        ? { low: at(rateFigure.low ?? rateFigure.value), high: at(rateFigure.high ?? rateFigure.value) }
        : null,
    plannedInterruptions: rates.plannedPerDeviceHour.value * devices * hours,
    byComponent,
    checkpoint: {
      bytes: input.checkpointBytes,
      storageGBps: storageBps / 1e9,
      async: asyncCheckpoint,
      saveSeconds: ckpt.saveSeconds,
      blockingSeconds: ckpt.blockingSeconds,
      durabilityLagSeconds: lag,
      reloadSeconds: ckpt.reloadSeconds,
    },
    restart: { ...restart, hotSpares, spareDevices: hotSpares * devicesPerNode },
    interval: {
      youngMinutes: young / 60,
      dalyMinutes: daly / 60,
      optimalMinutes: optimal / 60,
      usedMinutes: interval / 60,
      chosen,
    },
    lostWorkPerFailureSeconds: lostWorkPerFailureSeconds(interval, lag, restart.totalSeconds),
    effectiveTrainingTimeFraction: fraction,
    usefulDays,
    wallClockDays: wallDays,
    monteCarlo,
    monteCarloSkipped,
    assumptions,
    warnings,
  };
}
