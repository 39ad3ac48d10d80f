// Metrics that restate each other for one case count once in every error statistic: a training
// case's tokens/s, step time, TFLOP/s, MFU and device-hours are one measurement seen through
// fixed factors (batch, FLOPs per token, peak, token count); a serving case's output tokens/s
// and decode tokens/s per device likewise. The first metric of a class in this order is counted.
const CLASSES: [string, string[]][] = [
  [
    "train-throughput",
    ["tokensPerSecondPerDevice", "stepTimeSeconds", "deviceHours", "tflopsPerDevice", "mfu"],
  ],
  ["serve-throughput", ["outputTokensPerSecond", "decodeTokensPerSecondPerDevice", "totalTokensPerSecond"]],
];

/** The class a metric belongs to (itself when it restates nothing). */
export function metricClass(metric: string): string {
  for (const [name, members] of CLASSES) if (members.includes(metric)) return name;
  return metric;
}

/** For each metric of one case, whether it is the one counted for its class. */
export function countedMetrics(metrics: string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const taken = new Set<string>();
  const rank = (m: string) => {
    for (const [, members] of CLASSES) {
      const i = members.indexOf(m);
      if (i >= 0) return i;
    }
    return 0;
  };
  for (const m of [...metrics].sort((a, b) => rank(a) - rank(b))) {
    const c = metricClass(m);
    out.set(m, !taken.has(c));
    taken.add(c);
  }
  return out;
}
