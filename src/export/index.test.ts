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
        "defaultEngine",
        "deviceFamily",
        "emit",
        "emitFor",
        "engineName",
        "engineSupport",
        "evenSplit",
        "instanceDevices",
        "megatronLayout",
        "modelFlags",
        "parseMegatronLayout",
        "parseServeCommands",
        "parseTrainArgs",
        "readArgs",
        "serveEmitPlan",
        "serveEmitPlanFromSpec",
        "serveLayoutOf",
        "stageLayers",
        "trainEmitPlan",
        "trainLayoutOf",
      ]
    `);
  });
});
