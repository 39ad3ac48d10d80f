import { describe, expect, it } from "vitest";
import * as exported from "./index.ts";

describe("src/porting public surface", () => {
  it("grows only on purpose", () => {
    expect(Object.keys(exported).sort()).toMatchInlineSnapshot(`
      [
        "HARD_ALIGN",
        "TILE",
        "WASTE_THRESHOLD",
        "expertFindings",
        "fabricFindings",
        "fp8Findings",
        "portScenario",
        "portServing",
        "portTraining",
        "portingAdvice",
        "scenarioAdvice",
        "tileFindings",
      ]
    `);
  });
});
