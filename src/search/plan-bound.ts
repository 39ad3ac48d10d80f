// A lower bound on a whole group's objective from one evaluation. Every schedule's pipeline
// takes at least m micro-batches times the slowest stage (1F1B, interleaved and ZB-H1 add a
// fill, DualPipe a bubble; Narayanan et al. 2021 Sec. 2.2, Qi et al. 2023, DeepSeek-V3 Table 2),
// and a stage's time per sequence never grows with the micro-batch (kernel overheads and weight
// reads amortise; every other term is linear in tokens). So evaluating the group's largest
// micro-batch with the least recomputation bounds the step of every candidate in the group:
//   step >= (globalBatch / dp) x slowestStage(mbMax) / mbMax.
// An interleaved group holds the same layers, head and embedding as its 1F1B sibling plus more
// point-to-point sends, so the sibling's stage total without its sends, spread evenly over the
// pp devices, bounds the interleaved group's slowest device: one probe serves both.
// ZeRO does not enter the stage times. The optimizer and data-parallel terms are left out, so
// the bound only errs low. Energy follows evaluateTraining's power model (idle 30% of TDP plus
// the rest in proportion to how busy the matmul units are; the busy device-hours are the same for
// every layout, so one probe gives them).
import { jobCost } from "../economics/job-cost.ts";
import { costAxis, type Objective, objectiveValue, type PlanFigures } from "./objective.ts";
import { runTraining, type SearchContext } from "./plan-context.ts";
import type { Group } from "./plan-groups.ts";
import type { PlanLedger } from "./plan-ledger.ts";

/** Share of TDP a device draws when idle, the floor of evaluateTraining's power model. */
export const IDLE_POWER_FRACTION = 0.3;

export interface GroupBound {
  objective: number;
  point: readonly [number, number];
}

interface Probe {
  /** per-micro-batch seconds of the slowest stage, and of all stages without their sends */
  slowest: number;
  totalWithoutSends: number;
  mb: number;
  /** device-hours the job's model FLOPs take with the matmul units fully busy (a floor; see energy) */
  busyHours: number;
}

export class GroupBounds {
  private readonly probes = new Map<number, Probe | null>();

  constructor(
    private readonly ctx: SearchContext,
    private readonly ledger: PlanLedger,
    private readonly objective: Objective,
  ) {}

  /** Evaluations this bound needs that are not cached yet (0 or 1). */
  bound(g: Group): GroupBound {
    const { inp } = this.ctx;
    let seconds = 0;
    const p = this.probe(g.base ?? g);
    if (p && g.base) seconds = ((inp.train.globalBatch / g.s.dp) * p.totalWithoutSends) / g.s.pp / p.mb;
    else if (p) seconds = ((inp.train.globalBatch / g.s.dp) * p.slowest) / p.mb;
    return this.figures(g, seconds, p?.busyHours ?? 0);
  }

  private probe(g: Group): Probe | null {
    const cached = this.probes.get(g.index);
    if (cached !== undefined) return cached;
    const { ctx } = this;
    const mb = g.mbs[g.mbs.length - 1];
    const z = ctx.Z[g.byBound.findIndex((b) => !b)] ?? ctx.Z[0];
    const res = runTraining(ctx, this.ledger, {
      devices: g.devices,
      s: g.s,
      precision: g.precision,
      pipe: g.pipe,
      mb,
      r: ctx.R[0],
      z,
    });
    let probe: Probe | null = null;
    if (res.ok) {
      const st = res.report.step;
      let slowest = 0;
      let total = 0;
      for (let d = 0; d < st.stageForward.length; d++) {
        const t = st.stageForward[d] + st.stageBackward[d];
        slowest = Math.max(slowest, t);
        total += t;
      }
      // ppComm is the busiest device's sends over the step: 2 per micro-batch per virtual stage.
      const sendPerMicroBatch = st.ppComm / res.report.layout.microBatches;
      // The busy share of the power model times device-hours is the same for every layout (the
      // job's model FLOPs over the achievable matmul rate); the probe's own figure recovers it.
      const m = res.report.metrics;
      const tdp = ctx.inp.device.tdpWatts?.value;
      const busy =
        tdp && m.averagePowerWatts !== undefined
          ? (m.averagePowerWatts / tdp - IDLE_POWER_FRACTION) / (1 - IDLE_POWER_FRACTION)
          : 0;
      const busyHours = Math.min(1, Math.max(0, busy)) * (m.deviceHours ?? 0);
      probe = { slowest, totalWithoutSends: Math.max(0, total - g.s.pp * sendPerMicroBatch), mb, busyHours };
    }
    this.probes.set(g.index, probe);
    return probe;
  }

  private figures(g: Group, stepSeconds: number, busyHours: number): GroupBound {
    const ctx = this.ctx;
    const { inp } = ctx;
    const days = (stepSeconds * ctx.tokens) / (inp.train.globalBatch * inp.train.seqLen) / 86400;
    const deviceHours = days * 24 * g.devices;
    const tdp = inp.device.tdpWatts?.value;
    // power = TDP x (idle + (1 - idle) x busy), and busy x device-hours is at least busyHours
    const energyMWh = tdp
      ? (tdp *
          (IDLE_POWER_FRACTION * deviceHours +
            (1 - IDLE_POWER_FRACTION) * Math.min(deviceHours, busyHours))) /
        1e6
      : undefined;
    const f: PlanFigures = {
      days,
      deviceHours,
      // money grows with device-hours and energy, so bounds on both bound it
      costUSD: jobCost(inp.device.pricing, deviceHours, energyMWh)?.totalUSD.value,
      energyMWh,
    };
    const fraction = ctx.goodput?.fraction(g.devices);
    if (fraction !== undefined && fraction > 0) f.goodputDays = days / fraction;
    return { objective: objectiveValue(this.objective, f).value, point: [days, costAxis(f)] };
  }
}
