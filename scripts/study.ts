// Regenerates docs/study-deepseek-v3-ascend-vs-nvidia.md: runs every command the study shows
// (the CLI, as a user would), puts its output in the text and takes every number the prose
// quotes from the same run's --json output. The engine's figures move as the model improves;
// rerun this (`npm run study`) and the study follows.
//
//   npx tsx scripts/study.ts [--check]    (--check: fail if the committed study is stale)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const OUT = fileURLToPath(new URL("../docs/study-deepseek-v3-ascend-vs-nvidia.md", import.meta.url));

/** One CLI run: its text (what the study shows) and, with --json, its data (what the prose quotes). */
function xpuplan(args: string[]): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // exit 3 is a plan that reports an issue (e.g. a layout over the memory): its output is still the answer
  if (r.status !== 0 && r.status !== 3)
    throw new Error(`xpuplan ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.trimEnd();
}
const json = (args: string[]) => JSON.parse(xpuplan([...args, "--json"]));
const shown = (args: string[]) => `\`\`\`\n$ npx xpuplan ${args.join(" ")}\n${xpuplan(args)}\n\`\`\``;

const usd = (x: number) =>
  Math.abs(x) >= 1e6
    ? `$${(x / 1e6).toFixed(2)}M`
    : Math.abs(x) >= 1e3
      ? `$${(x / 1e3).toFixed(0)}k`
      : `$${x.toFixed(2)}`;
const num = (x: number, d = 1) =>
  x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
type Span = { value: number; low: number; high: number };
const range = (s: Span) => `${usd(s.value)} (${usd(s.low)} to ${usd(s.high)})`;

function main() {
  const check = process.argv.includes("--check");
  const compareArgs = [
    "compare",
    "docs/study/pretrain.yaml",
    "--devices",
    "nvidia-h800-sxm:2048,huawei-ascend-910c:4096",
  ];
  const cmp = json(compareArgs);
  const [h800, c910] = cmp.rows;
  const rentArgs = [
    "compare",
    "docs/study/pretrain-rent.yaml",
    "--devices",
    "nvidia-h800-sxm:2048,huawei-ascend-910c:4096",
  ];
  const rent = json(rentArgs);
  const portArgs = ["port", "examples/deepseek-v3-h800.yaml", "--to", "huawei-ascend-910c"];
  const port = json(portArgs);
  const portH20Args = ["port", "examples/deepseek-v3-h800.yaml", "--to", "nvidia-h20"];
  const portH20 = json(portH20Args);
  const serveH20Args = ["plan", "docs/study/serve-h20.yaml", "--emit", "vllm"];
  const serveH20 = json(serveH20Args);
  const serve910Args = ["plan", "docs/study/serve-910c.yaml", "--emit", "mindie"];
  const serve910 = json(serve910Args);
  const msArgs = ["plan", "docs/study/pretrain-910c.yaml", "--top", "1", "--emit", "mindspeed"];
  const mgArgs = ["plan", "docs/study/pretrain.yaml", "--top", "1", "--emit", "megatron"];
  const mega = json(mgArgs);

  const rel = (r: typeof h800) => r.reliability;
  const irange = (r: typeof h800) =>
    rel(r).interruptionsRange
      ? `${num(rel(r).interruptionsRange.low, 0)} to ${num(rel(r).interruptionsRange.high, 0)}`
      : "a point estimate: one measured rate";
  const slow = (p: typeof port) => p.findings.find((f: { code: string }) => f.code === "slower_on_target");
  const mem = (p: typeof port) => p.findings.find((f: { code: string }) => f.code === "hbm_overflow");
  const best = (s: typeof serveH20) => s.plan.best;
  const rentH800 = rent.rows[0];
  const rent910 = rent.rows[1];

  const text = `# Study: a DeepSeek-V3-class model on Ascend 910C or NVIDIA H800, served on H20 or 910C

This study answers a strategist's question with the tool's own commands: pre-train a
DeepSeek-V3-class model (671B-parameter MoE with MLA and MTP, 14.8T tokens) on 4,096 Ascend 910C
or on 2,048 NVIDIA H800, then serve it on H20 or on 910C. How long, at what total cost, with how
many interruptions, what does the move from one to the other cost, and with which engine
settings? Every number below is printed by a command shown next to it;
\`npm run study\` reruns all of them and rewrites this file (the engine's accuracy model is
being improved, so the numbers move; the method does not).

Money is total cost of ownership from \`catalog/prices.yaml\`: each device's purchase price
(servers or cluster included where the source says so) amortised straight-line over 5 years
(4 to 6), plus energy (board power from the model's power curve, node overhead, PUE 1.3 with a
1.1 to 1.58 range, US industrial electricity), plus the work interruptions lose. The 910C's price
is a rumor-grade figure (a CloudMatrix384 at about $8M); the H800's is the Chinese dealer price of
an H100-class 8-GPU server (no H800-only quote was found). Every range below carries those
uncertainties through. A scenario's \`costs:\` block replaces any of them with your own numbers.

## 1. Pre-training: 2,048 H800 against 4,096 Ascend 910C

Each device kind gets the same plan search \`xpuplan plan\` runs, at its best legal precision
(the scenario leaves \`train.precision\` open): the H800 plans in ${h800.precision}, the 910C,
which has no FP8 matmul, in ${c910.precision}.

${shown(compareArgs)}

- **Days.** The H800 plan takes ${num(h800.days)} days of training, ${num(rel(h800).wallClockDays)} with
  failures; the 910C plan ${num(c910.days)} days (${num(c910.interval.days[0])} to ${num(c910.interval.days[1])}
  over the ranges of its figures), ${num(rel(c910).wallClockDays)} with failures. Twice the devices buy
  ${num(h800.days / c910.days, 2)}x the speed.
- **Utilisation.** MFU ${pct(h800.mfu)} of the H800's ${h800.precision} peak against ${pct(c910.mfu)} of the
  910C's ${c910.precision} peak: the percentages are of different peaks, and say so. Read the 910C
  figure as optimistic: the published MoE evidence on Ascend is 30% MFU for Pangu Ultra MoE (718B)
  on 6K NPUs and a claimed 41% on CloudMatrix384 (arXiv 2505.04519; \`data/hardware.md\`), and
  Ascend MoE training is where this tool's validation error is largest (README, Validation).
- **Interruptions.** ${num(rel(h800).interruptions, 0)} expected on the H800 fleet (${irange(h800)}),
  ${num(rel(c910).interruptions, 0)} on the 910C fleet (${irange(c910)}): the Ascend rate is a range of
  vendor claims, and the range is kept.
- **Total cost.** ${range(h800.cost.totalUSD)} on the H800 against ${range(c910.cost.totalUSD)} on the
  910C. Of that, energy is ${usd(h800.cost.energyUSD.value)} against ${usd(c910.cost.energyUSD.value)} (the 910C
  fleet draws more: twice the devices and CloudMatrix's optics), and lost work
  ${usd(h800.cost.interruptionUSD.value)} against ${usd(c910.cost.interruptionUSD.value)}.

Rented instead of bought (\`costs.basis: rental\`: the catalog's rental quotes, from the Chinese
market's 8-GPU server-months to the $2 per GPU-hour the V3 report assumes), the H800 job costs
${rentH800.costUSD !== undefined ? range(rentH800.cost.totalUSD) : "nothing the catalog can price"}, and the 910C
${rent910.costUSD !== undefined ? `costs ${usd(rent910.costUSD)}` : "has no rental quote: the output says so and shows the `costs:` block that would give one"}:

${shown(rentArgs)}

## 2. Moving DeepSeek-V3's own H800 layout

\`examples/deepseek-v3-h800.yaml\` is the layout of the V3 report (pp 16, ep 64, DualPipe, FP8 with block
scaling, DeepEP, its recompute and FP8-cache choices).
\`port\` evaluates it unchanged on the target, searches the target's own plan, and prices the move:

${shown(portArgs)}

On the 910C the same layout runs in bf16 at ${num(port.sameOnTarget.memoryGiB)} GiB per device and
${slow(port) ? `${num(slow(port).number, 2)}x the step time` : "about the same step time"}; the 910C's own plan
takes ${num(port.bestOnTarget.days)} days against the source's ${num(port.source.days)}, a move of
${port.move.days >= 0 ? "+" : ""}${num(port.move.days)} days and ${port.move.costUSD >= 0 ? "+" : "-"}${usd(Math.abs(port.move.costUSD))}.
To the H20 the same layout ${
    mem(portH20)
      ? `does not fit (${num(mem(portH20).number)} GiB needed, 96 GiB there)`
      : `fits (${num(portH20.sameOnTarget.memoryGiB)} of 96 GiB)`
  } and runs ${slow(portH20) ? `${num(slow(portH20).number, 2)}x slower` : "at about the same speed"}; the H20's own plan takes ${num(portH20.bestOnTarget.days)} days:

${shown(portH20Args)}

## 3. Serving: H20 against 910C

DeepSeek-V3 at 50 requests per second (2,000 tokens in, 1,000 out) within 50 ms per output token.
The serving planner picks the number format, the layout and co-located or split prefill/decode
pools on each device, and emits the engine settings of its best fleet.

${shown(serveH20Args)}

${shown(serve910Args)}

The H20 fleet needs ${int(best(serveH20).devices)} devices at ${usd(best(serveH20).costPerMillionTokensUSD)} per million
output tokens; the 910C fleet ${int(best(serve910).devices)} devices at ${usd(best(serve910).costPerMillionTokensUSD)}.
The MindIE settings are only offered for Ascend: asked for an NVIDIA device, the tool names the
engines that run there instead.

## 4. Engine settings for the training plans

The plan's whole layout goes to the engine, model shape and MTP included; what an engine cannot
express is said. The H800 plan uses DualPipe, which Megatron-LM has no flag for (cannot express:
${mega.emitted.unexpressed.length ? mega.emitted.unexpressed.join(", ") : "nothing"}); MindSpeed-LLM runs DualPipeV:

${shown(mgArgs)}

${shown(msArgs)}

## What the numbers rest on

- Performance: the engine's step-time model with its calibration per device family
  (\`catalog/calibration.yaml\`), validated on the published cases (\`xpuplan validate validation/cases\`).
- Prices and power: \`catalog/prices.yaml\` (every figure with source, date and confidence) and the
  derived board powers of the 910C (800 W, 600 to 800), noted in \`catalog/devices/\`.
- Failures: \`catalog/reliability.yaml\`; the Ascend figures are vendor claims with their range.
`;
  if (check) {
    const old = readFileSync(OUT, "utf8");
    if (old !== text) {
      console.error("docs/study-deepseek-v3-ascend-vs-nvidia.md is stale: run npm run study");
      process.exit(1);
    }
    return;
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}

main();
