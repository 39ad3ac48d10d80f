import { describe, expect, it } from "vitest";
import * as exported from "./index.ts";

describe("src/export public surface", () => {
  it("grows only on purpose", () => {
    expect(Object.keys(exported).sort()).toMatchInlineSnapshot(`
      [
        "ENGINES",
        "SERVE_ENGINES",
        "TRAIN_ENGINES",
        "attentionGroups",
        "commandLine",
        "emit",
        "evenSplit",
        "instanceDevices",
        "megatronLayout",
        "parseMegatronLayout",
        "serveEmitPlan",
        "serveEmitPlanFromSpec",
        "stageLayers",
        "trainEmitPlan",
      ]
    `);
  });
});
