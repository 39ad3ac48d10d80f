import { describe, expect, it } from "vitest";
import { countedMetrics, metricClass } from "./metric-classes.ts";
import { sourceKey } from "./source-key.ts";

describe("source key", () => {
  it("groups the tables of one paper and keeps different documents apart", () => {
    const a = sourceKey(
      "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters",
    );
    const b = sourceKey("Narayanan et al. 2021 Table 2 (PTD Parallelism rows)");
    expect(a).toBe(b);
    expect(sourceKey("The Llama 3 Herd of Models (arXiv 2407.21783), Table 4")).toBe(
      sourceKey("The Llama 3 Herd of Models, Sec 3.3.4 and Table 5"),
    );
    expect(sourceKey("'TensorRT-LLM docs: Performance Overview'")).not.toBe(
      sourceKey("'TensorRT-LLM blog: How to get best performance on DeepSeek-R1'"),
    );
    expect(sourceKey("MLPerf Training v4.0 results (closed division)")).not.toBe(
      sourceKey("MLPerf Training v3.0 results (closed division)"),
    );
  });
});

describe("metric classes", () => {
  it("counts one of tokens/s and MFU of the same case, and keeps TTFT apart from throughput", () => {
    const c = countedMetrics(["mfu", "tokensPerSecondPerDevice", "memoryPerDeviceGiB"]);
    expect(c.get("tokensPerSecondPerDevice")).toBe(true);
    expect(c.get("mfu")).toBe(false);
    expect(c.get("memoryPerDeviceGiB")).toBe(true);
    const s = countedMetrics(["decodeTokensPerSecondPerDevice", "outputTokensPerSecond", "ttftSeconds"]);
    expect(s.get("outputTokensPerSecond")).toBe(true);
    expect(s.get("decodeTokensPerSecondPerDevice")).toBe(false);
    expect(s.get("ttftSeconds")).toBe(true);
    expect(metricClass("ttftSeconds")).toBe("ttftSeconds");
  });

  it("counts a lone MFU (the case's only throughput figure)", () => {
    expect(countedMetrics(["mfu"]).get("mfu")).toBe(true);
  });
});
