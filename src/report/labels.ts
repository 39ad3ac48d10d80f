// Human names and units for the engine's keys, shared by the reports and the web page: the table
// below for the headline metrics, and for any other key (a metric another part of the engine adds
// later) its camelCase spelled out, its unit suffix read as a unit. A reader never sees a raw key.

export interface MetricInfo {
  label: string;
  unit: string;
  /** shown as a percentage of 1 */
  fraction?: boolean;
}

export const METRICS: Record<string, MetricInfo> = {
  tokensPerSecondPerDevice: { label: "Training tokens/s per device", unit: "tokens/s" },
  stepTimeSeconds: { label: "Step time", unit: "s" },
  tflopsPerDevice: { label: "Model TFLOP/s per device", unit: "TFLOP/s" },
  mfu: { label: "MFU", unit: "%", fraction: true },
  memoryPerDeviceGiB: { label: "Memory per device (peak)", unit: "GiB" },
  flopsPerStep: { label: "FLOPs per step", unit: "FLOP" },
  deviceHours: { label: "Device-hours", unit: "h" },
  days: { label: "Wall-clock days", unit: "days" },
  energyMWh: { label: "Energy", unit: "MWh" },
  costUSD: { label: "Cost", unit: "USD" },
  tcoUSD: { label: "Cost with interruptions", unit: "USD" },
  averagePowerWatts: { label: "Average power per device", unit: "W" },
  prefillTokensPerSecondPerDevice: { label: "Prefill tokens/s per device", unit: "tokens/s" },
  decodeTokensPerSecondPerDevice: { label: "Decode tokens/s per device", unit: "tokens/s" },
  outputTokensPerSecond: { label: "Output tokens/s (system)", unit: "tokens/s" },
  ttftSeconds: { label: "Time to first token", unit: "s" },
  tpotSeconds: { label: "Time per output token", unit: "s" },
  costPerMillionTokensUSD: { label: "Cost per million output tokens", unit: "USD" },
  batch: { label: "Batch per device", unit: "" },
  interruptions: { label: "Expected interruptions", unit: "" },
  effectiveTrainingTimeFraction: { label: "Effective training time", unit: "%", fraction: true },
  wallClockDays: { label: "Wall-clock days with failures", unit: "days" },
  p50Days: { label: "Median completion (Monte Carlo)", unit: "days" },
  p90Days: { label: "90th percentile completion (Monte Carlo)", unit: "days" },
};

const WORDS: Record<string, string> = {
  ttft: "TTFT",
  tpot: "TPOT",
  mfu: "MFU",
  kv: "KV",
  tco: "TCO",
  e2e: "end-to-end",
  mtbf: "MTBF",
  hbm: "HBM",
  gpu: "GPU",
  npu: "NPU",
  rl: "RL",
  sft: "SFT",
  lora: "LoRA",
  tp: "TP",
  pp: "PP",
  dp: "DP",
  ep: "EP",
  cp: "CP",
  p50: "p50",
  p90: "p90",
  p99: "p99",
  posttrain: "post-training:",
};

/** Words whose case is their meaning (bytes or bits per second). */
const CASED: Record<string, string> = { GBps: "GB/s", Gbps: "Gb/s", GiB: "GiB", GB: "GB", TB: "TB" };

/** Unit suffixes of the engine's names (DESIGN.md: units in names), longest first: [suffix, what
 * the label gets, unit, a fraction shown as %]. */
const SUFFIXES: [string, string, string, boolean?][] = [
  ["TokensPerSecondPerDevice", "tokens per second per device", "tokens/s"],
  ["TokensPerSecond", "tokens per second", "tokens/s"],
  ["PerSecond", "per second", "/s"],
  ["Seconds", "", "s"],
  ["Minutes", "", "min"],
  ["Hours", "", "h"],
  ["Days", "", "days"],
  ["Ms", "", "ms"],
  ["GBps", "", "GB/s"],
  ["Gbps", "", "Gb/s"],
  ["GiB", "", "GiB"],
  ["GB", "", "GB"],
  ["Bytes", "", "bytes"],
  ["USD", "", "USD"],
  ["MWh", "", "MWh"],
  ["Watts", "", "W"],
  ["Fraction", "", "%", true],
  ["Share", "", "%", true],
];

const sentence = (words: string[]) => {
  const text = words.filter((w) => w !== "").join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** "ttftP99Seconds" -> {label: "TTFT p99", unit: "s"}; "posttrain.stepTimeSeconds" -> "Post-training:
 * step time". */
export function spellOut(key: string): MetricInfo {
  const parts = key.split(".");
  const last = parts.pop() ?? key;
  const prefix = parts.map((w) => WORDS[w.toLowerCase()] ?? w);
  const known = METRICS[last];
  if (known) {
    // "Step time" -> "step time", but "MFU" stays "MFU"
    const own = /^[A-Z][a-z]/.test(known.label)
      ? known.label.charAt(0).toLowerCase() + known.label.slice(1)
      : known.label;
    const label = prefix.length > 0 ? sentence([...prefix, own]) : known.label;
    return { ...known, label };
  }
  let stem = last;
  let tail = "";
  let unit = "";
  let fraction = false;
  for (const [suffix, words, u, f] of SUFFIXES) {
    if (stem.length > suffix.length && stem.endsWith(suffix)) {
      stem = stem.slice(0, -suffix.length);
      tail = words;
      unit = u;
      fraction = f === true;
      break;
    }
  }
  const words = stem
    .split(/(?<=[a-z0-9])(?=[A-Z])|_/)
    .filter((w) => w !== "")
    .map((w) => CASED[w] ?? WORDS[w.toLowerCase()] ?? w.toLowerCase());
  return { label: sentence([...prefix, ...words, tail]), unit, ...(fraction ? { fraction } : {}) };
}

export const metricInfo = (name: string): MetricInfo => METRICS[name] ?? spellOut(name);
