import { describe, expect, it } from "vitest";
import * as report from "./index.ts";

describe("src/report/index.ts", () => {
  it("exports exactly the report's public surface", () => {
    expect(Object.keys(report).sort()).toEqual([
      "REPORT_CONTENT_TYPES",
      "REPORT_FORMATS",
      "findFix",
      "isReportFormat",
      "renderReport",
      "reportContext",
    ]);
  });
});
