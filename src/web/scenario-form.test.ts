import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO, FIELDS, inputValue, readField, writeField } from "./scenario-form.ts";

describe("scenario form", () => {
  it("reads and writes keys, keeping comments", () => {
    const t = writeField(DEFAULT_SCENARIO, ["hardware"], "nvidia-b200") as string;
    expect(t).toContain("# Edit here");
    expect(readField(t, ["hardware"])).toBe("nvidia-b200");
    expect(readField(t, ["train", "seqLen"])).toBe(4096);
  });
  it("creates a block on demand and drops it when emptied", () => {
    const t = writeField("devices: 8\n", ["infer", "inputTokens"], 100) as string;
    expect(readField(t, ["infer", "inputTokens"])).toBe(100);
    expect(writeField(t, ["infer", "inputTokens"], undefined)).toBe("devices: 8\n");
  });
  it("drops every block a removal leaves empty", () => {
    const t = writeField("devices: 8\n", ["infer", "pools", "prefill", "devices"], 2) as string;
    expect(readField(t, ["infer", "pools", "prefill", "devices"])).toBe(2);
    expect(writeField(t, ["infer", "pools", "prefill", "devices"], undefined)).toBe("devices: 8\n");
  });
  it("offers the formats and engines the scenario schema accepts", () => {
    const all = FIELDS.flatMap((g) => g.fields);
    expect(all.find((f) => f.path.join(".") === "infer.kvCache")?.options).toContain("int4");
    expect(all.find((f) => f.path.join(".") === "stack.engine")?.options).toContain("mindspeed-llm");
  });
  it("refuses to edit text that does not parse", () => {
    expect(writeField("a: [", ["devices"], 1)).toBeUndefined();
    expect(writeField("- 1\n", ["devices"], 1)).toBeUndefined();
    expect(readField("a: [", ["a"])).toBeUndefined();
  });
  it("turns inputs into YAML values", () => {
    const zero = FIELDS[2].fields.find((f) => f.path[1] === "zero")!;
    expect(inputValue(zero, "1")).toBe(1);
    expect(inputValue(FIELDS[0].fields[2], " 16 ")).toBe(16);
    expect(inputValue(FIELDS[0].fields[2], "")).toBeUndefined();
    expect(inputValue(FIELDS[0].fields[1], "nvidia-h20")).toBe("nvidia-h20");
  });
});
