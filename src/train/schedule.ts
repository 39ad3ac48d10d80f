// Pipeline schedules: the time of one step's pipeline given per-stage forward/backward times,
// and how many micro-batches' activations each schedule keeps in flight.
// 1F1B: Narayanan et al. 2021 Sec. 2.2.1, bubble (p-1)/m. Interleaved: same paper Sec. 2.2.2,
// bubble (p-1)/(v·m). Zero-bubble ZB-H1: Qi et al. 2023 (arXiv 2401.10241) Sec. 3, bubble about a
// third of 1F1B's, in-flight activations as 1F1B. DualPipe: DeepSeek-V3 report Table 2, bubble
// (p/2-1)(F&B + B - 3W), two parameter copies, p+1 micro-batches of activations.
export type ScheduleKind = "1f1b" | "interleaved" | "dualpipe" | "zero-bubble";

export interface StageTimes {
  /** per device (all its virtual chunks), per micro-batch: forward and backward seconds */
  forward: number[];
  backward: number[];
  /** share of the backward that is weight-gradient work (deferrable by zero-bubble schedules) */
  weightGradFraction: number;
}

export interface ScheduleInput {
  pp: number;
  vpp: number;
  microBatches: number;
  stages: StageTimes;
}

export interface Schedule {
  /** seconds from the first forward to the last backward of the step */
  pipelineSeconds(s: ScheduleInput): number;
  /** micro-batches whose activations the first stage holds at once (per virtual chunk set) */
  inFlightMicroBatches(pp: number, vpp: number, microBatches: number): number;
  /** copies of the stage's parameters a device holds */
  parameterCopies: number;
  /** micro-batches enter from both ends: a device holds stage d of one direction and stage p-1-d of
   * the other and runs half the micro-batches through each (DualPipe) */
  mirrored?: boolean;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

function steadyAndFill(s: ScheduleInput) {
  const per = s.stages.forward.map((f, i) => f + s.stages.backward[i]);
  const slowest = max(per);
  // Fill and drain go once through every stage; the steady state runs at the slowest stage.
  const fill = sum(per) - slowest;
  return { slowest, fill, per };
}

const oneF1B: Schedule = {
  pipelineSeconds(s) {
    const { slowest, fill } = steadyAndFill(s);
    return s.microBatches * slowest + fill;
  },
  inFlightMicroBatches: (pp, _v, m) => Math.min(pp, m),
  parameterCopies: 1,
};

const interleaved: Schedule = {
  pipelineSeconds(s) {
    const { slowest, fill } = steadyAndFill(s);
    return s.microBatches * slowest + fill / Math.max(1, s.vpp);
  },
  // Megatron's interleaved schedule warms up (p-1)·2 + (v-1)·p chunks: about p·(1 + (p-1)/(p·v)) micro-batches' worth
  inFlightMicroBatches: (pp, vpp, m) => Math.min(m, pp * (1 + (pp - 1) / (pp * Math.max(1, vpp)))),
  parameterCopies: 1,
};

const zeroBubble: Schedule = {
  pipelineSeconds(s) {
    const { slowest, fill, per } = steadyAndFill(s);
    // 1F1B's bubble is (p-1)(F + B + W) with B the input-gradient and W the weight-gradient
    // pass; ZB-H1 fills it with deferred W work, leaving (p-1)(F + B - W).
    const i = per.indexOf(slowest);
    const f = s.stages.forward[i];
    const w = s.stages.weightGradFraction * s.stages.backward[i];
    const ratio = slowest > 0 ? Math.max(0, slowest - 2 * w) / slowest : 1;
    return s.microBatches * slowest + fill * Math.max(ratio, f > 0 ? 0 : 1);
  },
  inFlightMicroBatches: (pp, _v, m) => Math.min(pp, m),
  parameterCopies: 1,
};

const dualPipe: Schedule = {
  pipelineSeconds(s) {
    const per = s.stages.forward.map((f, i) => ({ f, b: s.stages.backward[i] }));
    const slowest = per.reduce((a, x) => (x.f + x.b > a.f + a.b ? x : a), { f: 0, b: 0 });
    const w = s.stages.weightGradFraction * slowest.b;
    // (p/2 - 1)(F&B + B - 3W), with F&B the overlapped forward+backward chunk.
    const bubble = Math.max(0, s.pp / 2 - 1) * Math.max(0, slowest.f + slowest.b + slowest.b - 3 * w);
    return s.microBatches * (slowest.f + slowest.b) + bubble;
  },
  inFlightMicroBatches: (pp, _v, m) => Math.min(m, pp + 1),
  parameterCopies: 2,
  mirrored: true,
};

export const SCHEDULES: Record<ScheduleKind, Schedule> = {
  "1f1b": oneF1B,
  interleaved,
  "zero-bubble": zeroBubble,
  dualpipe: dualPipe,
};
