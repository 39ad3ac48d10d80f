import { describe, expect, it } from "vitest";
import { readField } from "./scenario-form.ts";
import { withCalibration, withHfConfig } from "./uploads.ts";

const S = "model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\n";

describe("uploads into the scenario", () => {
  it("writes a config.json as model.hfConfig", () => {
    const r = withHfConfig(S, '{"model_type": "llama", "hidden_size": 4096}');
    expect(readField(r.text as string, ["model", "hfConfig", "hidden_size"])).toBe(4096);
    expect(readField(r.text as string, ["hardware"])).toBe("nvidia-h100-sxm");
  });

  it("says what is wrong with a config.json that is not a JSON object", () => {
    expect(withHfConfig(S, "{nope", "c.json").error).toMatch(/^c\.json is not JSON/);
    expect(withHfConfig(S, "[1]").error).toMatch(/not a JSON object/);
  });

  it("writes a YAML or JSON overlay as calibration", () => {
    const y = withCalibration(S, "families:\n  - family: nvidia-hopper\n    attention: 0.5\n");
    expect(readField(y.text as string, ["calibration", "families", 0, "attention"])).toBe(0.5);
    const j = withCalibration(S, '{"families": [{"family": "nvidia-hopper", "attention": 0.4}]}');
    expect(readField(j.text as string, ["calibration", "families", 0, "attention"])).toBe(0.4);
    expect(withCalibration(S, "- 1\n").error).toMatch(/not a mapping/);
  });
});
