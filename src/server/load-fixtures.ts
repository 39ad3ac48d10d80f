// The requests of the load test (load.test.ts) and the load bench (scripts/bench-server.ts): the
// same traffic, so the bench measures what the test checks.
export const LOAD_CONCURRENT = 200;

const HARDWARE = [
  "nvidia-h100-sxm",
  "nvidia-h800-sxm",
  "nvidia-h200-sxm",
  "nvidia-b200",
  "huawei-ascend-910b2",
  "huawei-ascend-910c",
];

export function evalBody(i: number): string {
  return JSON.stringify({
    model: i % 2 === 0 ? "llama3.1-70b" : "qwen3-32b",
    hardware: HARDWARE[i % HARDWARE.length],
    devices: 64,
    train: { seqLen: 4096, globalBatch: 256 + 64 * (i % 8) },
    parallel: { tp: 8, pp: 2, microBatch: 1 },
  });
}

export const PLAN_BODY = JSON.stringify({
  scenario: {
    model: "deepseek-v3",
    hardware: "nvidia-h800-sxm",
    devices: 2048,
    train: { seqLen: 4096, globalBatch: 15360 },
  },
  options: { top: 3, deviceCounts: [1024] },
});
