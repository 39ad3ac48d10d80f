import { describe, expect, it } from "vitest";
import * as exported from "./index.ts";

describe("src/lifecycle public surface", () => {
  it("grows only on purpose", () => {
    expect(Object.keys(exported).sort()).toMatchInlineSnapshot(`
      [
        "HOURS_PER_MONTH",
        "LIFECYCLE_SERVE_FORMATS",
        "LIFECYCLE_TRAIN_PRECISIONS",
        "evaluateLifecycle",
        "lifecyclePhaseSchema",
        "lifecycleSchema",
        "posttrainPhase",
        "posttrainPhaseSchema",
        "servePhase",
        "servePhaseSchema",
        "trainPhaseSchema",
      ]
    `);
  });
});
