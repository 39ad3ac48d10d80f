// The report's first line: does the plan fit (or the service meet its objective), what it gives,
// and when it does not, the fix the layout search found. Formats only: the fit is the engine's
// (its issues), the fix is the search's (report-context.ts).
import type { EvalResult } from "../engine/evaluate.ts";
import { formatCount, formatMetric, formatNumber } from "./format.ts";
import type { ReportContext, ReportFix } from "./report-context.ts";

export interface Verdict {
  /** fits / meets its objective */
  ok: boolean;
  line: string;
}

const layoutText = (p: NonNullable<ReportFix["plan"]>["parallel"]) =>
  `tp ${p.tp} · pp ${p.pp} · dp ${p.dp}${p.cp > 1 ? ` · cp ${p.cp}` : ""}${p.ep > 1 ? ` · ep ${p.ep}` : ""}${p.vpp > 1 ? ` · vpp ${p.vpp}` : ""}, micro-batch ${p.microBatch}, ${p.schedule}, recompute ${p.recompute}, ZeRO ${p.zero}`;

/** The fix in a sentence. */
export function fixLine(fix: ReportFix | undefined, devices: number): string {
  if (!fix) return "Fix: run the layout search (xpuplan plan) or add devices.";
  if (fix.kind === "none" || !fix.plan)
    return `No fix found by the layout search: ${fix.why ?? "nothing fits"}.`;
  const p = fix.plan;
  const what = `${layoutText(p.parallel)}, ${p.precision} (${formatNumber(p.figures.days)} days, ${formatNumber(p.figures.memoryPerDeviceGiB)} GiB per device)`;
  return fix.kind === "layout"
    ? `Fix: the layout search's best plan for the same ${formatCount(devices)} devices: ${what}.`
    : `Fix: add devices: no layout of ${formatCount(devices)} fits; ${formatCount(p.devices)} do, with ${what}.`;
}

export function verdict(r: EvalResult, c: ReportContext = {}): Verdict {
  const on = `${r.model.name} on ${formatCount(r.devices)} × ${c.deviceName ?? r.hardware}`;
  const m = r.metrics;
  if (r.kind === "train" || r.train) {
    if (!r.train || r.issues.length > 0) {
      const why = r.issues[0]?.message ?? "the plan cannot be evaluated";
      return { ok: false, line: `Does not fit: ${on}: ${why}. ${fixLine(c.fix, r.devices)}` };
    }
    const parts = [
      m.tokensPerSecondPerDevice !== undefined
        ? `${formatMetric("tokensPerSecondPerDevice", m.tokensPerSecondPerDevice)} per device`
        : undefined,
      m.mfu !== undefined ? `MFU ${formatMetric("mfu", m.mfu)}` : undefined,
      m.days !== undefined ? `${formatNumber(m.days)} days` : undefined,
      r.cost
        ? `$${formatNumber(r.cost.totalUSD.value)} with interruptions`
        : m.costUSD !== undefined
          ? `$${formatNumber(m.costUSD)}`
          : undefined,
    ].filter((x) => x !== undefined);
    return { ok: true, line: `Fits: ${on} trains at ${parts.join(", ")}.` };
  }
  if (r.kind === "infer" || r.infer) {
    if (!r.infer || r.issues.length > 0)
      return {
        ok: false,
        line: `Does not serve as set: ${on}: ${r.issues[0]?.message ?? "no serving point"}.`,
      };
    const parts = [
      m.outputTokensPerSecond !== undefined
        ? formatMetric("outputTokensPerSecond", m.outputTokensPerSecond)
        : undefined,
      m.tpotSeconds !== undefined ? `TPOT ${formatNumber(1000 * m.tpotSeconds)} ms` : undefined,
      m.ttftSeconds !== undefined ? `TTFT ${formatNumber(1000 * m.ttftSeconds)} ms` : undefined,
      m.costPerMillionTokensUSD !== undefined
        ? `$${formatNumber(m.costPerMillionTokensUSD)} per million tokens`
        : undefined,
    ].filter((x) => x !== undefined);
    return { ok: true, line: `Serves: ${on} at ${parts.join(", ")}.` };
  }
  if (r.reliability)
    return {
      ok: true,
      line: `Reliability of ${on}: ${formatNumber(r.reliability.interruptions)} interruptions expected, ${formatMetric("effectiveTrainingTimeFraction", r.reliability.effectiveTrainingTimeFraction)} effective training time.`,
    };
  return {
    ok: r.issues.length === 0,
    line: `${on}: ${formatNumber(r.model.totalParams / 1e9, 4)}B parameters${r.issues[0] ? `; ${r.issues[0].message}` : ""}.`,
  };
}
